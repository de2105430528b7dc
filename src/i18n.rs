//! English and Swedish. Catalogues live in `locales/*.toml`; `Lang::t` looks a key up.
//! Language per request: the signed-in user's choice, else the `lang` cookie, else the
//! browser's Accept-Language, else English.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Sv,
}

pub const ALL: [Lang; 2] = [Lang::En, Lang::Sv];
pub const LANG_COOKIE: &str = "beredskap_lang";

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Sv => "sv",
        }
    }

    /// The language's own name, as shown in a language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Sv => "Svenska",
        }
    }

    /// `sv`, `sv-SE`, `SV_fi` and `en-GB` all count; anything else is not ours.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "sv" => Some(Lang::Sv),
            _ => None,
        }
    }

    /// Picks the supported language the browser ranks highest (RFC 9110 §12.5.4).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, usize, Lang)> = header
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let lang = Lang::parse(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| {
                        p.trim()
                            .strip_prefix("q=")
                            .and_then(|q| q.parse::<f32>().ok())
                    })
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        ranked.first().map(|r| r.2)
    }

    pub fn t(self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.code()).into_owned()
    }

    /// Looks a key up and fills `%{name}` placeholders.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key);
        for (name, value) in args {
            text = text.replace(&format!("%{{{name}}}"), value);
        }
        text
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// A validation failure in the reader's language, from its code and parameters.
pub fn validation_message(lang: Lang, e: &validator::ValidationError) -> String {
    let key = format!("validation.{}", e.code);
    let mut text = lang.t(&key);
    if text == key {
        text = lang.t("validation.invalid");
    }
    for (name, value) in &e.params {
        let value = match value {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        text = text.replace(&format!("%{{{name}}}"), &value);
    }
    text
}

/// A field error in the reader's language, by its code; the English detail where the
/// catalogue has no sentence for the code.
pub fn field_error_message(lang: Lang, e: &crate::error::FieldError) -> String {
    let key = format!("validation.{}", e.code);
    let mut text = lang.t(&key);
    if text == key {
        return e.detail.clone();
    }
    for (name, value) in &e.params {
        text = text.replace(&format!("%{{{name}}}"), value);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_the_highest_quality_supported_language() {
        assert_eq!(
            Lang::from_accept_language("sv-SE,sv;q=0.9,en;q=0.8"),
            Some(Lang::Sv)
        );
        assert_eq!(
            Lang::from_accept_language("de-DE,en;q=0.5,sv;q=0.7"),
            Some(Lang::Sv)
        );
        assert_eq!(Lang::from_accept_language("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
        assert_eq!(Lang::from_accept_language("sv;q=0, en"), Some(Lang::En));
    }

    #[test]
    fn every_english_key_has_a_swedish_translation_and_back() {
        fn keys(prefix: &str, table: &toml::Table, out: &mut Vec<String>) {
            for (k, v) in table {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                match v {
                    toml::Value::Table(t) => keys(&key, t, out),
                    _ => out.push(key),
                }
            }
        }
        let load = |file: &str| {
            let text =
                std::fs::read_to_string(format!("{}/locales/{file}", env!("CARGO_MANIFEST_DIR")))
                    .expect("catalogue readable");
            let table: toml::Table = toml::from_str(&text).expect("catalogue is valid TOML");
            let mut out = vec![];
            keys("", &table, &mut out);
            out.sort();
            out
        };
        let en = load("en.toml");
        let sv = load("sv.toml");
        let missing_sv: Vec<_> = en.iter().filter(|k| !sv.contains(k)).collect();
        let missing_en: Vec<_> = sv.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_sv.is_empty(), "missing in sv.toml: {missing_sv:?}");
        assert!(missing_en.is_empty(), "missing in en.toml: {missing_en:?}");
    }
}
