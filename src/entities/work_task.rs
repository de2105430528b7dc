use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "work_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub organisation_id: i32,
    pub name: String,
    /// `task` or `case_type`.
    pub kind: String,
    pub description: String,
    pub customer_criticality: i32,
    pub business_criticality: i32,
    /// `yes`, `partly` or `no`.
    pub remote_capable: String,
    /// Comma-separated: `gdpr`, `secrecy`, `equipment`, `other`.
    pub remote_limits: String,
    pub remote_limit_note: String,
    pub sla: String,
    pub sla_at_risk: bool,
    /// `none`, `low`, `medium` or `high`: what postponing builds up.
    pub postpone_cost: String,
    pub postpone_note: String,
    /// `none`, `other_function`, `simplify`, `outsource` or `overflow_partner`.
    pub fallback: String,
    pub fallback_note: String,
    pub cross_trainable: bool,
    /// The queue whose contacts this task is.
    pub queue_id: Option<i32>,
    /// Contacts per hour an overflow partner can take of this task.
    pub overflow_per_hour: Option<i32>,
    /// Recovery time objective, hours.
    pub rto_hours: Option<i32>,
    /// Maximum tolerable period of disruption, hours.
    pub mtpd_hours: Option<i32>,
    /// The least acceptable service, in words.
    pub min_service: String,
    /// For a queue: the least acceptable service level, per cent.
    pub min_service_level: Option<f64>,
    pub depends_systems: String,
    pub depends_suppliers: String,
    pub depends_partners: String,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
