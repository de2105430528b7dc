use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChecklistResponses {
    Table,
    Id,
    OrganisationId,
    UserId,
    TemplateId,
    Family,
    SubmittedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistResponses::Table)
                    .if_not_exists()
                    .col(pk_auto(ChecklistResponses::Id))
                    .col(integer(ChecklistResponses::OrganisationId))
                    .col(integer(ChecklistResponses::UserId))
                    .col(integer(ChecklistResponses::TemplateId))
                    .col(string(ChecklistResponses::Family))
                    .col(timestamp_with_time_zone_null(
                        ChecklistResponses::SubmittedAt,
                    ))
                    .col(timestamp_with_time_zone(ChecklistResponses::CreatedAt))
                    .col(timestamp_with_time_zone(ChecklistResponses::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ChecklistResponses::Table,
                                ChecklistResponses::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChecklistResponses::Table, ChecklistResponses::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_checklist_responses_person_version")
                    .table(ChecklistResponses::Table)
                    .col(ChecklistResponses::OrganisationId)
                    .col(ChecklistResponses::UserId)
                    .col(ChecklistResponses::TemplateId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_checklist_responses_family")
                    .table(ChecklistResponses::Table)
                    .col(ChecklistResponses::OrganisationId)
                    .col(ChecklistResponses::Family)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChecklistResponses::Table).to_owned())
            .await
    }
}
