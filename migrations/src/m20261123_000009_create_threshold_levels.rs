use crate::{Organisations, Scenarios};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ThresholdLevels {
    Table,
    Id,
    OrganisationId,
    ScenarioId,
    Position,
    Name,
    TriggerValue,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ThresholdLevels::Table)
                    .if_not_exists()
                    .col(pk_auto(ThresholdLevels::Id))
                    .col(integer(ThresholdLevels::OrganisationId))
                    .col(integer(ThresholdLevels::ScenarioId))
                    .col(integer(ThresholdLevels::Position))
                    .col(string(ThresholdLevels::Name))
                    .col(double(ThresholdLevels::TriggerValue))
                    .col(text(ThresholdLevels::Description))
                    .col(timestamp_with_time_zone(ThresholdLevels::CreatedAt))
                    .col(timestamp_with_time_zone(ThresholdLevels::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ThresholdLevels::Table, ThresholdLevels::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ThresholdLevels::Table, ThresholdLevels::ScenarioId)
                            .to(Scenarios::Table, Scenarios::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_threshold_levels_scenario")
                    .table(ThresholdLevels::Table)
                    .col(ThresholdLevels::ScenarioId)
                    .col(ThresholdLevels::Position)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ThresholdLevels::Table).to_owned())
            .await
    }
}
