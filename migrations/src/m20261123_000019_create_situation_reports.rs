use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SituationReports {
    Table,
    Id,
    OrganisationId,
    Day,
    Situation,
    Delivery,
    DeliveryNote,
    WellbeingNote,
    Decisions,
    Attendees,
    Headcount,
    Present,
    Absent,
    Unknown,
    AbsencePct,
    WellbeingAvg,
    WorkloadChangePct,
    CreatedByUserId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The figures are copied at the time of the report so that it reads the same later.
        manager
            .create_table(
                Table::create()
                    .table(SituationReports::Table)
                    .if_not_exists()
                    .col(pk_auto(SituationReports::Id))
                    .col(integer(SituationReports::OrganisationId))
                    .col(date(SituationReports::Day))
                    .col(text(SituationReports::Situation))
                    .col(string(SituationReports::Delivery))
                    .col(text(SituationReports::DeliveryNote))
                    .col(text(SituationReports::WellbeingNote))
                    .col(text(SituationReports::Decisions))
                    .col(text(SituationReports::Attendees))
                    .col(integer(SituationReports::Headcount))
                    .col(integer(SituationReports::Present))
                    .col(integer(SituationReports::Absent))
                    .col(integer(SituationReports::Unknown))
                    .col(double_null(SituationReports::AbsencePct))
                    .col(double_null(SituationReports::WellbeingAvg))
                    .col(double_null(SituationReports::WorkloadChangePct))
                    .col(integer_null(SituationReports::CreatedByUserId))
                    .col(integer(SituationReports::Version).default(1))
                    .col(timestamp_with_time_zone(SituationReports::CreatedAt))
                    .col(timestamp_with_time_zone(SituationReports::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SituationReports::Table, SituationReports::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_situation_reports_day")
                    .table(SituationReports::Table)
                    .col(SituationReports::OrganisationId)
                    .col(SituationReports::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SituationReports::Table).to_owned())
            .await
    }
}
