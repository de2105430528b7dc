//! The stylesheet and script, built into the binary so a release is one file.
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");

/// Bumped with every release so browsers fetch the new files.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

#[get("/static/{file}")]
pub async fn static_file(file: web::Path<String>) -> HttpResponse {
    let (body, kind) = match file.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        _ => return HttpResponse::NotFound().finish(),
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}
