use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChecklistAssignments {
    Table,
    Id,
    OrganisationId,
    Family,
    TeamId,
    DueDate,
    CreatedByUserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistAssignments::Table)
                    .if_not_exists()
                    .col(pk_auto(ChecklistAssignments::Id))
                    .col(integer(ChecklistAssignments::OrganisationId))
                    .col(string(ChecklistAssignments::Family))
                    .col(integer_null(ChecklistAssignments::TeamId))
                    .col(date(ChecklistAssignments::DueDate))
                    .col(integer_null(ChecklistAssignments::CreatedByUserId))
                    .col(timestamp_with_time_zone(ChecklistAssignments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ChecklistAssignments::Table,
                                ChecklistAssignments::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_checklist_assignments_family")
                    .table(ChecklistAssignments::Table)
                    .col(ChecklistAssignments::OrganisationId)
                    .col(ChecklistAssignments::Family)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChecklistAssignments::Table).to_owned())
            .await
    }
}
