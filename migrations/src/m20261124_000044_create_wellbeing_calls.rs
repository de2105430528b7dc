use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A team lead's weekly call to someone working from home: reached or not, how they are.
#[derive(DeriveIden)]
enum WellbeingCalls {
    Table,
    Id,
    OrganisationId,
    /// The person called.
    UserId,
    /// Their team when called.
    TeamId,
    CallerUserId,
    CalledAt,
    Reached,
    /// 1–5, when reached.
    Wellbeing,
    /// Seen by the person's leads and the crisis lead only.
    Note,
}

#[derive(DeriveIden)]
enum CheckinSettings {
    Table,
    /// Everyone working from home is due a call this many days after the last one.
    WellbeingCallDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WellbeingCalls::Table)
                    .if_not_exists()
                    .col(pk_auto(WellbeingCalls::Id))
                    .col(integer(WellbeingCalls::OrganisationId))
                    .col(integer(WellbeingCalls::UserId))
                    .col(integer_null(WellbeingCalls::TeamId))
                    .col(integer_null(WellbeingCalls::CallerUserId))
                    .col(timestamp_with_time_zone(WellbeingCalls::CalledAt))
                    .col(boolean(WellbeingCalls::Reached))
                    .col(integer_null(WellbeingCalls::Wellbeing))
                    .col(text(WellbeingCalls::Note))
                    .foreign_key(
                        ForeignKey::create()
                            .from(WellbeingCalls::Table, WellbeingCalls::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WellbeingCalls::Table, WellbeingCalls::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(WellbeingCalls::Table, WellbeingCalls::CallerUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_wellbeing_calls_person")
                    .table(WellbeingCalls::Table)
                    .col(WellbeingCalls::OrganisationId)
                    .col(WellbeingCalls::UserId)
                    .col(WellbeingCalls::CalledAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(CheckinSettings::Table)
                    .add_column(integer(CheckinSettings::WellbeingCallDays).default(7))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(CheckinSettings::Table)
                    .drop_column(CheckinSettings::WellbeingCallDays)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(WellbeingCalls::Table).to_owned())
            .await
    }
}
