use crate::{Organisations, Teams, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The supervisors of a team: they see its check-ins and chase those who have not answered.
#[derive(DeriveIden)]
enum TeamLeads {
    Table,
    Id,
    OrganisationId,
    TeamId,
    UserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TeamLeads::Table)
                    .if_not_exists()
                    .col(pk_auto(TeamLeads::Id))
                    .col(integer(TeamLeads::OrganisationId))
                    .col(integer(TeamLeads::TeamId))
                    .col(integer(TeamLeads::UserId))
                    .col(timestamp_with_time_zone(TeamLeads::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(TeamLeads::Table, TeamLeads::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TeamLeads::Table, TeamLeads::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(TeamLeads::Table, TeamLeads::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_team_leads_team_user")
                    .table(TeamLeads::Table)
                    .col(TeamLeads::TeamId)
                    .col(TeamLeads::UserId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TeamLeads::Table).to_owned())
            .await
    }
}
