//! A form body as browsers send it: repeated names (`roles=a&roles=b`) become lists and an
//! empty value for an optional field means "none". `web::Form` handles neither.
use crate::error::AppError;
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
            serde_html_form::from_bytes::<T>(&body)
                .map(HtmlForm)
                .map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))
        })
    }
}
