use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    OrganisationId,
    ActorUserId,
    ActorName,
    OccurredAt,
    Entity,
    EntityId,
    Action,
    Before,
    After,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // No foreign keys on purpose: the trail outlives the rows it describes.
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .if_not_exists()
                    .col(pk_auto(AuditEvents::Id))
                    .col(integer_null(AuditEvents::OrganisationId))
                    .col(integer_null(AuditEvents::ActorUserId))
                    .col(string(AuditEvents::ActorName))
                    .col(timestamp_with_time_zone(AuditEvents::OccurredAt))
                    .col(string(AuditEvents::Entity))
                    .col(string(AuditEvents::EntityId))
                    .col(string(AuditEvents::Action))
                    .col(json_null(AuditEvents::Before))
                    .col(json_null(AuditEvents::After))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_events_organisation_time")
                    .table(AuditEvents::Table)
                    .col(AuditEvents::OrganisationId)
                    .col(AuditEvents::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await
    }
}
