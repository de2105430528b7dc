//! The stylesheet and script, built into the binary so a release is one file.
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};

const APP_CSS: &str = include_str!("../../static/app.css");
const APP_JS: &str = include_str!("../../static/app.js");
const FAVICON: &str = include_str!("../../static/favicon.svg");

/// Bumped with every release so browsers fetch the new files.
pub const ASSET_VERSION: &str = env!("CARGO_PKG_VERSION");

#[get("/static/{file}")]
pub async fn static_file(file: web::Path<String>) -> HttpResponse {
    let (body, kind) = match file.as_str() {
        "app.css" => (APP_CSS, "text/css; charset=utf-8"),
        "app.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "favicon.svg" => (FAVICON, "image/svg+xml"),
        _ => return HttpResponse::NotFound().finish(),
    };
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, kind))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(body)
}

/// Browsers that ask for the old address before reading the page get the same shield.
#[get("/favicon.ico")]
pub async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/svg+xml"))
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(FAVICON)
}

/// The icon beside every page's title.
pub fn icon_link() -> maud::Markup {
    maud::html! { link rel="icon" type="image/svg+xml" href={ "/static/favicon.svg?v=" (ASSET_VERSION) }; }
}
