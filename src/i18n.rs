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

    /// The text for a key when the catalogue has one (in this language or, failing that,
    /// English); `None` when neither has it.
    pub fn lookup(self, key: &str) -> Option<String> {
        let text = self.t(key);
        (text != key && !text.ends_with(&format!(".{key}"))).then_some(text)
    }

    /// Looks a key up and fills `%{name}` placeholders.
    pub fn tf(self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.t(key);
        for (name, value) in args {
            text = text.replace(&format!("%{{{name}}}"), value);
        }
        text
    }

    /// The CLDR plural category of a count: English and Swedish both have `one` (exactly 1)
    /// and `other` for whole numbers.
    pub fn plural(self, n: i64) -> &'static str {
        match (self, n) {
            (Lang::En | Lang::Sv, 1) => "one",
            _ => "other",
        }
    }

    /// A counted phrase: `key.one` or `key.other` from the catalogue, with `%{n}` the count in
    /// the reader's digits and the other placeholders filled ("1 answer", "3 answers").
    pub fn tn(self, key: &str, n: i64, args: &[(&str, &str)]) -> String {
        let count = self.integer(n);
        let mut all = vec![("n", count.as_str())];
        all.extend_from_slice(args);
        self.tf(&format!("{key}.{}", self.plural(n)), &all)
    }

    /// A whole number with the reader's digit grouping ("12,500"; "12 500" in Swedish).
    pub fn integer(self, n: i64) -> String {
        let digits = n.unsigned_abs().to_string();
        let sep = match self {
            Lang::En => ",",
            Lang::Sv => "\u{a0}",
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push_str(sep);
            }
            out.push(c);
        }
        if n < 0 {
            format!("\u{2212}{out}")
        } else {
            out
        }
    }

    /// A number with `places` decimals and the reader's decimal mark ("3.1"; "3,1" in Swedish).
    pub fn decimal(self, v: f64, places: usize) -> String {
        let text = format!("{v:.places$}");
        match self {
            Lang::En => text,
            Lang::Sv => text.replace('.', ",").replace('-', "\u{2212}"),
        }
    }

    /// A date and time as the language writes it, with month names from CLDR (chrono's
    /// locales): "7 Dec 2026, 09:50" in English, "7 dec 2026 09:50" in Swedish.
    pub fn date_time<Tz: chrono::TimeZone>(self, at: chrono::DateTime<Tz>) -> String
    where
        Tz::Offset: std::fmt::Display,
    {
        match self {
            Lang::En => at
                .format_localized("%-d %b %Y, %H:%M", chrono::Locale::en_GB)
                .to_string(),
            Lang::Sv => at
                .format_localized("%-d %b %Y %H:%M", chrono::Locale::sv_SE)
                .to_string(),
        }
    }

    /// A share in per cent with one decimal, as both languages write it ("22.5 %", "22,5 %").
    pub fn percent(self, v: f64) -> String {
        format!("{}\u{a0}%", self.decimal(v, 1))
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

#[cfg(test)]
mod number_tests {
    use super::Lang;

    #[test]
    fn numbers_are_written_as_each_language_writes_them() {
        assert_eq!(Lang::En.decimal(3.14, 1), "3.1");
        assert_eq!(Lang::Sv.decimal(3.14, 1), "3,1");
        assert_eq!(Lang::Sv.percent(22.5), "22,5\u{a0}%");
        assert_eq!(Lang::En.integer(12500), "12,500");
        assert_eq!(Lang::Sv.integer(12500), "12\u{a0}500");
        assert_eq!(Lang::En.integer(999), "999");
    }

    #[test]
    fn dates_are_written_as_each_language_writes_them() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 7)
            .unwrap()
            .and_hms_opt(9, 50, 0)
            .unwrap()
            .and_utc();
        assert_eq!(Lang::En.date_time(at), "7 Dec 2026, 09:50");
        assert_eq!(Lang::Sv.date_time(at), "7 dec 2026 09:50");
    }

    #[test]
    fn counted_phrases_take_the_plural_form_of_the_count() {
        assert_eq!(Lang::En.plural(1), "one");
        assert_eq!(Lang::En.plural(0), "other");
        assert_eq!(Lang::Sv.plural(3), "other");
        assert_eq!(Lang::En.tn("dashboard.answers", 1, &[]), "1 answer");
        assert_eq!(Lang::En.tn("dashboard.answers", 3, &[]), "3 answers");
        assert_eq!(Lang::Sv.tn("dashboard.answers", 1, &[]), "1 svar");
        assert_eq!(Lang::Sv.tn("dashboard.answers", 3, &[]), "3 svar");
    }
}
