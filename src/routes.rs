//! Every scope in one screen: the JSON API, the pages, and the operational endpoints.
use crate::error::AppError;
use crate::state::AppState;
use crate::{
    audit, auth, capacity, checkins, checklists, comms, daily, dashboard, delivery, duty,
    exercises, faq, log, orgs, plan_io, plans, questions, rollcall, scenarios, tasks, trends, ui,
};
use actix_web::{web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

/// `/api/v1`: every route here lands in `/api/openapi.json`.
pub fn api(cfg: &mut ServiceConfig) {
    auth::api::routes(cfg);
    capacity::api::routes(cfg);
    orgs::api::routes(cfg);
    orgs::team_leads_web::routes(cfg);
    rollcall::api::routes(cfg);
    rollcall::wellbeing_web::routes(cfg);
    audit::api::routes(cfg);
    scenarios::api::routes(cfg);
    plans::api::routes(cfg);
    tasks::api::routes(cfg);
    comms::api::routes(cfg);
    checkins::api::routes(cfg);
    daily::api::routes(cfg);
    checklists::api::routes(cfg);
    faq::api::routes(cfg);
    questions::api::routes(cfg);
    log::api::routes(cfg);
    duty::api::routes(cfg);
    exercises::api::routes(cfg);
    plan_io::api::routes(cfg);
    delivery::api::routes(cfg);
    cfg.service(trends::web::trends_api)
        .service(checkins::export::export_api);
    cfg.service(dashboard::crisis::crisis_dashboard);
}

pub fn pages(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/metrics", web::get().to(crate::metrics::metrics_endpoint))
        .route("/api/openapi.json", web::get().to(openapi_json))
        .service(ui::assets::static_file)
        .service(ui::assets::favicon)
        .service(dashboard::dashboard)
        // The public FAQ (no sign-in)
        .service(faq::public::public_page)
        .service(faq::public::json)
        .service(faq::public::atom)
        .service(faq::public::faq_events)
        .service(faq::public::entry_page)
        .service(faq::embed::widget)
        .service(faq::embed::search)
        .service(faq::embed::embed)
        .service(questions::public::feedback)
        .service(faq::subscribe_web::subscribe)
        .service(faq::subscribe_web::confirm_form)
        .service(faq::subscribe_web::confirm)
        .service(faq::subscribe_web::unsubscribe_form)
        .service(faq::subscribe_web::unsubscribe)
        // The FAQ desk, the knowledge base and delivery
        .service(faq::web::list)
        .service(faq::web::new_form)
        .service(faq::holding::prepared_form)
        .service(faq::holding::publish)
        .service(faq::web::create)
        .service(delivery::web::publications)
        .service(delivery::web::board_page)
        .service(delivery::web::board_events)
        .service(delivery::web::resend)
        .service(faq::web::edit)
        .service(faq::web::update)
        .service(faq::web::no_news)
        .service(faq::web::withdraw_form)
        .service(faq::web::withdraw)
        .service(faq::web::history)
        .service(faq::knowledge::page_handler)
        .service(faq::knowledge::events)
        .service(questions::web::file)
        .service(questions::web::asked)
        .service(questions::web::board_page)
        .service(log::web::page)
        .service(log::web::add)
        .service(duty::web::page)
        .service(duty::web::hand_over)
        .service(plan_io::print::print)
        .service(plan_io::print::export_download)
        .service(exercises::web::list_page)
        .service(exercises::web::start)
        .service(exercises::web::exercise_page)
        .service(exercises::web::set_level)
        .service(exercises::web::write_log)
        .service(exercises::web::publish)
        .service(exercises::web::rollcall)
        .service(exercises::web::end)
        .service(exercises::web::save_review)
        .service(delivery::web::channels_page)
        .service(delivery::web::create)
        .service(delivery::web::remove_form)
        .service(delivery::web::remove)
        .service(delivery::web::enable)
        // Signing in and the account
        .service(auth::web::login_form)
        .service(auth::web::login)
        .service(auth::web::logout)
        .service(auth::web::switch_organisation)
        .service(auth::web::choose_language)
        .service(auth::web::account)
        .service(auth::web::update_profile)
        .service(auth::web::change_password)
        // Administration
        .service(orgs::members_web::list)
        .service(orgs::invitations_web::new_form)
        .service(orgs::invitations_web::create)
        .service(orgs::invitations_web::show)
        .service(orgs::invitations_web::revoke)
        .service(orgs::invitations_web::accept_form)
        .service(orgs::invitations_web::accept)
        .service(orgs::members_web::edit)
        .service(orgs::members_web::update)
        .service(orgs::team_leads_web::my_team)
        // Roll-calls, and the page their links open (no sign-in)
        .service(rollcall::web::index)
        .service(rollcall::web::start)
        .service(rollcall::web::board_live)
        .service(rollcall::web::board_events)
        .service(rollcall::web::close)
        .service(rollcall::web::board_page)
        .service(rollcall::answer_web::answer_page)
        .service(rollcall::answer_web::answer)
        .service(rollcall::wellbeing_web::log_call_form)
        .service(orgs::team_leads_web::save_leads)
        .service(orgs::teams_web::list)
        .service(orgs::teams_web::create)
        .service(orgs::teams_web::edit)
        .service(orgs::teams_web::rename)
        .service(orgs::teams_web::remove)
        .service(orgs::settings_web::show)
        .service(orgs::settings_web::save)
        .service(audit::web::audit_page)
        // The plan: scenarios, ladders and levels
        .service(scenarios::web::register)
        .service(scenarios::web::dismiss_banner)
        .service(scenarios::web::add_standard)
        .service(scenarios::web::new_form)
        .service(scenarios::web::create)
        .service(scenarios::web::show)
        .service(scenarios::web::edit_form)
        .service(scenarios::web::update)
        .service(scenarios::web::ladder_form)
        .service(scenarios::web::save_ladder)
        .service(scenarios::web::set_level)
        // Actions
        .service(plans::web::new_form)
        .service(plans::web::create)
        .service(plans::web::my_actions)
        .service(plans::export::export_page)
        .service(plans::web::edit_form)
        .service(plans::web::update)
        .service(plans::web::report_progress)
        // Task inventory
        .service(tasks::web::inventory)
        .service(tasks::web::new_form)
        .service(tasks::web::create)
        .service(tasks::web::edit_form)
        .service(tasks::web::update)
        .service(tasks::web::remove)
        // Communication plan
        .service(comms::web::page)
        .service(comms::web::set_chief)
        .service(comms::web::add_rule)
        .service(comms::web::delete_rule)
        .service(comms::web::update)
        .service(comms::web::communicated)
        // Check-ins and the daily check-in
        .service(checkins::web::checkin_form)
        .service(checkins::web::check_in)
        .service(checkins::web::plan_absence)
        .service(checkins::web::board)
        .service(checkins::web::board_live)
        .service(checkins::web::settings_form)
        .service(checkins::web::save_settings)
        .service(checkins::web::record_for)
        .service(checkins::calendar::feed)
        .service(daily::web::today_form)
        .service(daily::web::save)
        .service(daily::web::archive)
        .service(daily::web::show)
        .service(trends::web::trends_page)
        .service(capacity::web::capacity_page)
        .service(capacity::web::capacity_live)
        .service(capacity::queue_web::list)
        .service(capacity::queue_web::new_form)
        .service(capacity::queue_web::create)
        .service(capacity::queue_web::remove_form)
        .service(capacity::queue_web::remove)
        .service(capacity::queue_web::save_staffing)
        .service(capacity::queue_web::edit_form)
        .service(capacity::queue_web::update)
        .service(checkins::export::export_page)
        .service(checklists::web::checklist)
        .service(checklists::web::save)
        .service(checklists::web::readiness)
        .service(checklists::web::add_standard)
        .service(checklists::web::assign)
        .service(checklists::editor::edit_form)
        .service(checklists::editor::save_version)
        .service(checklists::testers::set_page)
        .service(checklists::web::log_test);
}

async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match state.db.ping().await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain").body("ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database does not answer");
            HttpResponse::ServiceUnavailable()
                .content_type("text/plain")
                .body("database unavailable")
        }
    }
}

