use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum LoginFailures {
    Table,
    Id,
    Scope,
    OccurredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Kept in the database, not in memory, so throttling holds across app instances.
        manager
            .create_table(
                Table::create()
                    .table(LoginFailures::Table)
                    .if_not_exists()
                    .col(pk_auto(LoginFailures::Id))
                    .col(string(LoginFailures::Scope))
                    .col(timestamp_with_time_zone(LoginFailures::OccurredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_login_failures_scope_time")
                    .table(LoginFailures::Table)
                    .col(LoginFailures::Scope)
                    .col(LoginFailures::OccurredAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(LoginFailures::Table).to_owned())
            .await
    }
}
