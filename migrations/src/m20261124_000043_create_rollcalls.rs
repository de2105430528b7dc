use crate::{Organisations, Teams, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One message to everyone (or one team) asking where they will work today.
#[derive(DeriveIden)]
enum Rollcalls {
    Table,
    Id,
    OrganisationId,
    /// None: everyone in the organisation.
    TeamId,
    Message,
    /// The organisation's local day the answers are check-ins for.
    Day,
    DeadlineAt,
    /// Non-responders are reminded this long after the start; none: no reminder.
    RemindAfterMinutes,
    RemindedAt,
    /// When the team leads got their lists and the crisis group the summary.
    EscalatedAt,
    /// Set when a scenario's level started it.
    LevelChangeId,
    StartedByUserId,
    /// When the messages were written to the outbox; a roll-call started by a level change is
    /// written first and launched by the next tick.
    LaunchedAt,
    ClosedAt,
    CreatedAt,
}

/// Who was asked, and their answer.
#[derive(DeriveIden)]
enum RollcallRecipients {
    Table,
    Id,
    RollcallId,
    OrganisationId,
    UserId,
    /// The person's team when the roll-call started.
    TeamId,
    /// The check-in status they answered with; none until they answer.
    Status,
    AnsweredAt,
    /// `link`, `sms`, `app` (a check-in of their own) or `on_behalf`.
    AnsweredVia,
}

#[derive(DeriveIden)]
enum Publications {
    Table,
    RollcallId,
}

#[derive(DeriveIden)]
enum StaffCheckins {
    Table,
    /// `app`, `on_behalf`, `rollcall` (a tap on the roll-call link) or `sms` (a digit reply).
    Source,
}

#[derive(DeriveIden)]
enum ThresholdLevels {
    Table,
    /// Reaching this level starts a roll-call of everyone with this message.
    StartRollcall,
    RollcallMessage,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Rollcalls::Table)
                    .if_not_exists()
                    .col(pk_auto(Rollcalls::Id))
                    .col(integer(Rollcalls::OrganisationId))
                    .col(integer_null(Rollcalls::TeamId))
                    .col(text(Rollcalls::Message))
                    .col(date(Rollcalls::Day))
                    .col(timestamp_with_time_zone(Rollcalls::DeadlineAt))
                    .col(integer_null(Rollcalls::RemindAfterMinutes))
                    .col(timestamp_with_time_zone_null(Rollcalls::RemindedAt))
                    .col(timestamp_with_time_zone_null(Rollcalls::EscalatedAt))
                    .col(integer_null(Rollcalls::LevelChangeId))
                    .col(integer_null(Rollcalls::StartedByUserId))
                    .col(timestamp_with_time_zone_null(Rollcalls::LaunchedAt))
                    .col(timestamp_with_time_zone_null(Rollcalls::ClosedAt))
                    .col(timestamp_with_time_zone(Rollcalls::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rollcalls::Table, Rollcalls::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rollcalls::Table, Rollcalls::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rollcalls::Table, Rollcalls::StartedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_rollcalls_org_created")
                    .table(Rollcalls::Table)
                    .col(Rollcalls::OrganisationId)
                    .col(Rollcalls::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollcallRecipients::Table)
                    .if_not_exists()
                    .col(pk_auto(RollcallRecipients::Id))
                    .col(integer(RollcallRecipients::RollcallId))
                    .col(integer(RollcallRecipients::OrganisationId))
                    .col(integer(RollcallRecipients::UserId))
                    .col(integer_null(RollcallRecipients::TeamId))
                    .col(string_null(RollcallRecipients::Status))
                    .col(timestamp_with_time_zone_null(
                        RollcallRecipients::AnsweredAt,
                    ))
                    .col(string_null(RollcallRecipients::AnsweredVia))
                    .foreign_key(
                        ForeignKey::create()
                            .from(RollcallRecipients::Table, RollcallRecipients::RollcallId)
                            .to(Rollcalls::Table, Rollcalls::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RollcallRecipients::Table, RollcallRecipients::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_rollcall_recipients_person")
                    .table(RollcallRecipients::Table)
                    .col(RollcallRecipients::RollcallId)
                    .col(RollcallRecipients::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_rollcall_recipients_user")
                    .table(RollcallRecipients::Table)
                    .col(RollcallRecipients::UserId)
                    .col(RollcallRecipients::OrganisationId)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .add_column(integer_null(Publications::RollcallId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(StaffCheckins::Table)
                    .add_column(string(StaffCheckins::Source).default("app"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ThresholdLevels::Table)
                    .add_column(boolean(ThresholdLevels::StartRollcall).default(false))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ThresholdLevels::Table)
                    .add_column(string(ThresholdLevels::RollcallMessage).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            (
                ThresholdLevels::Table.into_iden(),
                ThresholdLevels::RollcallMessage.into_iden(),
            ),
            (
                ThresholdLevels::Table.into_iden(),
                ThresholdLevels::StartRollcall.into_iden(),
            ),
            (
                StaffCheckins::Table.into_iden(),
                StaffCheckins::Source.into_iden(),
            ),
            (
                Publications::Table.into_iden(),
                Publications::RollcallId.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(RollcallRecipients::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Rollcalls::Table).to_owned())
            .await
    }
}
