//! The OpenAPI document. Paths are collected from the `/api/v1` scope by utoipa-actix-web,
//! so a route registered there is in the document by construction.
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Beredskap API", description = "Business continuity and crisis management. Errors are application/problem+json (RFC 9457) naming each invalid field."),
    modifiers(&BearerAuth),
    components(schemas(crate::error::Problem, crate::error::FieldError))
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}
