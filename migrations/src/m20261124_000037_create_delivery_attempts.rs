use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Every attempt to deliver one outbox row, so the delivery board still shows the three
/// failures before a fourth attempt succeeded.
#[derive(DeriveIden)]
enum DeliveryAttempts {
    Table,
    Id,
    OutboxMessageId,
    AttemptedAt,
    /// `sent`, `retry`, `failed`, `gone`, `cancelled`, `superseded`.
    Outcome,
    HttpStatus,
    Error,
}

#[derive(DeriveIden)]
enum OutboxMessages {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DeliveryAttempts::Table)
                    .if_not_exists()
                    .col(pk_auto(DeliveryAttempts::Id))
                    .col(integer(DeliveryAttempts::OutboxMessageId))
                    .col(timestamp_with_time_zone(DeliveryAttempts::AttemptedAt))
                    .col(string(DeliveryAttempts::Outcome))
                    .col(integer_null(DeliveryAttempts::HttpStatus))
                    .col(text_null(DeliveryAttempts::Error))
                    .foreign_key(
                        ForeignKey::create()
                            .from(DeliveryAttempts::Table, DeliveryAttempts::OutboxMessageId)
                            .to(OutboxMessages::Table, OutboxMessages::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_delivery_attempts_message")
                    .table(DeliveryAttempts::Table)
                    .col(DeliveryAttempts::OutboxMessageId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DeliveryAttempts::Table).to_owned())
            .await
    }
}
