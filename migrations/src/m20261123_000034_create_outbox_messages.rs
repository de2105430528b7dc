use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
    OrganisationId,
    PublicationId,
    EntryId,
    Target,
    ChannelId,
    SubscriberId,
    UserId,
    Recipient,
    IdempotencyKey,
    Status,
    Attempts,
    NextAttemptAt,
    LeaseUntil,
    ClaimedBy,
    LastError,
    LastStatus,
    SentAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum DeliveryChannels {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Publications {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Subscribers {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OutboxMessages::Table)
                    .if_not_exists()
                    .col(pk_auto(OutboxMessages::Id))
                    .col(integer(OutboxMessages::OrganisationId))
                    .col(integer(OutboxMessages::PublicationId))
                    .col(integer_null(OutboxMessages::EntryId))
                    .col(string(OutboxMessages::Target))
                    .col(integer_null(OutboxMessages::ChannelId))
                    .col(integer_null(OutboxMessages::SubscriberId))
                    .col(integer_null(OutboxMessages::UserId))
                    .col(string(OutboxMessages::Recipient))
                    .col(string(OutboxMessages::IdempotencyKey))
                    .col(string(OutboxMessages::Status))
                    .col(integer(OutboxMessages::Attempts).default(0))
                    .col(timestamp_with_time_zone(OutboxMessages::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(OutboxMessages::LeaseUntil))
                    .col(string_null(OutboxMessages::ClaimedBy))
                    .col(text_null(OutboxMessages::LastError))
                    .col(integer_null(OutboxMessages::LastStatus))
                    .col(timestamp_with_time_zone_null(OutboxMessages::SentAt))
                    .col(timestamp_with_time_zone(OutboxMessages::CreatedAt))
                    .col(timestamp_with_time_zone(OutboxMessages::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxMessages::Table, OutboxMessages::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxMessages::Table, OutboxMessages::PublicationId)
                            .to(Publications::Table, Publications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxMessages::Table, OutboxMessages::ChannelId)
                            .to(DeliveryChannels::Table, DeliveryChannels::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxMessages::Table, OutboxMessages::SubscriberId)
                            .to(Subscribers::Table, Subscribers::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxMessages::Table, OutboxMessages::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_outbox_idempotency_key")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::IdempotencyKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_due")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::Status)
                    .col(OutboxMessages::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_publication")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::PublicationId)
                    .col(OutboxMessages::Target)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_outbox_entry")
                    .table(OutboxMessages::Table)
                    .col(OutboxMessages::EntryId)
                    .col(OutboxMessages::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OutboxMessages::Table).to_owned())
            .await
    }
}
