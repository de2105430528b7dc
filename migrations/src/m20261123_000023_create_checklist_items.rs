use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ChecklistItems {
    Table,
    Id,
    OrganisationId,
    TemplateId,
    Position,
    Kind,
    Question,
    Help,
    Options,
    BlocksOn,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChecklistItems::Table)
                    .if_not_exists()
                    .col(pk_auto(ChecklistItems::Id))
                    .col(integer(ChecklistItems::OrganisationId))
                    .col(integer(ChecklistItems::TemplateId))
                    .col(integer(ChecklistItems::Position))
                    .col(string(ChecklistItems::Kind))
                    .col(text(ChecklistItems::Question))
                    .col(text(ChecklistItems::Help))
                    .col(text(ChecklistItems::Options))
                    .col(string(ChecklistItems::BlocksOn))
                    .col(timestamp_with_time_zone(ChecklistItems::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ChecklistItems::Table, ChecklistItems::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_checklist_items_template")
                    .table(ChecklistItems::Table)
                    .col(ChecklistItems::TemplateId)
                    .col(ChecklistItems::Position)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChecklistItems::Table).to_owned())
            .await
    }
}
