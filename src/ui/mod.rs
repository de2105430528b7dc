//! What every page shares: the request context, the layout, form components, error pages.
pub mod assets;
pub mod components;
pub mod ctx;
pub mod error_pages;
pub mod html_form;
pub mod layout;
pub mod nav;

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

/// Only a path on this site may be redirected to after sign-in or a language change: it starts
/// with a single `/` and has no backslash, no `//` and no control or space characters
/// anywhere (browsers drop tabs and newlines, so `/\t/evil.example` would become
/// `//evil.example`, a link to another site). Anything else goes to the start page.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.contains("//")
                && !n.contains('\\')
                && !n.chars().any(|c| c.is_control() || c.is_whitespace()) =>
        {
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
        assert_eq!(super::safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\r\nSet-Cookie: x=1")), "/");
        assert_eq!(super::safe_next(Some("/ /evil.example")), "/");
        assert_eq!(super::safe_next(Some("/a//evil.example")), "/");
        assert_eq!(super::safe_next(Some("/faq\\..\\x")), "/");
        assert_eq!(super::safe_next(Some("/\u{0}x")), "/");
        assert_eq!(
            super::safe_next(Some("/checkins?day=2026-11-24")),
            "/checkins?day=2026-11-24"
        );
    }
}
