use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FaqEntries {
    Table,
    Id,
    OrganisationId,
    Category,
    Position,
    Visibility,
    Question,
    AnswerMd,
    InternalNote,
    WorkingOnIt,
    NextUpdateAt,
    Status,
    RevisionCount,
    FirstPublishedAt,
    LastPublishedAt,
    CheckedAt,
    Version,
    CreatedByUserId,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FaqEntries::Table)
                    .if_not_exists()
                    .col(pk_auto(FaqEntries::Id))
                    .col(integer(FaqEntries::OrganisationId))
                    .col(string(FaqEntries::Category))
                    .col(integer(FaqEntries::Position).default(0))
                    .col(string(FaqEntries::Visibility))
                    .col(text(FaqEntries::Question))
                    .col(text(FaqEntries::AnswerMd))
                    .col(text(FaqEntries::InternalNote))
                    .col(boolean(FaqEntries::WorkingOnIt).default(false))
                    .col(timestamp_with_time_zone_null(FaqEntries::NextUpdateAt))
                    .col(string(FaqEntries::Status))
                    .col(integer(FaqEntries::RevisionCount).default(0))
                    .col(timestamp_with_time_zone_null(FaqEntries::FirstPublishedAt))
                    .col(timestamp_with_time_zone_null(FaqEntries::LastPublishedAt))
                    .col(timestamp_with_time_zone_null(FaqEntries::CheckedAt))
                    .col(integer(FaqEntries::Version).default(1))
                    .col(integer_null(FaqEntries::CreatedByUserId))
                    .col(timestamp_with_time_zone(FaqEntries::CreatedAt))
                    .col(timestamp_with_time_zone(FaqEntries::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqEntries::Table, FaqEntries::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqEntries::Table, FaqEntries::CreatedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_faq_entries_org_status")
                    .table(FaqEntries::Table)
                    .col(FaqEntries::OrganisationId)
                    .col(FaqEntries::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FaqEntries::Table).to_owned())
            .await
    }
}
