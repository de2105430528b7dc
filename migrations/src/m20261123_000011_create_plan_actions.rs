use crate::{Organisations, Scenarios, ThresholdLevels, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PlanActions {
    Table,
    Id,
    OrganisationId,
    ScenarioId,
    LevelId,
    Area,
    Title,
    Description,
    OwnerUserId,
    DueDate,
    Status,
    Outcome,
    OutcomeRating,
    Position,
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
                    .table(PlanActions::Table)
                    .if_not_exists()
                    .col(pk_auto(PlanActions::Id))
                    .col(integer(PlanActions::OrganisationId))
                    .col(integer(PlanActions::ScenarioId))
                    .col(integer_null(PlanActions::LevelId))
                    .col(string(PlanActions::Area))
                    .col(string(PlanActions::Title))
                    .col(text(PlanActions::Description))
                    .col(integer_null(PlanActions::OwnerUserId))
                    .col(date_null(PlanActions::DueDate))
                    .col(string(PlanActions::Status))
                    .col(text_null(PlanActions::Outcome))
                    .col(string_null(PlanActions::OutcomeRating))
                    .col(integer(PlanActions::Position))
                    .col(integer(PlanActions::Version).default(1))
                    .col(timestamp_with_time_zone(PlanActions::CreatedAt))
                    .col(timestamp_with_time_zone(PlanActions::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActions::Table, PlanActions::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActions::Table, PlanActions::ScenarioId)
                            .to(Scenarios::Table, Scenarios::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActions::Table, PlanActions::LevelId)
                            .to(ThresholdLevels::Table, ThresholdLevels::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PlanActions::Table, PlanActions::OwnerUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_plan_actions_scenario")
                    .table(PlanActions::Table)
                    .col(PlanActions::ScenarioId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_plan_actions_owner")
                    .table(PlanActions::Table)
                    .col(PlanActions::OwnerUserId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PlanActions::Table).to_owned())
            .await
    }
}
