//! A form body as browsers send it: repeated names (`roles=a&roles=b`) become lists and an
//! empty value for an optional field means "none". `web::Form` handles neither.
//!
//! A form never fails with a bare "could not be read": when a value does not fit its field
//! (`1.5` for a whole number, a number too large, `maybe` for a tick box), the fields at fault
//! are found and the request is answered 422 with everything the person typed kept in a form
//! they can correct and send again (see `ui::error_pages`), each field at fault named. No page
//! can lose a long answer to one mistyped number.
use crate::error::{AppError, FieldErrors};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

const LIMIT: usize = 1024 * 1024;

pub struct HtmlForm<T>(pub T);

impl<T> HtmlForm<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

/// The fields whose values `T` cannot take, found by leaving each field out in turn: a field
/// whose absence lets the rest be read (or moves the failure elsewhere) is at fault.
fn unreadable_fields<T: DeserializeOwned>(pairs: &[(String, String)]) -> Option<Vec<String>> {
    let parses = |pairs: &[(String, String)]| {
        serde_html_form::to_string(pairs).ok().and_then(|s| {
            serde_html_form::from_str::<T>(&s)
                .err()
                .map(|e| e.to_string())
        })
    };
    let mut remaining: Vec<(String, String)> = pairs.to_vec();
    let mut at_fault = vec![];
    let mut error = parses(&remaining)?;
    // Bounded: at most one pass per distinct field name.
    let mut names: Vec<String> = remaining.iter().map(|(k, _)| k.clone()).collect();
    names.dedup();
    for _ in 0..names.len() {
        let culprit = names.iter().find(|name| {
            let without: Vec<(String, String)> = remaining
                .iter()
                .filter(|(k, _)| k != *name)
                .cloned()
                .collect();
            match parses(&without) {
                None => true,
                Some(other) => other != error,
            }
        })?;
        let culprit = culprit.clone();
        remaining.retain(|(k, _)| *k != culprit);
        names.retain(|n| *n != culprit);
        at_fault.push(culprit);
        match parses(&remaining) {
            None => return Some(at_fault),
            Some(next) => error = next,
        }
    }
    None
}

impl<T: DeserializeOwned + 'static> FromRequest for HtmlForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            let body = bytes
                .await
                .map_err(|e| AppError::BadRequest(format!("could not read the form: {e}")))?;
            if body.len() > LIMIT {
                return Err(AppError::BadRequest("the form is too large".into()));
            }
            match serde_html_form::from_bytes::<T>(&body) {
                Ok(v) => Ok(HtmlForm(v)),
                Err(e) => {
                    let Ok(pairs) = serde_html_form::from_bytes::<Vec<(String, String)>>(&body)
                    else {
                        return Err(AppError::BadRequest(format!(
                            "the form could not be read: {e}"
                        )));
                    };
                    let mut errors = FieldErrors::default();
                    for field in unreadable_fields::<T>(&pairs).unwrap_or_default() {
                        let typed = pairs
                            .iter()
                            .find(|(k, _)| *k == field)
                            .map(|(_, v)| v.as_str())
                            .unwrap_or("");
                        errors.add_with(
                            &field,
                            "unreadable",
                            "This value cannot be used here; a whole number, a date or one of the choices is expected.",
                            &[("value", typed)],
                        );
                    }
                    if errors.is_empty() {
                        errors.add("form", "unreadable", "Part of the form could not be read.");
                    }
                    Err(AppError::FormUnreadable {
                        errors,
                        values: pairs,
                    })
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Sample {
        title: String,
        position: Option<i32>,
        #[serde(default)]
        done: bool,
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_field_at_fault_is_found() {
        let p = pairs(&[
            ("title", "A long answer"),
            ("position", "1.5"),
            ("done", "maybe"),
        ]);
        let mut found = unreadable_fields::<Sample>(&p).unwrap();
        found.sort();
        assert_eq!(found, ["done", "position"]);
        let p = pairs(&[("title", "x"), ("position", "99999999999")]);
        assert_eq!(unreadable_fields::<Sample>(&p).unwrap(), ["position"]);
        assert!(unreadable_fields::<Sample>(&pairs(&[("title", "x")])).is_none());
    }
}
