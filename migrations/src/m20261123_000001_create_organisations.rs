use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Organisations::Table)
                    .if_not_exists()
                    .col(pk_auto(Organisations::Id))
                    .col(string_uniq(Organisations::Slug))
                    .col(string(Organisations::Name))
                    .col(string(Organisations::TimeZone))
                    .col(string(Organisations::DefaultLanguage))
                    .col(timestamp_with_time_zone(Organisations::CreatedAt))
                    .col(timestamp_with_time_zone(Organisations::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Organisations::Table).to_owned())
            .await
    }
}
