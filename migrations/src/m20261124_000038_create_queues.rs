use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The contact channels a centre staffs, with what they aim for and what a normal day brings.
#[derive(DeriveIden)]
pub enum Queues {
    Table,
    Id,
    OrganisationId,
    Name,
    /// `voice`, `chat` or `email`.
    Kind,
    /// 15, 30 or 60: the length of the intervals the day is planned in.
    IntervalMinutes,
    /// Seven entries, Monday first, `HH:MM-HH:MM` or empty when closed; comma-separated.
    OpeningHours,
    /// A normal day's contacts per weekday, Monday first; comma-separated.
    WeekdayVolumes,
    /// The share of a day's contacts per interval from midnight (weights, comma-separated).
    Profile,
    TargetServiceLevel,
    TargetSeconds,
    AhtSeconds,
    Concurrency,
    PatienceSeconds,
    MaxOccupancy,
    Shrinkage,
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
                    .table(Queues::Table)
                    .if_not_exists()
                    .col(pk_auto(Queues::Id))
                    .col(integer(Queues::OrganisationId))
                    .col(string(Queues::Name))
                    .col(string(Queues::Kind))
                    .col(integer(Queues::IntervalMinutes))
                    .col(text(Queues::OpeningHours))
                    .col(text(Queues::WeekdayVolumes))
                    .col(text(Queues::Profile))
                    .col(double(Queues::TargetServiceLevel))
                    .col(integer(Queues::TargetSeconds))
                    .col(integer(Queues::AhtSeconds))
                    .col(integer(Queues::Concurrency))
                    .col(integer_null(Queues::PatienceSeconds))
                    .col(double(Queues::MaxOccupancy))
                    .col(double(Queues::Shrinkage))
                    .col(integer(Queues::Version))
                    .col(timestamp_with_time_zone(Queues::CreatedAt))
                    .col(timestamp_with_time_zone(Queues::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Queues::Table, Queues::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_queues_org_name")
                    .table(Queues::Table)
                    .col(Queues::OrganisationId)
                    .col(Queues::Name)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Queues::Table).to_owned())
            .await
    }
}
