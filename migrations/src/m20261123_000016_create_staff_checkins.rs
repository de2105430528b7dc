use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StaffCheckins {
    Table,
    Id,
    OrganisationId,
    UserId,
    Day,
    Status,
    Wellbeing,
    Note,
    RecordedByUserId,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One row per person per local day of the organisation; planned leave is a row ahead of time.
        manager
            .create_table(
                Table::create()
                    .table(StaffCheckins::Table)
                    .if_not_exists()
                    .col(pk_auto(StaffCheckins::Id))
                    .col(integer(StaffCheckins::OrganisationId))
                    .col(integer(StaffCheckins::UserId))
                    .col(date(StaffCheckins::Day))
                    .col(string(StaffCheckins::Status))
                    .col(integer_null(StaffCheckins::Wellbeing))
                    .col(text(StaffCheckins::Note))
                    .col(integer_null(StaffCheckins::RecordedByUserId))
                    .col(timestamp_with_time_zone(StaffCheckins::CreatedAt))
                    .col(timestamp_with_time_zone(StaffCheckins::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffCheckins::Table, StaffCheckins::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(StaffCheckins::Table, StaffCheckins::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_staff_checkins_person_day")
                    .table(StaffCheckins::Table)
                    .col(StaffCheckins::OrganisationId)
                    .col(StaffCheckins::UserId)
                    .col(StaffCheckins::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_staff_checkins_day")
                    .table(StaffCheckins::Table)
                    .col(StaffCheckins::OrganisationId)
                    .col(StaffCheckins::Day)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StaffCheckins::Table).to_owned())
            .await
    }
}
