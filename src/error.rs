//! One error type for the whole app. The API renders it as `application/problem+json`
//! (RFC 9457); `ui::error_pages` turns the same errors into HTML pages for browsers.
use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::DbErr;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct FieldError {
    /// The input field, as named in the form or JSON body.
    pub field: String,
    /// A stable code: `required`, `length`, `email`, `range`, `time_zone`, `taken`, …
    pub code: String,
    /// A sentence in English; pages show the translated one.
    pub detail: String,
    /// Values the sentence names (`min`, `max`), for phrasing it in another language.
    #[serde(skip)]
    #[schema(ignore)]
    pub params: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, code: &str, detail: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            detail: detail.into(),
            params: vec![],
        });
    }
    /// An error whose sentence names values (`min`, `max`) that other languages must repeat.
    pub fn add_with(
        &mut self,
        field: &str,
        code: &str,
        detail: impl Into<String>,
        params: &[(&str, &str)],
    ) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            detail: detail.into(),
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        });
    }
    pub fn single(field: &str, code: &str, detail: impl Into<String>) -> Self {
        let mut e = Self::default();
        e.add(field, code, detail);
        e
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        FieldErrors::from_validation(errors, crate::i18n::Lang::En)
    }
}

impl FieldErrors {
    /// Validation failures phrased in the reader's language, sorted by field.
    pub fn from_validation(errors: validator::ValidationErrors, lang: crate::i18n::Lang) -> Self {
        let mut out = FieldErrors::default();
        let mut fields: Vec<_> = errors.field_errors().into_iter().collect();
        fields.sort_by(|a, b| a.0.cmp(&b.0));
        for (field, errs) in fields {
            for e in errs {
                let params = e
                    .params
                    .iter()
                    .filter(|(k, _)| *k != "value")
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            v.as_str()
                                .map(str::to_string)
                                .unwrap_or_else(|| v.to_string()),
                        )
                    })
                    .collect();
                out.0.push(FieldError {
                    field: field.to_string(),
                    code: e.code.to_string(),
                    detail: crate::i18n::validation_message(lang, e),
                    params,
                });
            }
        }
        out
    }
}

#[derive(thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("authentication required")]
    Unauthorized,
    #[error("the email or password is wrong")]
    InvalidCredentials,
    #[error("{0}")]
    BadRequest(String),
    #[error("you do not have access to this")]
    Forbidden,
    #[error("the form was expired or forged; reload the page and try again")]
    CsrfRejected,
    #[error("invalid input")]
    Validation(FieldErrors),
    /// A form whose values do not fit its fields; everything sent is kept to show again.
    #[error("some fields could not be read")]
    FormUnreadable {
        errors: FieldErrors,
        values: Vec<(String, String)>,
    },
    #[error("{0}")]
    Conflict(String),
    /// The address exists, with other methods (listed in `Allow`).
    #[error("this address answers {allow}")]
    MethodNotAllowed { allow: String },
    /// A link that worked once and no longer does (an accepted or expired invitation).
    #[error("this link has expired or was already used")]
    Gone,
    #[error("too many attempts; try again in {retry_after_secs} seconds")]
    TooManyRequests { retry_after_secs: u64 },
    /// Too much work of one kind at once (password checks); come back shortly.
    #[error("busy; try again in {retry_after_secs} seconds")]
    Busy { retry_after_secs: u64 },
    /// Something we depend on (the mail server) is not answering right now.
    #[error("temporarily unavailable: {0}")]
    Unavailable(String),
    #[error("database error")]
    Database(#[from] DbErr),
    #[error("unexpected error")]
    Unexpected(#[from] anyhow::Error),
}

impl From<validator::ValidationErrors> for AppError {
    fn from(e: validator::ValidationErrors) -> Self {
        AppError::Validation(e.into())
    }
}

/// Print the whole chain of causes, so a log line says what really went wrong.
impl fmt::Debug for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{self}")?;
        let mut source = std::error::Error::source(self);
        match self {
            AppError::Database(e) => writeln!(f, "Caused by:\n\t{e}")?,
            AppError::Unexpected(e) => writeln!(f, "Caused by:\n\t{e:?}")?,
            AppError::Validation(errs) | AppError::FormUnreadable { errors: errs, .. } => {
                writeln!(f, "Fields: {errs:?}")?
            }
            _ => {}
        }
        while let Some(cause) = source {
            writeln!(f, "Caused by:\n\t{cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl AppError {
    pub fn slug(&self) -> &'static str {
        match self {
            AppError::NotFound => "not-found",
            AppError::Unauthorized => "unauthorized",
            AppError::InvalidCredentials => "invalid-credentials",
            AppError::BadRequest(_) => "bad-request",
            AppError::Forbidden => "forbidden",
            AppError::CsrfRejected => "csrf",
            AppError::Validation(_) | AppError::FormUnreadable { .. } => "validation",
            AppError::Conflict(_) => "conflict",
            AppError::Gone => "gone",
            AppError::MethodNotAllowed { .. } => "method-not-allowed",
            AppError::TooManyRequests { .. } => "too-many-requests",
            AppError::Unavailable(_) => "unavailable",
            AppError::Busy { .. } => "busy",
            AppError::Database(_) | AppError::Unexpected(_) => "internal",
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let detail = match self {
            // Never leak internals to the client; the log has the chain.
            AppError::Database(_) | AppError::Unexpected(_) => {
                "Something went wrong on our side. It has been logged.".to_string()
            }
            AppError::Unavailable(_) => {
                "A service we depend on is not answering. Please try again in a few minutes."
                    .to_string()
            }
            AppError::Validation(errs) | AppError::FormUnreadable { errors: errs, .. } => {
                let mut fields: Vec<&str> = errs.0.iter().map(|e| e.field.as_str()).collect();
                fields.dedup();
                format!("Invalid input in: {}.", fields.join(", "))
            }
            other => other.to_string(),
        };
        Problem {
            kind: format!("/problems/{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_string(),
            status: status.as_u16(),
            detail,
            errors: match self {
                AppError::Validation(e) | AppError::FormUnreadable { errors: e, .. } => e.0.clone(),
                AppError::InvalidCredentials => {
                    FieldErrors::single(
                        "password",
                        "credentials",
                        "The email or password is wrong.",
                    )
                    .0
                }
                _ => vec![],
            },
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden | AppError::CsrfRejected => StatusCode::FORBIDDEN,
            AppError::Validation(_) | AppError::FormUnreadable { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Gone => StatusCode::GONE,
            AppError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) | AppError::Busy { .. } => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Database(_) | AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if self.status_code().is_server_error() && !matches!(self, AppError::Busy { .. }) {
            tracing::error!(error = ?self, "request failed");
        }
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let AppError::TooManyRequests { retry_after_secs }
        | AppError::Busy { retry_after_secs } = self
        {
            res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        if let AppError::MethodNotAllowed { allow } = self {
            res.insert_header((header::ALLOW, allow.clone()));
        }
        if matches!(self, AppError::Unauthorized | AppError::InvalidCredentials) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        res.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

pub type AppResult<T> = Result<T, AppError>;
