use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who is on duty: one holder per role and organisation, handed over with a note. The
/// history is in the crisis log and the audit trail.
#[derive(DeriveIden)]
enum DutyRoles {
    Table,
    Id,
    OrganisationId,
    /// `crisis_lead`, `deputy`, `scribe` or `communicator`.
    Role,
    UserId,
    Since,
    Note,
    HandedOverByUserId,
    Version,
}

/// How often a situation report is due while a level is active, in hours.
#[derive(DeriveIden)]
enum ThresholdLevels {
    Table,
    ReportEveryHours,
}

/// The due time a reminder was last sent for, so it is sent once.
#[derive(DeriveIden)]
enum OrganisationsCadence {
    #[sea_orm(iden = "organisations")]
    Table,
    ReportRemindedDueAt,
}

/// The day's decisions from the crisis log as they stood when the report was saved (JSON).
#[derive(DeriveIden)]
enum SituationReports {
    Table,
    LogDecisions,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DutyRoles::Table)
                    .if_not_exists()
                    .col(pk_auto(DutyRoles::Id))
                    .col(integer(DutyRoles::OrganisationId))
                    .col(string_len(DutyRoles::Role, 16))
                    .col(integer_null(DutyRoles::UserId))
                    .col(timestamp_with_time_zone(DutyRoles::Since))
                    .col(text(DutyRoles::Note).default(""))
                    .col(integer_null(DutyRoles::HandedOverByUserId))
                    .col(integer(DutyRoles::Version).default(1))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DutyRoles::Table, DutyRoles::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DutyRoles::Table, DutyRoles::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DutyRoles::Table, DutyRoles::HandedOverByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_duty_roles_role")
                    .table(DutyRoles::Table)
                    .col(DutyRoles::OrganisationId)
                    .col(DutyRoles::Role)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ThresholdLevels::Table)
                    .add_column(integer_null(ThresholdLevels::ReportEveryHours))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrganisationsCadence::Table)
                    .add_column(timestamp_with_time_zone_null(
                        OrganisationsCadence::ReportRemindedDueAt,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(SituationReports::Table)
                    .add_column(text_null(SituationReports::LogDecisions))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SituationReports::Table)
                    .drop_column(SituationReports::LogDecisions)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(OrganisationsCadence::Table)
                    .drop_column(OrganisationsCadence::ReportRemindedDueAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(ThresholdLevels::Table)
                    .drop_column(ThresholdLevels::ReportEveryHours)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(DutyRoles::Table).to_owned())
            .await
    }
}
