//! The roll-call pages: `/rollcalls` (start one, the latest), `/rollcalls/{id}` (the live
//! board), its refreshing part and its event stream.
use super::forms::StartInput;
use super::status::{self, RollcallOut};
use super::views::{self, BoardPage, SmsPreview, StartForm, StartView};
use crate::auth::roles::AnyMember;
use crate::auth::{Authorized, CurrentUser, Role};
use crate::entities::{publication, team};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::ui::{page, see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The teams `user` may start a roll-call for, and whether they may ask everyone.
async fn startable(state: &AppState, user: &CurrentUser) -> AppResult<(Vec<team::Model>, bool)> {
    if user.roles.has(Role::CrisisLead) {
        return Ok((
            crate::orgs::repo::list_teams(&state.db, user.org_id()).await?,
            true,
        ));
    }
    Ok((
        crate::orgs::team_leads::teams_led_by(&state.db, user.org_id(), user.user_id()).await?,
        false,
    ))
}

fn parse_minutes(value: &str, field: &str, errors: &mut FieldErrors) -> Option<i32> {
    let v = value.trim();
    if v.is_empty() {
        return None;
    }
    match v.parse::<i32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.add(field, "whole", "Write a whole number.");
            None
        }
    }
}

impl StartForm {
    fn input(&self) -> (StartInput, FieldErrors) {
        let mut errors = FieldErrors::default();
        let team_id = match self.team_id.trim() {
            "" => None,
            t => match t.parse::<i32>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(
                        "team_id",
                        "unknown_team",
                        "Choose a team of the organisation.",
                    );
                    None
                }
            },
        };
        let input = StartInput {
            team_id,
            message: self.message.clone(),
            deadline_minutes: parse_minutes(
                &self.deadline_minutes,
                "deadline_minutes",
                &mut errors,
            ),
            remind_after_minutes: parse_minutes(
                &self.remind_after_minutes,
                "remind_after_minutes",
                &mut errors,
            ),
        };
        (input, errors)
    }
}

async fn list_page(
    state: &AppState,
    user: &CurrentUser,
    ctx: &PageCtx,
    form: &StartForm,
    errors: &FieldErrors,
    preview: Option<SmsPreview>,
) -> AppResult<Markup> {
    if !status::may_use(&state.db, user).await? {
        return Err(AppError::Forbidden);
    }
    let (teams, everyone) = startable(state, user).await?;
    let all_teams = crate::orgs::repo::list_teams(&state.db, user.org_id()).await?;
    let mut latest: Vec<RollcallOut> = vec![];
    for rc in status::latest(&state.db, user.org_id(), 20).await? {
        if let Ok((rc, sight)) = status::visible(&state.db, user, rc.id).await {
            latest.push(status::summarise(&state.db, &rc, &sight, Some(0)).await?);
        }
    }
    let title = ctx.t("rollcall.title");
    let sms_replies = (state.sms.is_some()
        && state.settings.sms_replies
        && user.roles.any(&[Role::CrisisLead, Role::Admin]))
    .then(|| super::sms_inbound::inbound_url(state));
    Ok(page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            p.lead { (ctx.t("rollcall.intro")) }
            @if everyone || !teams.is_empty() {
                (views::start_form(ctx, &StartView {
                    form,
                    errors,
                    teams: &teams,
                    everyone,
                    preview,
                    mail_ready: state.mailer.is_some(),
                    sms_ready: state.sms.is_some(),
                }))
            }
            h2 { (ctx.t("rollcall.latest")) }
            (views::list(ctx, &latest, &all_teams))
            @if let Some(url) = sms_replies {
                p.hint { (ctx.t("rollcall.sms_replies_url")) " " code { (url) } }
            }
        },
    ))
}

