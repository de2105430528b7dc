use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MeetingRules {
    Table,
    Id,
    OrganisationId,
    Position,
    Text,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(MeetingRules::Table)
                    .if_not_exists()
                    .col(pk_auto(MeetingRules::Id))
                    .col(integer(MeetingRules::OrganisationId))
                    .col(integer(MeetingRules::Position))
                    .col(text(MeetingRules::Text))
                    .col(timestamp_with_time_zone(MeetingRules::CreatedAt))
                    .col(timestamp_with_time_zone(MeetingRules::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(MeetingRules::Table, MeetingRules::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_meeting_rules_organisation")
                    .table(MeetingRules::Table)
                    .col(MeetingRules::OrganisationId)
                    .col(MeetingRules::Position)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MeetingRules::Table).to_owned())
            .await
    }
}
