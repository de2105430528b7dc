use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Scenarios {
    Table,
    Id,
    OrganisationId,
    Kind,
    StandardKey,
    Title,
    Description,
    Probability,
    Consequence,
    OwnerUserId,
    Status,
    Metric,
    HysteresisMargin,
    CurrentLevelId,
    ComputedLevelId,
    LevelSetManually,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // current_level_id is not a foreign key: levels are created after their scenario.
        manager
            .create_table(
                Table::create()
                    .table(Scenarios::Table)
                    .if_not_exists()
                    .col(pk_auto(Scenarios::Id))
                    .col(integer(Scenarios::OrganisationId))
                    .col(string(Scenarios::Kind))
                    .col(string_null(Scenarios::StandardKey))
                    .col(string(Scenarios::Title))
                    .col(text(Scenarios::Description))
                    .col(integer(Scenarios::Probability))
                    .col(integer(Scenarios::Consequence))
                    .col(integer_null(Scenarios::OwnerUserId))
                    .col(string(Scenarios::Status))
                    .col(string(Scenarios::Metric))
                    .col(double(Scenarios::HysteresisMargin))
                    .col(integer_null(Scenarios::CurrentLevelId))
                    .col(integer_null(Scenarios::ComputedLevelId))
                    .col(boolean(Scenarios::LevelSetManually).default(false))
                    .col(integer(Scenarios::Version).default(1))
                    .col(timestamp_with_time_zone(Scenarios::CreatedAt))
                    .col(timestamp_with_time_zone(Scenarios::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Scenarios::Table, Scenarios::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Scenarios::Table, Scenarios::OwnerUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_scenarios_organisation")
                    .table(Scenarios::Table)
                    .col(Scenarios::OrganisationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Scenarios::Table).to_owned())
            .await
    }
}
