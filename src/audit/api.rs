use super::repo::{self, AuditFilter};
use crate::auth::roles::Admins;
use crate::auth::Authorized;
use crate::error::AppResult;
use crate::state::AppState;
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditEventOut {
    pub id: i32,
    pub occurred_at: DateTime<Utc>,
    pub actor_user_id: Option<i32>,
    pub actor_name: String,
    pub entity: String,
    pub entity_id: String,
    pub action: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuditPageOut {
    pub events: Vec<AuditEventOut>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
}

/// The organisation's audit trail, newest first, 50 a page.
#[utoipa::path(params(AuditFilter), responses((status = 200, body = AuditPageOut)), tag = "audit", security(("bearer" = [])))]
#[get("/audit")]
pub async fn list_audit(
    user: Authorized<Admins>,
    state: web::Data<AppState>,
    filter: web::Query<AuditFilter>,
) -> AppResult<web::Json<AuditPageOut>> {
    let page = repo::search(&state.db, user.org_id(), &filter).await?;
    Ok(web::Json(AuditPageOut {
        events: page
            .events
            .into_iter()
            .map(|e| AuditEventOut {
                id: e.id,
                occurred_at: e.occurred_at,
                actor_user_id: e.actor_user_id,
                actor_name: e.actor_name,
                entity: e.entity,
                entity_id: e.entity_id,
                action: e.action,
                before: e.before,
                after: e.after,
            })
            .collect(),
        total: page.total,
        page: page.page,
        pages: page.pages,
    }))
}

pub fn routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit);
}
