use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum CommunicationPlans {
    Table,
    Id,
    OrganisationId,
    Audience,
    OwnerUserId,
    DeputyUserId,
    Channels,
    Cadence,
    Notes,
    LastCommunicatedAt,
    NextDueAt,
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
                    .table(CommunicationPlans::Table)
                    .if_not_exists()
                    .col(pk_auto(CommunicationPlans::Id))
                    .col(integer(CommunicationPlans::OrganisationId))
                    .col(string(CommunicationPlans::Audience))
                    .col(integer_null(CommunicationPlans::OwnerUserId))
                    .col(integer_null(CommunicationPlans::DeputyUserId))
                    .col(string(CommunicationPlans::Channels))
                    .col(string(CommunicationPlans::Cadence))
                    .col(text(CommunicationPlans::Notes))
                    .col(timestamp_with_time_zone_null(
                        CommunicationPlans::LastCommunicatedAt,
                    ))
                    .col(timestamp_with_time_zone_null(CommunicationPlans::NextDueAt))
                    .col(integer(CommunicationPlans::Version).default(1))
                    .col(timestamp_with_time_zone(CommunicationPlans::CreatedAt))
                    .col(timestamp_with_time_zone(CommunicationPlans::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                CommunicationPlans::Table,
                                CommunicationPlans::OrganisationId,
                            )
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CommunicationPlans::Table, CommunicationPlans::OwnerUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CommunicationPlans::Table, CommunicationPlans::DeputyUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_communication_plans_audience")
                    .table(CommunicationPlans::Table)
                    .col(CommunicationPlans::OrganisationId)
                    .col(CommunicationPlans::Audience)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CommunicationPlans::Table).to_owned())
            .await
    }
}
