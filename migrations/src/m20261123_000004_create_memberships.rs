use crate::{Organisations, Teams, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    Id,
    OrganisationId,
    UserId,
    TeamId,
    Roles,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .if_not_exists()
                    .col(pk_auto(Memberships::Id))
                    .col(integer(Memberships::OrganisationId))
                    .col(integer(Memberships::UserId))
                    .col(integer_null(Memberships::TeamId))
                    // Comma-separated role names; a person may hold several (admin and crisis lead).
                    .col(string(Memberships::Roles))
                    // Deactivation is per organisation: the person keeps access elsewhere.
                    .col(boolean(Memberships::Active).default(true))
                    .col(timestamp_with_time_zone(Memberships::CreatedAt))
                    .col(timestamp_with_time_zone(Memberships::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_memberships_organisation_user")
                    .table(Memberships::Table)
                    .col(Memberships::OrganisationId)
                    .col(Memberships::UserId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_memberships_user")
                    .table(Memberships::Table)
                    .col(Memberships::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Memberships::Table).to_owned())
            .await
    }
}
