//! Schema migrations, in order. One change per file; every `up` has its `down`.
//! Seeds (demo data, standard scenarios) are data files loaded by commands, never migrations.
pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_organisations;
mod m20261123_000002_create_users;
mod m20261123_000003_create_teams;
mod m20261123_000004_create_memberships;
mod m20261123_000005_create_audit_events;
mod m20261123_000006_create_login_failures;
mod m20261123_000007_create_revoked_tokens;
mod m20261123_000008_create_scenarios;
mod m20261123_000009_create_threshold_levels;
mod m20261123_000010_create_level_changes;
mod m20261123_000011_create_plan_actions;
mod m20261123_000012_create_work_tasks;
mod m20261123_000013_create_communication_plans;
mod m20261123_000014_create_meeting_rules;
mod m20261123_000015_add_chief_communicator;
mod m20261123_000016_create_staff_checkins;
mod m20261123_000017_create_daily_volumes;
mod m20261123_000018_create_checkin_settings;
mod m20261123_000019_create_situation_reports;
mod m20261123_000020_create_report_followups;
mod m20261123_000021_create_reminders;
mod m20261123_000022_create_checklist_templates;
mod m20261123_000023_create_checklist_items;
mod m20261123_000024_create_checklist_assignments;
mod m20261123_000025_create_checklist_responses;
mod m20261123_000026_create_checklist_answers;
mod m20261123_000027_create_home_testers;
mod m20261123_000028_create_home_tests;
mod m20261123_000029_create_faq_entries;
mod m20261123_000030_create_faq_revisions;
mod m20261123_000031_create_publications;
mod m20261123_000032_create_delivery_channels;
mod m20261123_000033_create_subscribers;
mod m20261123_000034_create_outbox_messages;
mod m20261124_000035_add_membership_sessions;
mod m20261124_000036_create_invitations;
mod m20261124_000037_create_delivery_attempts;
mod m20261124_000038_create_queues;
mod m20261124_000039_create_queue_staffing;
mod m20261124_000040_add_capacity_links;
mod m20261124_000041_add_user_contact;
mod m20261124_000042_create_team_leads;
mod m20261124_000043_create_rollcalls;
mod m20261124_000044_create_wellbeing_calls;
mod m20261124_000045_create_publication_counts;
mod m20261125_000046_create_question_signals;
mod m20261125_000047_add_answer_subscriptions;
mod m20261125_000048_add_embed_origins;
mod m20261125_000049_create_log_entries;
mod m20261125_000050_create_duty_roles;
mod m20261125_000051_create_exercises;
mod m20261125_000052_add_task_impact;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_organisations::Migration),
            Box::new(m20261123_000002_create_users::Migration),
            Box::new(m20261123_000003_create_teams::Migration),
            Box::new(m20261123_000004_create_memberships::Migration),
            Box::new(m20261123_000005_create_audit_events::Migration),
            Box::new(m20261123_000006_create_login_failures::Migration),
            Box::new(m20261123_000007_create_revoked_tokens::Migration),
            Box::new(m20261123_000008_create_scenarios::Migration),
            Box::new(m20261123_000009_create_threshold_levels::Migration),
            Box::new(m20261123_000010_create_level_changes::Migration),
            Box::new(m20261123_000011_create_plan_actions::Migration),
            Box::new(m20261123_000012_create_work_tasks::Migration),
            Box::new(m20261123_000013_create_communication_plans::Migration),
            Box::new(m20261123_000014_create_meeting_rules::Migration),
            Box::new(m20261123_000015_add_chief_communicator::Migration),
            Box::new(m20261123_000016_create_staff_checkins::Migration),
            Box::new(m20261123_000017_create_daily_volumes::Migration),
            Box::new(m20261123_000018_create_checkin_settings::Migration),
            Box::new(m20261123_000019_create_situation_reports::Migration),
            Box::new(m20261123_000020_create_report_followups::Migration),
            Box::new(m20261123_000021_create_reminders::Migration),
            Box::new(m20261123_000022_create_checklist_templates::Migration),
            Box::new(m20261123_000023_create_checklist_items::Migration),
            Box::new(m20261123_000024_create_checklist_assignments::Migration),
            Box::new(m20261123_000025_create_checklist_responses::Migration),
            Box::new(m20261123_000026_create_checklist_answers::Migration),
            Box::new(m20261123_000027_create_home_testers::Migration),
            Box::new(m20261123_000028_create_home_tests::Migration),
            Box::new(m20261123_000029_create_faq_entries::Migration),
            Box::new(m20261123_000030_create_faq_revisions::Migration),
            Box::new(m20261123_000031_create_publications::Migration),
            Box::new(m20261123_000032_create_delivery_channels::Migration),
            Box::new(m20261123_000033_create_subscribers::Migration),
            Box::new(m20261123_000034_create_outbox_messages::Migration),
            Box::new(m20261124_000035_add_membership_sessions::Migration),
            Box::new(m20261124_000036_create_invitations::Migration),
            Box::new(m20261124_000037_create_delivery_attempts::Migration),
            Box::new(m20261124_000038_create_queues::Migration),
            Box::new(m20261124_000039_create_queue_staffing::Migration),
            Box::new(m20261124_000040_add_capacity_links::Migration),
            Box::new(m20261124_000041_add_user_contact::Migration),
            Box::new(m20261124_000042_create_team_leads::Migration),
            Box::new(m20261124_000043_create_rollcalls::Migration),
            Box::new(m20261124_000044_create_wellbeing_calls::Migration),
            Box::new(m20261124_000045_create_publication_counts::Migration),
            Box::new(m20261125_000046_create_question_signals::Migration),
            Box::new(m20261125_000047_add_answer_subscriptions::Migration),
            Box::new(m20261125_000048_add_embed_origins::Migration),
            Box::new(m20261125_000049_create_log_entries::Migration),
            Box::new(m20261125_000050_create_duty_roles::Migration),
            Box::new(m20261125_000051_create_exercises::Migration),
            Box::new(m20261125_000052_add_task_impact::Migration),
        ]
    }
}

/// Identifiers shared by several migrations (foreign keys point at these tables).
#[derive(DeriveIden)]
pub enum Organisations {
    Table,
    Id,
    Slug,
    Name,
    TimeZone,
    DefaultLanguage,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Users {
    Table,
    Id,
    Email,
    DisplayName,
    PasswordHash,
    Language,
    TokenVersion,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Teams {
    Table,
    Id,
    OrganisationId,
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub enum Scenarios {
    Table,
    Id,
}

#[derive(DeriveIden)]
pub enum ThresholdLevels {
    Table,
    Id,
}
