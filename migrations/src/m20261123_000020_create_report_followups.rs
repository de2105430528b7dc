use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportFollowups {
    Table,
    Id,
    OrganisationId,
    ReportId,
    ActionId,
    ActionTitle,
    Status,
    Outcome,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportFollowups::Table)
                    .if_not_exists()
                    .col(pk_auto(ReportFollowups::Id))
                    .col(integer(ReportFollowups::OrganisationId))
                    .col(integer(ReportFollowups::ReportId))
                    .col(integer_null(ReportFollowups::ActionId))
                    .col(string(ReportFollowups::ActionTitle))
                    .col(string(ReportFollowups::Status))
                    .col(text(ReportFollowups::Outcome))
                    .col(timestamp_with_time_zone(ReportFollowups::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ReportFollowups::Table, ReportFollowups::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_report_followups_report")
                    .table(ReportFollowups::Table)
                    .col(ReportFollowups::ReportId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ReportFollowups::Table).to_owned())
            .await
    }
}
