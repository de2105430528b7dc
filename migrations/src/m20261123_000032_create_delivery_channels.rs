use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DeliveryChannels {
    Table,
    Id,
    OrganisationId,
    Name,
    Kind,
    Url,
    Secret,
    Audience,
    Enabled,
    DisabledReason,
    OwnerUserId,
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
                    .table(DeliveryChannels::Table)
                    .if_not_exists()
                    .col(pk_auto(DeliveryChannels::Id))
                    .col(integer(DeliveryChannels::OrganisationId))
                    .col(string(DeliveryChannels::Name))
                    .col(string(DeliveryChannels::Kind))
                    .col(text(DeliveryChannels::Url))
                    .col(text(DeliveryChannels::Secret))
                    .col(string(DeliveryChannels::Audience))
                    .col(boolean(DeliveryChannels::Enabled).default(true))
                    .col(text_null(DeliveryChannels::DisabledReason))
                    .col(integer_null(DeliveryChannels::OwnerUserId))
                    .col(integer(DeliveryChannels::Version).default(1))
                    .col(timestamp_with_time_zone(DeliveryChannels::CreatedAt))
                    .col(timestamp_with_time_zone(DeliveryChannels::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryChannels::Table, DeliveryChannels::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryChannels::Table, DeliveryChannels::OwnerUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_channels_org")
                    .table(DeliveryChannels::Table)
                    .col(DeliveryChannels::OrganisationId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DeliveryChannels::Table).to_owned())
            .await
    }
}
