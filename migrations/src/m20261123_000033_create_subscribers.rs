use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Subscribers {
    Table,
    Id,
    OrganisationId,
    Email,
    Language,
    Status,
    ConfirmationSentAt,
    ConfirmedAt,
    UnsubscribedAt,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Subscribers::Table)
                    .if_not_exists()
                    .col(pk_auto(Subscribers::Id))
                    .col(integer(Subscribers::OrganisationId))
                    .col(string(Subscribers::Email))
                    .col(string(Subscribers::Language))
                    .col(string(Subscribers::Status))
                    .col(timestamp_with_time_zone_null(
                        Subscribers::ConfirmationSentAt,
                    ))
                    .col(timestamp_with_time_zone_null(Subscribers::ConfirmedAt))
                    .col(timestamp_with_time_zone_null(Subscribers::UnsubscribedAt))
                    .col(timestamp_with_time_zone(Subscribers::CreatedAt))
                    .col(timestamp_with_time_zone(Subscribers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Subscribers::Table, Subscribers::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_subscribers_org_email")
                    .table(Subscribers::Table)
                    .col(Subscribers::OrganisationId)
                    .col(Subscribers::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_subscribers_org_status")
                    .table(Subscribers::Table)
                    .col(Subscribers::OrganisationId)
                    .col(Subscribers::Status)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Subscribers::Table).to_owned())
            .await
    }
}
