//! The roll-call pages: the list with the start form, and the live board.
use super::forms::ANSWERS;
use super::status::RollcallOut;
use crate::entities::{publication, team};
use crate::error::FieldErrors;
use crate::ui::components::{csrf_field, error_summary, select, textarea, Input};
use crate::ui::PageCtx;
use maud::{html, Markup};

/// What the start form was filled in with (all text, so nothing typed is lost on an error).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct StartForm {
    pub team_id: String,
    pub message: String,
    pub deadline_minutes: String,
    pub remind_after_minutes: String,
    /// Set by the "Preview" button: show the text message instead of sending.
    pub preview: Option<String>,
}

/// The SMS a person would get, and how many parts it takes.
pub struct SmsPreview {
    pub text: String,
    pub segments: usize,
    pub unicode: bool,
}

pub struct StartView<'a> {
    pub form: &'a StartForm,
    pub errors: &'a FieldErrors,
    /// Teams the user may start a roll-call for; `everyone` when they may ask everybody.
    pub teams: &'a [team::Model],
    pub everyone: bool,
    pub preview: Option<SmsPreview>,
    pub mail_ready: bool,
    pub sms_ready: bool,
}

pub fn start_form(ctx: &PageCtx, v: &StartView) -> Markup {
    let mut options = vec![];
    if v.everyone {
        options.push((String::new(), ctx.t("rollcall.everyone")));
    }
    options.extend(v.teams.iter().map(|t| (t.id.to_string(), t.name.clone())));
    html! {
        form.card method="post" action="/rollcalls" novalidate {
            h2 { (ctx.t("rollcall.start")) }
            (error_summary(ctx, v.errors))
            (csrf_field(ctx))
            (select(ctx, v.errors, "team_id", &ctx.t("rollcall.who"), &options, &[v.form.team_id.clone()], false))
            (textarea(ctx, v.errors, "message", &ctx.t("rollcall.message"), &v.form.message, 3))
            p.hint { (ctx.t("rollcall.message_hint")) }
            (Input::new("deadline_minutes", ctx.t("rollcall.deadline_minutes"), &v.form.deadline_minutes).kind("number").render(ctx, v.errors))
            (Input::new("remind_after_minutes", ctx.t("rollcall.remind_after_minutes"), &v.form.remind_after_minutes).kind("number").hint(ctx.t("rollcall.remind_hint")).render(ctx, v.errors))
            @if let Some(p) = &v.preview {
                div.card.preview {
                    h3 { (ctx.t("rollcall.sms_preview")) }
                    p { code { (p.text) } }
                    p.hint { (ctx.tn("rollcall.sms_size", p.segments as i64, &[("chars", &p.text.chars().count().to_string())])) @if p.unicode { " " (ctx.t("rollcall.sms_unicode")) } }
                }
            }
            @if !v.mail_ready && !v.sms_ready {
                p.warning { (ctx.t("rollcall.no_delivery")) }
            }
            div.actions {
                @if v.sms_ready { button type="submit" name="preview" value="1" { (ctx.t("rollcall.preview")) } }
                button.primary type="submit" { (ctx.t("rollcall.send")) }
            }
        }
    }
}

pub fn list(ctx: &PageCtx, rollcalls: &[RollcallOut], teams: &[team::Model]) -> Markup {
    html! {
        @if rollcalls.is_empty() {
            p { (ctx.t("rollcall.none_yet")) }
        } @else {
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                thead { tr {
                    th scope="col" { (ctx.t("rollcall.started")) }
                    th scope="col" { (ctx.t("rollcall.message")) }
                    th scope="col" { (ctx.t("rollcall.who")) }
                    th scope="col" { (ctx.t("rollcall.answered")) }
                } }
                tbody { @for r in rollcalls {
                    tr {
                        td { (local(ctx, r.started_at)) }
                        td { a href={ "/rollcalls/" (r.id) } { (r.message) } }
                        td { (team_label(ctx, r.team_id, teams)) }
                        td { (r.answered) " / " (r.total) " (" (format!("{:.0}", r.answered_pct)) " %)" }
                    }
                } }
            } }
        }
    }
}

