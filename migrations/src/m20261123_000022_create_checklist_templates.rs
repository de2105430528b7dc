use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChecklistTemplates {
    Table,
    Id,
    OrganisationId,
    Family,
    Version,
    Title,
    Description,
    IsCurrent,
    CreatedByUserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // A template never changes once answered: an edit writes the next version of its family.
        manager
            .create_table(
                Table::create()
                    .table(ChecklistTemplates::Table)
                    .if_not_exists()
                    .col(pk_auto(ChecklistTemplates::Id))
                    .col(integer(ChecklistTemplates::OrganisationId))
                    .col(string(ChecklistTemplates::Family))
                    .col(integer(ChecklistTemplates::Version))
                    .col(string(ChecklistTemplates::Title))
                    .col(text(ChecklistTemplates::Description))
                    .col(boolean(ChecklistTemplates::IsCurrent).default(true))
                    .col(integer_null(ChecklistTemplates::CreatedByUserId))
                    .col(timestamp_with_time_zone(ChecklistTemplates::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                ChecklistTemplates::Table,
                                ChecklistTemplates::OrganisationId,
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
                    .name("ux_checklist_templates_version")
                    .table(ChecklistTemplates::Table)
                    .col(ChecklistTemplates::OrganisationId)
                    .col(ChecklistTemplates::Family)
                    .col(ChecklistTemplates::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChecklistTemplates::Table).to_owned())
            .await
    }
}
