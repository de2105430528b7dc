use crate::{Organisations, Scenarios};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LevelChanges {
    Table,
    Id,
    OrganisationId,
    ScenarioId,
    FromLevelId,
    ToLevelId,
    FromName,
    ToName,
    Metric,
    Value,
    Cause,
    Reason,
    ChangedByUserId,
    OccurredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Names are copied so the history reads right after a level is renamed or deleted.
        manager
            .create_table(
                Table::create()
                    .table(LevelChanges::Table)
                    .if_not_exists()
                    .col(pk_auto(LevelChanges::Id))
                    .col(integer(LevelChanges::OrganisationId))
                    .col(integer(LevelChanges::ScenarioId))
                    .col(integer_null(LevelChanges::FromLevelId))
                    .col(integer_null(LevelChanges::ToLevelId))
                    .col(string_null(LevelChanges::FromName))
                    .col(string_null(LevelChanges::ToName))
                    .col(string(LevelChanges::Metric))
                    .col(double_null(LevelChanges::Value))
                    .col(string(LevelChanges::Cause))
                    .col(text_null(LevelChanges::Reason))
                    .col(integer_null(LevelChanges::ChangedByUserId))
                    .col(timestamp_with_time_zone(LevelChanges::OccurredAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(LevelChanges::Table, LevelChanges::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(LevelChanges::Table, LevelChanges::ScenarioId)
                            .to(Scenarios::Table, Scenarios::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_level_changes_scenario_time")
                    .table(LevelChanges::Table)
                    .col(LevelChanges::ScenarioId)
                    .col(LevelChanges::OccurredAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LevelChanges::Table).to_owned())
            .await
    }
}
