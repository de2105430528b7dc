use crate::{Organisations, Scenarios, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The crisis log: a time-stamped record that is only ever added to. A correction is a new
/// entry pointing at the one it corrects.
#[derive(DeriveIden)]
enum LogEntries {
    Table,
    Id,
    OrganisationId,
    OccurredAt,
    /// `decision`, `event`, `information` or `request`.
    Kind,
    /// What Beredskap wrote it for (`level_change`, `faq_published`, …); empty when written by hand.
    Event,
    Text,
    ScenarioId,
    /// The entry this one corrects.
    CorrectsId,
    AuthorUserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(LogEntries::Table)
                    .if_not_exists()
                    .col(pk_auto(LogEntries::Id))
                    .col(integer(LogEntries::OrganisationId))
                    .col(timestamp_with_time_zone(LogEntries::OccurredAt))
                    .col(string_len(LogEntries::Kind, 16))
                    .col(string_len(LogEntries::Event, 32).default(""))
                    .col(text(LogEntries::Text))
                    .col(integer_null(LogEntries::ScenarioId))
                    .col(integer_null(LogEntries::CorrectsId))
                    .col(integer_null(LogEntries::AuthorUserId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LogEntries::Table, LogEntries::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LogEntries::Table, LogEntries::ScenarioId)
                            .to(Scenarios::Table, Scenarios::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LogEntries::Table, LogEntries::CorrectsId)
                            .to(LogEntries::Table, LogEntries::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LogEntries::Table, LogEntries::AuthorUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_log_entries_time")
                    .table(LogEntries::Table)
                    .col(LogEntries::OrganisationId)
                    .col(LogEntries::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LogEntries::Table).to_owned())
            .await
    }
}
