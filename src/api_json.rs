//! The JSON body of an API request, read the way clients and JSON Schema mean it.
//!
//! - A number with no fraction is an integer whatever its spelling: JSON Schema counts `288.0`
//!   as an integer, and clients written in JavaScript or Python send it so.
//! - An object is an object: serde would also read a struct from an array of its fields in
//!   order (`[null, null]`), which no client means.
//! - A value of the wrong type is refused with 422 naming the field by its path
//!   (`levels[1].trigger_value`), like every other invalid field; a body that is not JSON at
//!   all is 400.
use crate::error::{AppError, FieldErrors};
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use serde_json::Value;

const LIMIT: usize = 1024 * 1024;

pub struct ApiJson<T>(pub T);

impl<T> ApiJson<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for ApiJson<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// `288.0` → `288`, everywhere in the document.
fn integers_as_integers(v: &mut Value) {
    match v {
        Value::Number(n) => {
            if let Some(f) = n.as_f64().filter(|_| n.is_f64()) {
                if f.fract() == 0.0 && f.abs() < 9.0e15 {
                    *v = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integers_as_integers),
        Value::Object(map) => map.values_mut().for_each(integers_as_integers),
        _ => {}
    }
}

pub fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let mut value: Value = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("The JSON body could not be read: {e}")))?;
    // A struct (anything that can be read from `{}`) must come as an object.
    if value.is_array() && serde_json::from_value::<T>(Value::Object(Default::default())).is_ok() {
        return Err(AppError::Validation(FieldErrors::single(
            "body",
            "type",
            "Send a JSON object.",
        )));
    }
    integers_as_integers(&mut value);
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "body".to_string()
        } else {
            path
        };
        let mut errors = FieldErrors::default();
        errors.add_with(
            &field,
            "type",
            format!("This value has the wrong type: {}", e.inner()),
            &[("reason", &e.inner().to_string())],
        );
        AppError::Validation(errors)
    })
}

impl<T: DeserializeOwned + 'static> FromRequest for ApiJson<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let json = req
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| {
                let ct = ct
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                ct == "application/json" || ct.ends_with("+json")
            });
        let bytes = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !json {
                return Err(AppError::BadRequest(
                    "Send the body as application/json.".into(),
                ));
            }
            let body = bytes
                .await
                .map_err(|e| AppError::BadRequest(format!("The body could not be read: {e}")))?;
            if body.len() > LIMIT {
                return Err(AppError::BadRequest("The body is too large.".into()));
            }
            read::<T>(&body).map(ApiJson)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(default)]
    struct Body {
        version: Option<i32>,
        levels: Vec<Level>,
    }
    #[derive(serde::Deserialize, Debug, Default)]
    #[serde(default)]
    struct Level {
        trigger_value: Option<f64>,
    }

    #[test]
    fn integers_written_with_a_fraction_of_zero_are_integers() {
        let b: Body = read(br#"{"version": 288.0, "levels": [{"trigger_value": 20}]}"#).unwrap();
        assert_eq!(b.version, Some(288));
        assert_eq!(b.levels[0].trigger_value, Some(20.0));
    }

    #[test]
    fn the_wrong_type_is_refused_naming_the_field() {
        match read::<Body>(br#"{"levels": [{}, {"trigger_value": "high"}]}"#) {
            Err(AppError::Validation(e)) => assert_eq!(e.0[0].field, "levels[1].trigger_value"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            read::<Body>(br#"{"version": 1.5}"#),
            Err(AppError::Validation(_))
        ));
        assert!(matches!(
            read::<Body>(b"[null, null]"),
            Err(AppError::Validation(_))
        ));
        assert!(matches!(
            read::<Body>(b"not json"),
            Err(AppError::BadRequest(_))
        ));
    }
}
