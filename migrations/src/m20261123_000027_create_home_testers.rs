use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HomeTesters {
    Table,
    Id,
    OrganisationId,
    UserId,
    IntervalDays,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HomeTesters::Table)
                    .if_not_exists()
                    .col(pk_auto(HomeTesters::Id))
                    .col(integer(HomeTesters::OrganisationId))
                    .col(integer(HomeTesters::UserId))
                    .col(integer(HomeTesters::IntervalDays))
                    .col(boolean(HomeTesters::Active).default(true))
                    .col(timestamp_with_time_zone(HomeTesters::CreatedAt))
                    .col(timestamp_with_time_zone(HomeTesters::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(HomeTesters::Table, HomeTesters::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HomeTesters::Table, HomeTesters::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_home_testers_person")
                    .table(HomeTesters::Table)
                    .col(HomeTesters::OrganisationId)
                    .col(HomeTesters::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(HomeTesters::Table).to_owned())
            .await
    }
}