async fn openapi_json(api: web::Data<crate::openapi::ApiDocument>) -> HttpResponse {
    HttpResponse::Ok().json(&api.0)
}

/// A body that is not JSON, or not the right shape, is a 400 problem naming what went wrong.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(1024 * 1024)
        .error_handler(|err, _| {
            AppError::BadRequest(format!("The JSON body could not be read: {err}")).into()
        })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _| {
        AppError::BadRequest(format!("The query string could not be read: {err}")).into()
    })
}

/// `/teams/abc` names no team: not found, the same as an id that does not exist. But
/// `PATCH /actions/export` reached `/actions/{id}` only because `export` has no PATCH: 405.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_, req| not_found_or_not_allowed(req).into())
}

/// Not found, or — for an API address that exists with other methods — 405 with `Allow`.
/// A page form that failed is shown again at the address it posted to (422, with what was
/// typed). Reloading that address, or opening it from the history, asks for it with GET, which
/// only the form's page answers: send the reader there (the nearest page above it) instead of
/// a "not found". Only addresses that exist for another method qualify; the API keeps 405.
pub fn page_holding_the_form(req: &actix_web::HttpRequest) -> Option<String> {
    let path = req.path();
    if req.method() != actix_web::http::Method::GET
        || path.starts_with("/api/")
        || !req.resource_map().has_resource(path)
    {
        return None;
    }
    // A public form's page is the organisation's FAQ.
    if let Some(rest) = path.strip_prefix("/p/") {
        let org = rest.split('/').next().filter(|o| !o.is_empty())?;
        return Some(format!("/p/{org}/faq"));
    }
    let mut above = path.trim_end_matches('/');
    while let Some((parent, _)) = above.rsplit_once('/') {
        let parent = if parent.is_empty() { "/" } else { parent };
        if req.resource_map().has_resource(parent) {
            return Some(parent.to_string());
        }
        if parent == "/" {
            break;
        }
        above = parent;
    }
    Some("/".into())
}

pub fn not_found_or_not_allowed(req: &actix_web::HttpRequest) -> AppError {
    if req.path().starts_with("/api/") {
        if let Some(doc) = req.app_data::<web::Data<crate::openapi::ApiDocument>>() {
            if let Some(methods) = crate::openapi::allowed_methods(doc, req.path()) {
                if !methods.iter().any(|m| m == req.method().as_str()) {
                    return AppError::MethodNotAllowed {
                        allow: methods.join(", "),
                    };
                }
            }
        }
    }
    AppError::NotFound
}
