//! Editing the checklist in the browser: each save writes a new version.
use super::logic;
use super::service::{self, STANDARD_FAMILY};
use crate::audit::Actor;
use crate::auth::roles::CrisisGroup;
use crate::auth::Authorized;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::i18n::field_error_message;
use crate::state::AppState;
use crate::ui::components::{csrf_field, error_summary, html_status};
use crate::ui::{page, see_other, HtmlForm, PageCtx};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpResponse};
use maud::html;

/// The editor sends parallel lists, one entry per row; rows without a question are dropped.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct EditorForm {
    pub title: String,
    pub description: String,
    pub kind: Vec<String>,
    pub question: Vec<String>,
    pub help: Vec<String>,
    pub options: Vec<String>,
    pub blocks_on: Vec<String>,
}

impl EditorForm {
    fn into_input(self) -> service::TemplateInput {
        let get = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        service::TemplateInput {
            items: (0..self.question.len())
                .filter(|i| !self.question[*i].trim().is_empty())
                .map(|i| service::ItemInput {
                    kind: get(&self.kind, i),
                    question: get(&self.question, i),
                    help: get(&self.help, i),
                    options: get(&self.options, i),
                    blocks_on: get(&self.blocks_on, i),
                })
                .collect(),
            title: self.title,
            description: self.description,
        }
    }
}

fn editor_page(
    ctx: &PageCtx,
    input: &service::TemplateInput,
    version: i32,
    errors: &FieldErrors,
) -> maud::Markup {
    let title = ctx.t("readiness.edit");
    let blank = service::ItemInput {
        kind: "yes_no".into(),
        ..Default::default()
    };
    let rows: Vec<&service::ItemInput> = input.items.iter().chain([&blank, &blank]).collect();
    page(
        ctx,
        &title,
        html! {
            p { a href="/readiness" { "← " (ctx.t("readiness.title")) } }
            h1 { (title) }
            p.lead { (ctx.tf("readiness.edit_intro", &[("version", &version.to_string())])) }
            (error_summary(ctx, errors))
            form.card method="post" action="/readiness/checklist" novalidate {
                (csrf_field(ctx))
                (crate::ui::components::Input::new("title", ctx.t("plan.title"), &input.title).required().render(ctx, errors))
                (crate::ui::components::textarea(ctx, errors, "description", &ctx.t("plan.description"), &input.description, 2))
                @for (i, it) in rows.iter().enumerate() {
                    fieldset.question id={ "field-items[" (i) "].question" } {
                        legend { (ctx.tf("readiness.item_n", &[("n", &(i + 1).to_string())])) }
                        @for f in ["kind", "question", "options", "blocks_on"] {
                            @if let Some(e) = errors.for_field(&format!("items[{i}].{f}")) { p.field-error { (field_error_message(ctx.lang, e)) } }
                        }
                        div.row {
                            div.field {
                                label for={ "k" (i) } { (ctx.t("readiness.kind")) }
                                select id={ "k" (i) } name="kind" { @for k in logic::KINDS { option value=(k) selected[it.kind == *k] { (ctx.t(&format!("readiness.kind_value.{k}"))) } } }
                            }
                            div.field { label for={ "q" (i) } { (ctx.t("readiness.question")) } input id={ "q" (i) } name="question" value=(it.question); }
                        }
                        div.field { label for={ "h" (i) } { (ctx.t("readiness.help")) } input id={ "h" (i) } name="help" value=(it.help); }
                        div.row {
                            div.field { label for={ "o" (i) } { (ctx.t("readiness.options")) } textarea id={ "o" (i) } name="options" rows="2" { (it.options) } }
                            div.field { label for={ "b" (i) } { (ctx.t("readiness.blocks_on")) } textarea id={ "b" (i) } name="blocks_on" rows="2" { (it.blocks_on) } }
                        }
                    }
                }
                p.hint { (ctx.t("readiness.edit_hint")) }
                button.primary type="submit" { (ctx.t("readiness.save_version")) }
            }
        },
    )
}

#[get("/readiness/checklist")]
pub async fn edit_form(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
) -> AppResult<HttpResponse> {
    let (t, items) = service::current(&state.db, user.org_id(), STANDARD_FAMILY)
        .await?
        .ok_or(AppError::NotFound)?;
    let input = service::TemplateInput {
        title: t.title.clone(),
        description: t.description.clone(),
        items: items
            .into_iter()
            .map(|i| service::ItemInput {
                kind: i.kind,
                question: i.question,
                help: i.help,
                options: i.options,
                blocks_on: i.blocks_on,
            })
            .collect(),
    };
    Ok(html_status(
        StatusCode::OK,
        editor_page(&ctx, &input, t.version, &FieldErrors::default()),
    ))
}

#[post("/readiness/checklist")]
pub async fn save_version(
    user: Authorized<CrisisGroup>,
    ctx: PageCtx,
    state: web::Data<AppState>,
    form: HtmlForm<EditorForm>,
) -> AppResult<HttpResponse> {
    let input = form.into_inner().into_input();
    match service::new_version(
        &state.db,
        user.org_id(),
        STANDARD_FAMILY,
        &input,
        &Actor::from(&user.0),
    )
    .await
    {
        Ok(_) => Ok(see_other("/readiness")),
        Err(AppError::Validation(e)) => {
            let version = service::current(&state.db, user.org_id(), STANDARD_FAMILY)
                .await?
                .map(|(t, _)| t.version)
                .unwrap_or(0);
            Ok(html_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                editor_page(&ctx, &input, version, &e),
            ))
        }
        Err(e) => Err(e),
    }
}
