//! Pages: the delivery board per publication, the list of publications, channels (admins).
use super::channels::{self, ChannelInput};
use super::{board, subscribers, views};
use crate::auth::roles::{Admins, Communicators, FaqDesk, Policy};
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::faq::public::PublicQuery;
use crate::state::AppState;
use crate::ui::components::html_status;
use crate::ui::{see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};

#[get("/faq/publications")]
pub async fn publications(
    user: Authorized<FaqDesk>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let list = board::latest_with_totals(&state.db, user.org_id(), 50).await?;
    Ok(html_status(
        StatusCode::OK,
        views::publications_page(&ctx, &list),
    ))
}

#[get("/faq/publications/{id}")]
pub async fn board_page(
    user: Authorized<FaqDesk>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    query: web::Query<PublicQuery>,
) -> AppResult<HttpResponse> {
    let p = crate::faq::repo::publication(&state.db, user.org_id(), *id).await?;
    let b = board::board(&state.db, &p).await?;
    if query.fragment == "1" {
        return Ok(html_status(StatusCode::OK, views::board_live(&ctx, &b)));
    }
    Ok(html_status(
        StatusCode::OK,
        views::board_page(&ctx, &b, user.roles.any(Communicators::ROLES)),
    ))
}

/// An event each time the publication's deliveries move, on any instance: the board fetches
/// its figures again.
#[get("/faq/publications/{id}/events")]
pub async fn board_events(
    user: Authorized<FaqDesk>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    let p = crate::faq::repo::publication(&state.db, user.org_id(), *id).await?;
    let slot = crate::faq::public::stream_slot(&state, &req)?;
    let rx = state.delivery.live.subscribe();
    let (org_id, publication_id) = (p.organisation_id, p.id);
    Ok(crate::faq::public::event_stream(
        rx,
        crate::faq::public::CatchUp(Some(vec![])),
        slot,
        move |ev| {
            ev.organisation_id == org_id
                && ev.kind == "delivery"
                && ev.publication_id == Some(publication_id)
        },
    ))
}

#[post("/faq/publications/{id}/resend")]
pub async fn resend(
    user: Authorized<Communicators>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let p = crate::faq::repo::publication(&state.db, user.org_id(), *id).await?;
    board::resend_failed(&state, &user, &p).await?;
    Ok(see_other(&format!("/faq/publications/{}", p.id)))
}

async fn show(
    state: &AppState,
    org_id: i32,
    ctx: &PageCtx,
    form: ChannelInput,
    errors: FieldErrors,
    new_secret: Option<(String, String)>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let list = channels::list(&state.db, org_id).await?;
    let subscribers = subscribers::counts(&state.db, org_id).await?;
    let page = views::channels_page(
        ctx,
        &views::ChannelsPage {
            channels: &list,
            form,
            errors,
            new_secret,
            subscribers,
        },
    );
    Ok(html_status(status, page))
}

fn blank() -> ChannelInput {
    ChannelInput {
        kind: "webhook".into(),
        audience: "public".into(),
        ..Default::default()
    }
}

#[get("/admin/channels")]
pub async fn channels_page(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    show(
        &state,
        user.org_id(),
        &ctx,
        blank(),
        FieldErrors::default(),
        None,
        StatusCode::OK,
    )
    .await
}

/// The secret is shown on the page that answers the creation, and never again.
#[post("/admin/channels")]
pub async fn create(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<ChannelInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    match channels::create(&state.db, &state.outbound, &user, form.clone()).await {
        Ok((c, secret)) => {
            let shown = secret.map(|s| (c.name.clone(), s));
            let mut res = show(
                &state,
                user.org_id(),
                &ctx,
                blank(),
                FieldErrors::default(),
                shown,
                StatusCode::CREATED,
            )
            .await?;
            res.headers_mut().insert(
                actix_web::http::header::CACHE_CONTROL,
                actix_web::http::header::HeaderValue::from_static("no-store"),
            );
            Ok(res)
        }
        Err(AppError::Validation(errors)) => {
            show(
                &state,
                user.org_id(),
                &ctx,
                form,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

fn remove_confirmation(
    ctx: &PageCtx,
    c: &crate::entities::delivery_channel::Model,
) -> HttpResponse {
    use crate::ui::components::{confirm_page, Confirmation};
    let page = confirm_page(
        ctx,
        &Confirmation {
            title: ctx.tf("channels.delete_confirm.title", &[("name", &c.name)]),
            consequences: vec![
                ctx.tf("channels.delete_confirm.nothing_more", &[("url", &c.url)]),
                ctx.t("channels.delete_confirm.waiting"),
                ctx.t("channels.delete_confirm.history"),
            ],
            action: format!("/admin/channels/{}/delete", c.id),
            hidden: vec![],
            button: ctx.t("forms.delete"),
            cancel_href: "/admin/channels",
        },
    );
    html_status(StatusCode::OK, page)
}

/// Deleting a channel asks first and says what will happen.
#[get("/admin/channels/{id}/delete")]
pub async fn remove_form(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    let c = channels::get(&state.db, user.org_id(), *id).await?;
    Ok(remove_confirmation(&ctx, &c))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct ConfirmForm {
    confirm: String,
}

#[post("/admin/channels/{id}/delete")]
pub async fn remove(
    user: Authorized<Admins>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    form: HtmlForm<ConfirmForm>,
) -> AppResult<HttpResponse> {
    if form.into_inner().confirm != "yes" {
        let c = channels::get(&state.db, user.org_id(), *id).await?;
        return Ok(remove_confirmation(&ctx, &c));
    }
    channels::remove(&state.db, &user, *id).await?;
    Ok(see_other("/admin/channels"))
}

#[post("/admin/channels/{id}/enable")]
pub async fn enable(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    channels::enable(&state.db, &user, *id).await?;
    Ok(see_other("/admin/channels"))
}
