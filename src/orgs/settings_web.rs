//! The organisation's own settings page.
use super::forms::OrganisationSettings;
use super::{repo, views};
use crate::auth::roles::Admins;
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::state::AppState;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

#[get("/admin/organisation")]
pub async fn show(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> maud::Markup {
    let org = &user.org;
    let form = OrganisationSettings {
        name: org.name.clone(),
        time_zone: org.time_zone.clone(),
        default_language: org.default_language.clone(),
        embed_origins: Some(org.embed_origins.replace(' ', "\n")),
    };
    views::settings_page(
        &ctx,
        &org.slug,
        &state.settings.public_url(),
        &form,
        &FieldErrors::default(),
    )
}

#[post("/admin/organisation")]
pub async fn save(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<OrganisationSettings>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match repo::update_organisation(&state, &user, &form).await {
        Ok(_) => Ok(see_other("/admin/organisation")),
        Err(AppError::Validation(errors)) => {
            Ok(HttpResponse::build(StatusCode::UNPROCESSABLE_ENTITY)
                .content_type("text/html; charset=utf-8")
                .body(
                    views::settings_page(
                        &ctx,
                        &user.org.slug,
                        &state.settings.public_url(),
                        &form,
                        &errors,
                    )
                    .into_string(),
                ))
        }
        Err(e) => Err(e),
    }
}
