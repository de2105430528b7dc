use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum FaqRevisions {
    Table,
    Id,
    OrganisationId,
    EntryId,
    Number,
    Kind,
    Question,
    AnswerMd,
    InternalNote,
    Category,
    Visibility,
    WorkingOnIt,
    NextUpdateAt,
    AuthorUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FaqEntries {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FaqRevisions::Table)
                    .if_not_exists()
                    .col(pk_auto(FaqRevisions::Id))
                    .col(integer(FaqRevisions::OrganisationId))
                    .col(integer(FaqRevisions::EntryId))
                    .col(integer(FaqRevisions::Number))
                    .col(string(FaqRevisions::Kind))
                    .col(text(FaqRevisions::Question))
                    .col(text(FaqRevisions::AnswerMd))
                    .col(text(FaqRevisions::InternalNote))
                    .col(string(FaqRevisions::Category))
                    .col(string(FaqRevisions::Visibility))
                    .col(boolean(FaqRevisions::WorkingOnIt))
                    .col(timestamp_with_time_zone_null(FaqRevisions::NextUpdateAt))
                    .col(integer_null(FaqRevisions::AuthorUserId))
                    .col(timestamp_with_time_zone(FaqRevisions::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqRevisions::Table, FaqRevisions::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqRevisions::Table, FaqRevisions::EntryId)
                            .to(FaqEntries::Table, FaqEntries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqRevisions::Table, FaqRevisions::AuthorUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_faq_revisions_entry_number")
                    .table(FaqRevisions::Table)
                    .col(FaqRevisions::EntryId)
                    .col(FaqRevisions::Number)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(FaqRevisions::Table).to_owned())
            .await
    }
}
