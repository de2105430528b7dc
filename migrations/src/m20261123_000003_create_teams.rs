use crate::{Organisations, Teams};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Teams::Table)
                    .if_not_exists()
                    .col(pk_auto(Teams::Id))
                    .col(integer(Teams::OrganisationId))
                    .col(string(Teams::Name))
                    .col(timestamp_with_time_zone(Teams::CreatedAt))
                    .col(timestamp_with_time_zone(Teams::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Teams::Table, Teams::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_teams_organisation_name")
                    .table(Teams::Table)
                    .col(Teams::OrganisationId)
                    .col(Teams::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Teams::Table).to_owned())
            .await
    }
}
