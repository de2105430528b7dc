use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
    OrganisationId,
    UserId,
    Day,
    Channel,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reminders::Table)
                    .if_not_exists()
                    .col(pk_auto(Reminders::Id))
                    .col(integer(Reminders::OrganisationId))
                    .col(integer(Reminders::UserId))
                    .col(date(Reminders::Day))
                    .col(string(Reminders::Channel))
                    .col(timestamp_with_time_zone(Reminders::SentAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reminders::Table, Reminders::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Reminders::Table, Reminders::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_reminders_person_day")
                    .table(Reminders::Table)
                    .col(Reminders::OrganisationId)
                    .col(Reminders::UserId)
                    .col(Reminders::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Reminders::Table).to_owned())
            .await
    }
}