fn team_label(ctx: &PageCtx, team_id: Option<i32>, teams: &[team::Model]) -> String {
    match team_id {
        None => ctx.t("rollcall.everyone"),
        Some(id) => teams
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_default(),
    }
}

fn local(ctx: &PageCtx, at: chrono::DateTime<chrono::Utc>) -> String {
    match &ctx.user {
        Some(u) => crate::delivery::content::local(&u.org, at),
        None => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// The part of the board that refreshes as answers come in.
pub fn board(ctx: &PageCtx, r: &RollcallOut) -> Markup {
    html! {
        div.rollcall-progress {
            p.big { strong data-answered=(r.answered) { (r.answered) } " / " (r.total) " " (ctx.t("rollcall.answered_of")) " (" (format!("{:.0}", r.answered_pct)) " %)" }
            progress max=(r.total.max(1)) value=(r.answered) aria-label=(ctx.t("rollcall.answered")) {}
        }
        ul.counts {
            @for s in ANSWERS {
                li { (ctx.t(&format!("checkins.status.{s}"))) ": " strong { (r.by_status.get(*s).copied().unwrap_or(0)) } }
            }
            li { (ctx.t("rollcall.not_answered")) ": " strong { (r.not_answered_count) } }
        }
        @if !r.teams.is_empty() {
            div.table-wrap tabindex="0" role="region" aria-label=(ctx.t("ui.table_region")) { table {
                thead { tr { th scope="col" { (ctx.t("rollcall.team")) } th scope="col" { (ctx.t("rollcall.answered")) } } }
                tbody { @for t in &r.teams {
                    tr.unknown[t.answered < t.total] {
                        th scope="row" { @if t.team_name.is_empty() { (ctx.t("rollcall.no_team")) } @else { (t.team_name) } }
                        td { (t.answered) " / " (t.total) }
                    }
                } }
            } }
        }
        @if !r.not_answered.is_empty() {
            h2 { (ctx.t("rollcall.not_answered")) }
            ul.people { @for p in &r.not_answered {
                li { (p.display_name) @if let Some(ph) = &p.phone { " · " a href={ "tel:" (ph) } { (ph) } } }
            } }
            @if r.not_answered_truncated { p.hint { (ctx.tf("rollcall.more_not_answered", &[("n", &r.not_answered_count.to_string())])) } }
        }
    }
}

pub struct BoardPage<'a> {
    pub r: &'a RollcallOut,
    pub team_name: String,
    pub closed: bool,
    pub may_close: bool,
    pub deliveries: &'a [publication::Model],
}

pub fn board_page(ctx: &PageCtx, v: &BoardPage) -> Markup {
    let r = v.r;
    html! {
        h1 { (ctx.t("rollcall.title")) }
        p.rollcall-message { (r.message) }
        p.muted {
            (v.team_name) " · " (ctx.t("rollcall.started")) " " (local(ctx, r.started_at))
            " · " (ctx.t("rollcall.deadline")) " " (local(ctx, r.deadline_at))
            @if v.closed { " · " strong { (ctx.t("rollcall.closed")) } }
            @else if r.escalated_at.is_some() { " · " (ctx.t("rollcall.escalated")) }
            @else if r.reminded_at.is_some() { " · " (ctx.t("rollcall.reminded")) }
        }
        @if !r.launched { p.notice { (ctx.t("rollcall.launching")) } }
        div.visually-hidden aria-live="polite" data-live-announce=(ctx.t("rollcall.updated")) {}
        div #board data-events={ "/rollcalls/" (r.id) "/events" } data-event="rollcall" data-fragment={ "/rollcalls/" (r.id) "/live" } {
            (board(ctx, r))
        }
        @if !v.deliveries.is_empty() {
            h2 { (ctx.t("rollcall.deliveries")) }
            ul { @for p in v.deliveries {
                li { a href={ "/faq/publications/" (p.id) } { (ctx.t(&format!("rollcall.kind.{}", p.kind))) } " · " (local(ctx, p.created_at)) }
            } }
        }
        @if v.may_close && !v.closed && r.escalated_at.is_none() {
            form method="post" action={ "/rollcalls/" (r.id) "/close" } {
                (csrf_field(ctx))
                button type="submit" { (ctx.t("rollcall.close")) }
                p.hint { (ctx.t("rollcall.close_hint")) }
            }
        }
    }
}
