//! Browsers get HTML error pages, and a sign-in redirect instead of a bare 401. Handlers just
//! return `AppError`; this middleware renders it for pages, and leaves `/api` as problem+json.
use super::ctx::page_ctx;
use super::{layout::page, see_other};
use crate::error::AppError;
use actix_web::body::BoxBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};
use maud::html;

pub async fn middleware(
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    // Machines read these: they get the problem document, never a page or a redirect.
    if req.path().starts_with("/api/")
        || req.path() == "/metrics"
        || req.path().starts_with("/p/") && req.path().ends_with(".json")
    {
        return next.call(req).await;
    }
    let res = next.call(req).await?;
    let is_problem = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/problem+json"));
    if !res.status().is_client_error() && !res.status().is_server_error() || !is_problem {
        return Ok(res);
    }
    let status = res.status();
    let (slug, detail, fields) = match res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>())
    {
        Some(e) => (e.slug(), e.problem().detail, e.problem().errors),
        None => ("internal", String::new(), vec![]),
    };
    let req = res.request().clone();

    if status == StatusCode::UNAUTHORIZED {
        let target = if req.method() == Method::GET {
            let full = match req.query_string() {
                "" => req.path().to_string(),
                q => format!("{}?{}", req.path(), q),
            };
            format!(
                "/login?next={}",
                url::form_urlencoded::byte_serialize(full.as_bytes()).collect::<String>()
            )
        } else {
            "/login".to_string()
        };
        return Ok(res.into_response(see_other(&target)));
    }

    let ctx = match page_ctx(&req).await {
        Ok(ctx) => ctx,
        Err(_) => return Ok(res),
    };
    let title = ctx.t(&format!("errors.{slug}.title"));
    let explanation = match slug {
        // Our own wording where the detail is generic; the detail where it says something.
        "conflict" | "too-many-requests" => detail,
        _ => ctx.t(&format!("errors.{slug}.detail")),
    };
    let body = page(
        &ctx,
        &title,
        html! {
            section.error-page {
                h1 { (title) }
                p { (explanation) }
                @if !fields.is_empty() {
                    ul.field-errors { @for f in &fields { li { strong { (f.field) } ": " (crate::i18n::field_error_message(ctx.lang, f)) } } }
                    p { (ctx.t("errors.go_back")) }
                }
                p { a href="/" { (ctx.t("errors.back_home")) } }
            }
        },
    );
    let mut builder = HttpResponse::build(status);
    builder.insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"));
    if let Some(retry) = res.headers().get(header::RETRY_AFTER).cloned() {
        builder.insert_header((header::RETRY_AFTER, retry));
    }
    Ok(res.into_response(builder.body(body.into_string())))
}
