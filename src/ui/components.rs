//! Small form pieces: every field shows its label, its error beside it, and keeps what was typed.
use super::PageCtx;
use crate::auth::csrf::CSRF_FIELD;
use crate::error::FieldErrors;
use crate::i18n::field_error_message;
use maud::{html, Markup};

pub fn csrf_field(ctx: &PageCtx) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf); }
}

/// A summary at the top of a form that failed, linking to each field.
pub fn error_summary(ctx: &PageCtx, errors: &FieldErrors) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        div.error-summary role="alert" tabindex="-1" {
            h2 { (ctx.t("forms.fix_errors")) }
            ul {
                @for e in &errors.0 {
                    li { a href={ "#field-" (e.field) } { (field_error_message(ctx.lang, e)) } }
                }
            }
        }
    }
}

fn field_error(ctx: &PageCtx, errors: &FieldErrors, name: &str) -> Markup {
    html! {
        @if let Some(e) = errors.for_field(name) {
            p.field-error id={ "error-" (name) } { (field_error_message(ctx.lang, e)) }
        }
    }
}

pub struct Input<'a> {
    pub name: &'a str,
    pub label: String,
    pub kind: &'a str,
    pub value: &'a str,
    pub required: bool,
    pub autocomplete: Option<&'a str>,
    pub hint: Option<String>,
}

impl<'a> Input<'a> {
    pub fn new(name: &'a str, label: String, value: &'a str) -> Self {
        Input {
            name,
            label,
            kind: "text",
            value,
            required: false,
            autocomplete: None,
            hint: None,
        }
    }
    pub fn kind(mut self, kind: &'a str) -> Self {
        self.kind = kind;
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn autocomplete(mut self, a: &'a str) -> Self {
        self.autocomplete = Some(a);
        self
    }
    pub fn hint(mut self, h: String) -> Self {
        self.hint = Some(h);
        self
    }

    pub fn render(&self, ctx: &PageCtx, errors: &FieldErrors) -> Markup {
        let invalid = errors.for_field(self.name).is_some();
        // Passwords are never sent back into the page.
        let value = if self.kind == "password" {
            ""
        } else {
            self.value
        };
        html! {
            div.field.invalid[invalid] {
                label for={ "field-" (self.name) } { (self.label) }
                @if let Some(h) = &self.hint { p.hint { (h) } }
                (field_error(ctx, errors, self.name))
                input id={ "field-" (self.name) } name=(self.name) type=(self.kind) value=(value)
                    required[self.required] autocomplete=[self.autocomplete]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| format!("error-{}", self.name))];
            }
        }
    }
}

/// A `<select>`; `multiple` lets several options be chosen (sent as repeated fields).
pub fn select(
    ctx: &PageCtx,
    errors: &FieldErrors,
    name: &str,
    label: &str,
    options: &[(String, String)],
    selected: &[String],
    multiple: bool,
) -> Markup {
    let invalid = errors.for_field(name).is_some();
    html! {
        div.field.invalid[invalid] {
            label for={ "field-" (name) } { (label) }
            (field_error(ctx, errors, name))
            select id={ "field-" (name) } name=(name) multiple[multiple]
                aria-invalid=[invalid.then_some("true")] {
                @for (value, text) in options {
                    option value=(value) selected[selected.contains(value)] { (text) }
                }
            }
        }
    }
}

/// A group of checkboxes sharing one name.
pub fn checkboxes(
    ctx: &PageCtx,
    errors: &FieldErrors,
    name: &str,
    legend: &str,
    options: &[(String, String)],
    checked: &[String],
) -> Markup {
    let invalid = errors.for_field(name).is_some();
    html! {
        fieldset.field.invalid[invalid] id={ "field-" (name) } {
            legend { (legend) }
            (field_error(ctx, errors, name))
            @for (value, text) in options {
                label.check {
                    input type="checkbox" name=(name) value=(value) checked[checked.contains(value)];
                    " " (text)
                }
            }
        }
    }
}

/// Active people of the organisation as select options, with a "nobody" choice first.
pub fn person_options(
    ctx: &PageCtx,
    people: &[crate::orgs::members::Member],
) -> Vec<(String, String)> {
    let mut opts = vec![(String::new(), ctx.t("plan.nobody"))];
    opts.extend(
        people
            .iter()
            .filter(|m| m.membership.active)
            .map(|m| (m.user.id.to_string(), m.user.display_name.clone())),
    );
    opts
}

/// Options for a closed list whose labels live under `prefix.` in the catalogues.
pub fn vocab_options(ctx: &PageCtx, prefix: &str, values: &[&str]) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| (v.to_string(), ctx.t(&format!("{prefix}.{v}"))))
        .collect()
}

/// A multi-line text field.
pub fn textarea(
    ctx: &PageCtx,
    errors: &FieldErrors,
    name: &str,
    label: &str,
    value: &str,
    rows: u8,
) -> Markup {
    let invalid = errors.for_field(name).is_some();
    html! {
        div.field.invalid[invalid] {
            label for={ "field-" (name) } { (label) }
            (field_error(ctx, errors, name))
            textarea id={ "field-" (name) } name=(name) rows=(rows) aria-invalid=[invalid.then_some("true")] { (value) }
        }
    }
}

/// A notice that the record changed under the user's feet; their input is kept below it.
pub fn conflict_notice(ctx: &PageCtx, show: bool) -> Markup {
    html! {
        @if show { p.notice.warning role="alert" { (ctx.t("plan.conflict")) } }
    }
}

/// An HTML response with a status, for forms shown again.
pub fn html_status(status: actix_web::http::StatusCode, body: Markup) -> actix_web::HttpResponse {
    actix_web::HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body.into_string())
}
