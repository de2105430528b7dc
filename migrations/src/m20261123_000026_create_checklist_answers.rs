use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChecklistAnswers {
    Table,
    Id,
    OrganisationId,
    ResponseId,
    ItemId,
    Value,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistAnswers::Table)
                    .if_not_exists()
                    .col(pk_auto(ChecklistAnswers::Id))
                    .col(integer(ChecklistAnswers::OrganisationId))
                    .col(integer(ChecklistAnswers::ResponseId))
                    .col(integer(ChecklistAnswers::ItemId))
                    .col(text(ChecklistAnswers::Value))
                    .col(timestamp_with_time_zone(ChecklistAnswers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChecklistAnswers::Table, ChecklistAnswers::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_checklist_answers_item")
                    .table(ChecklistAnswers::Table)
                    .col(ChecklistAnswers::ResponseId)
                    .col(ChecklistAnswers::ItemId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChecklistAnswers::Table).to_owned())
            .await
    }
}
