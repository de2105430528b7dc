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
    // Machines read these: they get the problem document, never a page or a redirect. The
    // embedded FAQ's script asks for JSON from the public pages.
    let public_json = req.path().starts_with("/p/")
        && (req.path().ends_with(".json")
            || req
                .headers()
                .get(header::ACCEPT)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|a| a.contains("application/json")));
    if req.path().starts_with("/api/") || req.path() == "/metrics" || public_json {
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
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (slug, detail, fields) = match app_error {
        Some(e) => (e.slug(), e.problem().detail, e.problem().errors),
        None => ("internal", String::new(), vec![]),
    };
    let kept = match app_error {
        Some(AppError::FormUnreadable { values, .. }) => Some(values.clone()),
        _ => None,
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
    if let Some(values) = kept {
        let errors = crate::error::FieldErrors(fields);
        let body = kept_form_page(&ctx, req.path(), &values, &errors);
        return Ok(res.into_response(
            HttpResponse::build(status)
                .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
                .body(body.into_string()),
        ));
    }
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
                    ul.field-errors { @for f in &fields { li { strong { (crate::ui::components::field_label(&ctx, f)) } ": " (crate::i18n::field_error_message(ctx.lang, f)) } } }
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

/// A form that could not be read, shown again with everything that was sent, so nothing typed
/// is lost: each value in a field of its own under its name, the ones at fault marked. The
/// hidden CSRF token is among the values, so sending it again works.
fn kept_form_page(
    ctx: &crate::ui::PageCtx,
    action: &str,
    values: &[(String, String)],
    errors: &crate::error::FieldErrors,
) -> maud::Markup {
    use crate::ui::components::{error_summary, field_label};
    let title = ctx.t("errors.unreadable.title");
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("errors.unreadable.detail")) }
            (error_summary(ctx, errors))
            form.card method="post" action=(action) novalidate {
                @for (i, (name, value)) in values.iter().enumerate() {
                    @if name == crate::auth::csrf::CSRF_FIELD {
                        input type="hidden" name=(name) value=(value);
                    } @else {
                        @let error = errors.for_field(name);
                        @let id = if error.is_some() { format!("field-{name}") } else { format!("kept-{i}") };
                        @let label = error.map(|e| field_label(ctx, e)).unwrap_or_else(|| crate::ui::components::name_label(ctx, name));
                        div.field.invalid[error.is_some()] id=(id) {
                            label for={ "kept-input-" (i) } { (label) }
                            @if let Some(e) = error { p.field-error { (crate::i18n::field_error_message(ctx.lang, e)) } }
                            @if value.len() > 80 || value.contains('\n') {
                                textarea id={ "kept-input-" (i) } name=(name) rows="6" { (value) }
                            } @else {
                                input id={ "kept-input-" (i) } type="text" name=(name) value=(value);
                            }
                        }
                    }
                }
                button.primary type="submit" { (ctx.t("errors.unreadable.send_again")) }
            }
        },
    )
}
