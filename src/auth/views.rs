use super::forms::{LoginRequest, ProfileUpdate};
use crate::error::FieldErrors;
use crate::i18n;
use crate::ui::components::{csrf_field, error_summary, select, Input};
use crate::ui::{page, PageCtx};
use maud::{html, Markup};

pub fn login_page(
    ctx: &PageCtx,
    form: &LoginRequest,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Markup {
    let title = ctx.t("login.title");
    page(
        ctx,
        &title,
        html! {
            section.narrow {
                h1 { (title) }
                p.lead { (ctx.t("login.intro")) }
                @if let Some(n) = notice { p.notice.warning role="alert" { (n) } }
                (error_summary(ctx, errors))
                form method="post" action="/login" novalidate {
                    (csrf_field(ctx))
                    @if let Some(next) = &form.next { input type="hidden" name="next" value=(next); }
                    (Input::new("email", ctx.t("login.email"), &form.email).kind("email").required().autocomplete("username").render(ctx, errors))
                    (Input::new("password", ctx.t("login.password"), "").kind("password").required().autocomplete("current-password").render(ctx, errors))
                    @if errors.for_field("organisation").is_some() || form.organisation.is_some() {
                        (Input::new("organisation", ctx.t("login.organisation"), form.organisation.as_deref().unwrap_or("")).render(ctx, errors))
                    }
                    button.primary type="submit" { (ctx.t("login.submit")) }
                }
            }
        },
    )
}

pub fn account_page(
    ctx: &PageCtx,
    profile: &ProfileUpdate,
    profile_errors: &FieldErrors,
    password_errors: &FieldErrors,
    notice: Option<String>,
    sms_available: bool,
) -> Markup {
    let title = ctx.t("account.title");
    let mut languages = vec![(String::new(), ctx.t("account.language_browser"))];
    languages.extend(
        i18n::ALL
            .iter()
            .map(|l| (l.code().to_string(), l.native_name().to_string())),
    );
    let chosen = vec![profile.language.clone().unwrap_or_default()];
    let reach_options: Vec<(String, String)> = crate::orgs::phone::REACH_BY
        .iter()
        .map(|r| (r.to_string(), ctx.t(&format!("account.reach.{r}"))))
        .collect();
    page(
        ctx,
        &title,
        html! {
            h1 { (title) }
            @if let Some(n) = notice { p.notice role="status" { (n) } }
            section.card {
                h2 { (ctx.t("account.profile")) }
                (error_summary(ctx, profile_errors))
                form method="post" action="/account" {
                    (csrf_field(ctx))
                    (Input::new("display_name", ctx.t("account.display_name"), &profile.display_name).required().autocomplete("name").render(ctx, profile_errors))
                    (select(ctx, profile_errors, "language", &ctx.t("account.language"), &languages, &chosen, false))
                    (Input::new("phone", ctx.t("account.phone"), profile.phone.as_deref().unwrap_or("")).kind("tel").autocomplete("tel").hint(ctx.t("account.phone_hint")).render(ctx, profile_errors))
                    // Without a gateway (no SMS_URL) text messages are not offered at all.
                    @if sms_available {
                        (select(ctx, profile_errors, "reach_by", &ctx.t("account.reach_by"), &reach_options, &[profile.reach_by.clone().unwrap_or_else(|| "mail".into())], false))
                    }
                    button.primary type="submit" { (ctx.t("forms.save")) }
                }
            }
            section.card {
                h2 { (ctx.t("account.password")) }
                (error_summary(ctx, password_errors))
                form method="post" action="/account/password" {
                    (csrf_field(ctx))
                    (Input::new("current_password", ctx.t("account.current_password"), "").kind("password").required().autocomplete("current-password").render(ctx, password_errors))
                    (Input::new("new_password", ctx.t("account.new_password"), "").kind("password").required().autocomplete("new-password")
                        .hint(ctx.tf("account.password_hint", &[("min", &crate::auth::password::MIN_PASSWORD_LENGTH.to_string())])).render(ctx, password_errors))
                    button.primary type="submit" { (ctx.t("account.change_password")) }
                }
            }
        },
    )
}
