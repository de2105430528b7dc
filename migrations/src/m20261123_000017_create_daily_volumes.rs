use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DailyVolumes {
    Table,
    Id,
    OrganisationId,
    Day,
    Calls,
    Mails,
    Chats,
    WebVisits,
    Backlog,
    RecordedByUserId,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DailyVolumes::Table)
                    .if_not_exists()
                    .col(pk_auto(DailyVolumes::Id))
                    .col(integer(DailyVolumes::OrganisationId))
                    .col(date(DailyVolumes::Day))
                    .col(integer_null(DailyVolumes::Calls))
                    .col(integer_null(DailyVolumes::Mails))
                    .col(integer_null(DailyVolumes::Chats))
                    .col(integer_null(DailyVolumes::WebVisits))
                    .col(integer_null(DailyVolumes::Backlog))
                    .col(integer_null(DailyVolumes::RecordedByUserId))
                    .col(timestamp_with_time_zone(DailyVolumes::CreatedAt))
                    .col(timestamp_with_time_zone(DailyVolumes::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DailyVolumes::Table, DailyVolumes::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_daily_volumes_day")
                    .table(DailyVolumes::Table)
                    .col(DailyVolumes::OrganisationId)
                    .col(DailyVolumes::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DailyVolumes::Table).to_owned())
            .await
    }
}
