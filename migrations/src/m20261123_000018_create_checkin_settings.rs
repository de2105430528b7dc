use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CheckinSettings {
    Table,
    Id,
    OrganisationId,
    NormalCalls,
    NormalMails,
    NormalChats,
    NormalWebVisits,
    ReminderTime,
    MeetingTime,
    MeetingMinutes,
    MeetingPlace,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(CheckinSettings::Table)
                    .if_not_exists()
                    .col(pk_auto(CheckinSettings::Id))
                    .col(integer(CheckinSettings::OrganisationId))
                    .col(integer_null(CheckinSettings::NormalCalls))
                    .col(integer_null(CheckinSettings::NormalMails))
                    .col(integer_null(CheckinSettings::NormalChats))
                    .col(integer_null(CheckinSettings::NormalWebVisits))
                    .col(string_null(CheckinSettings::ReminderTime))
                    .col(string_null(CheckinSettings::MeetingTime))
                    .col(integer(CheckinSettings::MeetingMinutes).default(30))
                    .col(string(CheckinSettings::MeetingPlace))
                    .col(integer(CheckinSettings::Version).default(1))
                    .col(timestamp_with_time_zone(CheckinSettings::CreatedAt))
                    .col(timestamp_with_time_zone(CheckinSettings::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(CheckinSettings::Table, CheckinSettings::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_checkin_settings_organisation")
                    .table(CheckinSettings::Table)
                    .col(CheckinSettings::OrganisationId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CheckinSettings::Table).to_owned())
            .await
    }
}
