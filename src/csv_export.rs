//! CSV files as spreadsheets open them: a UTF-8 byte-order mark (without it Excel reads UTF-8
//! as the local code page and "Åsa" turns into "Ã…sa"), the separator Excel expects in the
//! user's locale (`;` where the decimal mark is a comma, as in Swedish; `,` in English), and no
//! cell that a spreadsheet would run as a formula.
use crate::auth::CurrentUser;
use crate::error::{AppError, AppResult, FieldErrors};
use actix_web::HttpResponse;
use serde::Deserialize;

/// How the file is laid out; the language decides when the request does not say.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct CsvLayout {
    /// `comma` or `semicolon`; by default `semicolon` for Swedish, `comma` otherwise.
    pub delimiter: Option<String>,
}

impl CsvLayout {
    pub fn delimiter(&self, user: &CurrentUser) -> AppResult<u8> {
        match self.delimiter.as_deref().map(str::trim) {
            Some("comma") => Ok(b','),
            Some("semicolon") => Ok(b';'),
            None | Some("") => {
                let lang = user
                    .user
                    .language
                    .as_deref()
                    .unwrap_or(&user.org.default_language);
                Ok(if lang == "sv" { b';' } else { b',' })
            }
            Some(_) => Err(AppError::Validation(FieldErrors::single(
                "delimiter",
                "one_of",
                "Choose comma or semicolon.",
            ))),
        }
    }
}

/// A cell a spreadsheet would run as a formula is prefixed so it stays text (CSV injection,
/// OWASP): `=`, `+`, `-`, `@`, tab and carriage return at the start.
pub fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// Writes rows (a header first) to CSV bytes with a byte-order mark.
pub fn write(delimiter: u8, rows: impl IntoIterator<Item = Vec<String>>) -> AppResult<Vec<u8>> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let io = |e: csv::Error| AppError::Unexpected(anyhow::anyhow!("csv: {e}"));
    for row in rows {
        w.write_record(&row).map_err(io)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("csv: {e}")))
}

pub fn download(name: &str, body: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_stay_text() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(cell("+46 70"), "'+46 70");
        assert_eq!(cell("=1+1@example.test"), "'=1+1@example.test");
        assert_eq!(cell("Anna"), "Anna");
    }

    #[test]
    fn files_start_with_a_byte_order_mark_and_use_the_separator_asked_for() {
        let bytes = write(b';', [vec!["a".into(), "b;c".into()]]).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
        assert_eq!(&bytes[3..], b"a;\"b;c\"\n");
    }
}
