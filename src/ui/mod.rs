//! What every page shares: the request context, the layout, form components, error pages.
pub mod assets;
pub mod components;
pub mod ctx;
pub mod error_pages;
pub mod html_form;
pub mod layout;

pub use ctx::PageCtx;
pub use html_form::HtmlForm;
pub use layout::page;

use actix_web::http::header;
use actix_web::HttpResponse;

/// `303 See Other`: the answer to a successful form post.
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_string()))
        .finish()
}

/// Only same-site paths may be redirected to after sign-in (no `//evil.example`).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(super::safe_next(Some("/admin/users")), "/admin/users");
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\\evil.example")), "/");
        assert_eq!(super::safe_next(None), "/");
    }
}
