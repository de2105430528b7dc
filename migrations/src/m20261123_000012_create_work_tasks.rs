use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum WorkTasks {
    Table,
    Id,
    OrganisationId,
    Name,
    Kind,
    Description,
    CustomerCriticality,
    BusinessCriticality,
    RemoteCapable,
    RemoteLimits,
    RemoteLimitNote,
    Sla,
    SlaAtRisk,
    PostponeCost,
    PostponeNote,
    Fallback,
    FallbackNote,
    CrossTrainable,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkTasks::Table)
                    .if_not_exists()
                    .col(pk_auto(WorkTasks::Id))
                    .col(integer(WorkTasks::OrganisationId))
                    .col(string(WorkTasks::Name))
                    .col(string(WorkTasks::Kind))
                    .col(text(WorkTasks::Description))
                    .col(integer(WorkTasks::CustomerCriticality))
                    .col(integer(WorkTasks::BusinessCriticality))
                    .col(string(WorkTasks::RemoteCapable))
                    .col(string(WorkTasks::RemoteLimits))
                    .col(text(WorkTasks::RemoteLimitNote))
                    .col(string(WorkTasks::Sla))
                    .col(boolean(WorkTasks::SlaAtRisk).default(false))
                    .col(string(WorkTasks::PostponeCost))
                    .col(text(WorkTasks::PostponeNote))
                    .col(string(WorkTasks::Fallback))
                    .col(text(WorkTasks::FallbackNote))
                    .col(boolean(WorkTasks::CrossTrainable).default(false))
                    .col(integer(WorkTasks::Version).default(1))
                    .col(timestamp_with_time_zone(WorkTasks::CreatedAt))
                    .col(timestamp_with_time_zone(WorkTasks::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WorkTasks::Table, WorkTasks::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_work_tasks_organisation")
                    .table(WorkTasks::Table)
                    .col(WorkTasks::OrganisationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(WorkTasks::Table).to_owned())
            .await
    }
}
