use crate::{Organisations, Scenarios, ThresholdLevels, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A rehearsal of a scenario: its own level, log, roll-calls and notices, all marked
/// EXERCISE and kept to the crisis group and internal channels; then an after-action review.
#[derive(DeriveIden)]
enum Exercises {
    Table,
    Id,
    OrganisationId,
    ScenarioId,
    Title,
    /// `running`, `ended` or `reviewed`.
    Status,
    StartedAt,
    EndedAt,
    StartedByUserId,
    /// The exercise's own level on the scenario's ladder (the real one is never touched).
    LevelId,
    /// Comma-separated user ids.
    Participants,
    Worked,
    DidNotWork,
    ReviewedAt,
    Version,
}

/// What happens in the drill at a set time after its start.
#[derive(DeriveIden)]
enum ExerciseInjects {
    Table,
    Id,
    ExerciseId,
    OrganisationId,
    AtMinutes,
    Text,
}

/// A lesson of the review, and the action it became.
#[derive(DeriveIden)]
enum ExerciseLessons {
    Table,
    Id,
    ExerciseId,
    OrganisationId,
    Text,
    /// `action` or `plan_change`.
    Kind,
    OwnerUserId,
    ActionId,
}

#[derive(DeriveIden)]
enum LogEntries {
    Table,
    ExerciseId,
}

#[derive(DeriveIden)]
enum Rollcalls {
    Table,
    ExerciseId,
}

/// An exercise notice: which exercise, and its text (the headline is the title).
#[derive(DeriveIden)]
enum Publications {
    Table,
    ExerciseId,
    Body,
}

#[derive(DeriveIden)]
enum PlanActions {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Exercises::Table)
                    .if_not_exists()
                    .col(pk_auto(Exercises::Id))
                    .col(integer(Exercises::OrganisationId))
                    .col(integer(Exercises::ScenarioId))
                    .col(string_len(Exercises::Title, 200))
                    .col(string_len(Exercises::Status, 16))
                    .col(timestamp_with_time_zone(Exercises::StartedAt))
                    .col(timestamp_with_time_zone_null(Exercises::EndedAt))
                    .col(integer_null(Exercises::StartedByUserId))
                    .col(integer_null(Exercises::LevelId))
                    .col(text(Exercises::Participants).default(""))
                    .col(text(Exercises::Worked).default(""))
                    .col(text(Exercises::DidNotWork).default(""))
                    .col(timestamp_with_time_zone_null(Exercises::ReviewedAt))
                    .col(integer(Exercises::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Exercises::Table, Exercises::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Exercises::Table, Exercises::ScenarioId)
                            .to(Scenarios::Table, Scenarios::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Exercises::Table, Exercises::StartedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Exercises::Table, Exercises::LevelId)
                            .to(ThresholdLevels::Table, ThresholdLevels::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_exercises_scenario")
                    .table(Exercises::Table)
                    .col(Exercises::OrganisationId)
                    .col(Exercises::ScenarioId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExerciseInjects::Table)
                    .if_not_exists()
                    .col(pk_auto(ExerciseInjects::Id))
                    .col(integer(ExerciseInjects::ExerciseId))
                    .col(integer(ExerciseInjects::OrganisationId))
                    .col(integer(ExerciseInjects::AtMinutes))
                    .col(text(ExerciseInjects::Text))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExerciseInjects::Table, ExerciseInjects::ExerciseId)
                            .to(Exercises::Table, Exercises::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ExerciseLessons::Table)
                    .if_not_exists()
                    .col(pk_auto(ExerciseLessons::Id))
                    .col(integer(ExerciseLessons::ExerciseId))
                    .col(integer(ExerciseLessons::OrganisationId))
                    .col(text(ExerciseLessons::Text))
                    .col(string_len(ExerciseLessons::Kind, 16))
                    .col(integer_null(ExerciseLessons::OwnerUserId))
                    .col(integer_null(ExerciseLessons::ActionId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExerciseLessons::Table, ExerciseLessons::ExerciseId)
                            .to(Exercises::Table, Exercises::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExerciseLessons::Table, ExerciseLessons::OwnerUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ExerciseLessons::Table, ExerciseLessons::ActionId)
                            .to(PlanActions::Table, PlanActions::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(LogEntries::Table)
                    .add_column(integer_null(LogEntries::ExerciseId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Rollcalls::Table)
                    .add_column(integer_null(Rollcalls::ExerciseId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .add_column(integer_null(Publications::ExerciseId))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .add_column(text_null(Publications::Body))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            (
                Publications::Table.into_iden(),
                Publications::Body.into_iden(),
            ),
            (
                Publications::Table.into_iden(),
                Publications::ExerciseId.into_iden(),
            ),
            (
                Rollcalls::Table.into_iden(),
                Rollcalls::ExerciseId.into_iden(),
            ),
            (
                LogEntries::Table.into_iden(),
                LogEntries::ExerciseId.into_iden(),
            ),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        for table in [
            ExerciseLessons::Table.into_iden(),
            ExerciseInjects::Table.into_iden(),
            Exercises::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
