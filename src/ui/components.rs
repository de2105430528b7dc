//! Small form pieces: every field shows its label, its error beside it, and keeps what was typed.
use super::PageCtx;
use crate::auth::csrf::CSRF_FIELD;
use crate::error::FieldErrors;
use crate::i18n::field_error_message;
use maud::{html, Markup};

thread_local! {
    /// The id prefix of the form being rendered (maud renders synchronously, on one thread).
    static ID_SCOPE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Renders a form whose fields share names with another form on the same page (one form per
/// audience, per row): their ids get `scope` in front, so no id appears twice and each label
/// still points at its own field.
pub fn scoped(scope: &str, render: impl FnOnce() -> Markup) -> Markup {
    let before = ID_SCOPE.with(|s| std::mem::replace(&mut *s.borrow_mut(), scope.to_string()));
    let out = render();
    ID_SCOPE.with(|s| *s.borrow_mut() = before);
    out
}

/// `field-{name}` (or `field-{scope}{name}` inside `scoped`): where an error points.
pub fn field_id(name: &str) -> String {
    ID_SCOPE.with(|s| format!("field-{}{name}", s.borrow()))
}

fn error_id(name: &str) -> String {
    ID_SCOPE.with(|s| format!("error-{}{name}", s.borrow()))
}

pub fn csrf_field(ctx: &PageCtx) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(ctx.csrf); }
}

/// A summary at the top of a form that failed, linking to each field and naming it
/// ("Title: use between 3 and 500 characters"). The layout puts the lines in the order the
/// fields have on the page (`data-field`), whatever order the checks found them in.
pub fn error_summary(ctx: &PageCtx, errors: &FieldErrors) -> Markup {
    if errors.is_empty() {
        return html! {};
    }
    html! {
        div.error-summary role="alert" tabindex="-1" {
            h2 { (ctx.t("forms.fix_errors")) }
            ul {
                @for e in &errors.0 {
                    li data-field=(e.field) {
                        a href={ "#" (field_id(&e.field)) } {
                            (field_label(ctx, e)) ": " (lowercase_first(&field_error_message(ctx.lang, e)))
                        }
                    }
                }
            }
        }
    }
}

/// What a field is called, for messages about it: the label the check gave (a checklist
/// item's question), else the catalogue's name for the field, else its name made readable.
pub fn field_label(ctx: &PageCtx, e: &crate::error::FieldError) -> String {
    if let Some((_, label)) = e.params.iter().find(|(k, _)| k == "label") {
        return label.clone();
    }
    name_label(ctx, &e.field)
}

/// The catalogue's name for a form field (`position` → "Order in category"), else the name
/// made readable.
pub fn name_label(ctx: &PageCtx, field: &str) -> String {
    let base = field.split(['[', '.']).next().unwrap_or(field);
    let key = format!("fields.{base}");
    match ctx.t(&key) {
        t if t != key => t,
        _ => humanise(base),
    }
}

/// `next_update_at` → "Next update at".
pub fn humanise(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "Use between…" reads as "Title: use between…"; names and abbreviations keep their case.
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(first), Some(second)) if first.is_uppercase() && !second.is_uppercase() => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => s.to_string(),
    }
}

fn field_error(ctx: &PageCtx, errors: &FieldErrors, name: &str) -> Markup {
    html! {
        @if let Some(e) = errors.for_field(name) {
            p.field-error id=(error_id(name)) { (field_error_message(ctx.lang, e)) }
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
                label for=(field_id(self.name)) { (self.label) }
                @if let Some(h) = &self.hint { p.hint { (h) } }
                (field_error(ctx, errors, self.name))
                input id=(field_id(self.name)) name=(self.name) type=(self.kind) value=(value)
                    required[self.required] autocomplete=[self.autocomplete]
                    aria-invalid=[invalid.then_some("true")]
                    aria-describedby=[invalid.then(|| error_id(self.name))];
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
            label for=(field_id(name)) { (label) }
            (field_error(ctx, errors, name))
            select id=(field_id(name)) name=(name) multiple[multiple]
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
        fieldset.field.invalid[invalid] id=(field_id(name)) {
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
            label for=(field_id(name)) { (label) }
            (field_error(ctx, errors, name))
            textarea id=(field_id(name)) name=(name) rows=(rows) aria-invalid=[invalid.then_some("true")] { (value) }
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

/// A page that asks before something that cannot be undone in one click: what will happen,
/// a button that does it (a form post, so it works without JavaScript) and a way back.
pub struct Confirmation<'a> {
    pub title: String,
    pub consequences: Vec<String>,
    pub action: String,
    pub hidden: Vec<(&'a str, String)>,
    pub button: String,
    pub cancel_href: &'a str,
}

pub fn confirm_page(ctx: &PageCtx, c: &Confirmation) -> Markup {
    super::page(
        ctx,
        &c.title,
        html! {
            section.narrow.confirm {
                h1 { (c.title) }
                p { (ctx.t("forms.confirm_intro")) }
                ul { @for line in &c.consequences { li { (line) } } }
                form method="post" action=(c.action) {
                    (csrf_field(ctx))
                    @for (name, value) in &c.hidden { input type="hidden" name=(name) value=(value); }
                    input type="hidden" name="confirm" value="yes";
                    button.danger type="submit" { (c.button) }
                    " "
                    a.button.secondary href=(c.cancel_href) { (ctx.t("forms.cancel")) }
                }
            }
        },
    )
}