#[get("/rollcalls")]
pub async fn index(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<Markup> {
    let form = StartForm {
        deadline_minutes: super::forms::DEADLINE_DEFAULT.to_string(),
        ..Default::default()
    };
    list_page(&state, &user, &ctx, &form, &FieldErrors::default(), None).await
}

fn preview(state: &AppState, ctx: &PageCtx, user: &CurrentUser, message: &str) -> SmsPreview {
    let url = format!(
        "{}/r/{}",
        state.settings.public_url(),
        super::token::make(state.keys.secret(), 99_999, user.user_id())
    );
    let lang = Lang::parse(&user.org.default_language).unwrap_or(ctx.lang);
    let text =
        super::messages::question_sms(state, lang, &user.org.name, message.trim(), &url, false);
    let size = crate::delivery::sms_text::size(&text);
    SmsPreview {
        unicode: size.encoding == crate::delivery::sms_text::Encoding::Ucs2,
        segments: size.segments,
        text,
    }
}

#[post("/rollcalls")]
pub async fn start(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<StartForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let (input, mut errors) = form.input();
    let show = |errors: FieldErrors, preview: Option<SmsPreview>, code: StatusCode| {
        let (state, user, ctx, form) = (&state, &user, &ctx, &form);
        async move {
            let body = list_page(state, user, ctx, form, &errors, preview).await?;
            Ok::<_, AppError>(
                HttpResponse::build(code)
                    .content_type("text/html; charset=utf-8")
                    .body(body.into_string()),
            )
        }
    };
    if form.preview.is_some() {
        let p = preview(&state, &ctx, &user, &form.message);
        return show(errors, Some(p), StatusCode::OK).await;
    }
    if !errors.is_empty() {
        errors.0.extend(input.check().0);
        return show(errors, None, StatusCode::UNPROCESSABLE_ENTITY).await;
    }
    match super::service::start(&state, &user, &input).await {
        Ok(rc) => Ok(see_other(&format!("/rollcalls/{}", rc.id))),
        Err(AppError::Validation(e)) => show(e, None, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(e) => Err(e),
    }
}

#[get("/rollcalls/{id}")]
pub async fn board_page(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<Markup> {
    let (rc, sight) = status::visible(&state.db, &user, *id).await?;
    let r = status::summarise(&state.db, &rc, &sight, Some(200)).await?;
    let deliveries = if user
        .roles
        .any(&[Role::CrisisLead, Role::CrisisMember, Role::Admin])
    {
        publication::Entity::find()
            .filter(publication::Column::OrganisationId.eq(user.org_id()))
            .filter(publication::Column::RollcallId.eq(rc.id))
            .order_by_asc(publication::Column::Id)
            .all(&state.db)
            .await?
    } else {
        vec![]
    };
    let team_name = match rc.team_id {
        None => ctx.t("rollcall.everyone"),
        Some(t) => crate::orgs::repo::team(&state.db, user.org_id(), t)
            .await
            .map(|t| t.name)
            .unwrap_or_default(),
    };
    let title = ctx.t("rollcall.title");
    Ok(page(
        &ctx,
        &title,
        views::board_page(
            &ctx,
            &BoardPage {
                r: &r,
                team_name,
                closed: rc.closed_at.is_some(),
                may_close: user.roles.has(Role::CrisisLead)
                    || rc.started_by_user_id == Some(user.user_id()),
                deliveries: &deliveries,
            },
        ),
    ))
}

#[get("/rollcalls/{id}/live")]
pub async fn board_live(
    user: Authorized<AnyMember>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<Markup> {
    let (rc, sight) = status::visible(&state.db, &user, *id).await?;
    let r = status::summarise(&state.db, &rc, &sight, Some(200)).await?;
    Ok(views::board(&ctx, &r))
}

/// An event each time the roll-call's answers move, on any instance.
#[get("/rollcalls/{id}/events")]
pub async fn board_events(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let (rc, _) = status::visible(&state.db, &user, *id).await?;
    let slot = crate::faq::public::stream_slot(&state, &req)?;
    let rx = state.delivery.live.subscribe();
    let (org_id, rc_id) = (rc.organisation_id, rc.id);
    Ok(crate::faq::public::event_stream(
        rx,
        crate::faq::public::CatchUp(Some(vec![])),
        slot,
        move |ev| {
            ev.organisation_id == org_id && ev.kind == "rollcall" && ev.rollcall_id == Some(rc_id)
        },
    ))
}

#[post("/rollcalls/{id}/close")]
pub async fn close(
    user: Authorized<AnyMember>,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> AppResult<HttpResponse> {
    super::api::close_rollcall(&state, &user, *id).await?;
    Ok(see_other(&format!("/rollcalls/{id}")))
}
