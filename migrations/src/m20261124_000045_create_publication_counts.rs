//! A publication's delivery counts kept once every target has reached an end (sent, failed,
//! superseded, cancelled): the list and the board read these few rows instead of counting
//! thousands, and the rows they count may then be removed after the retention period.
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PublicationCounts {
    Table,
    Id,
    PublicationId,
    /// As on the board: `site`, `knowledge_base`, `live`, `email` or `channel`.
    Target,
    /// The chat or webhook channel's name for `channel`; empty for the others.
    Channel,
    /// The rows' status: `sent`, `dead`, `superseded` or `cancelled`.
    Status,
    N,
}

#[derive(DeriveIden)]
enum Publications {
    Table,
    Id,
    /// When the counts were kept; empty while any target is still on its way.
    SettledAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PublicationCounts::Table)
                    .if_not_exists()
                    .col(pk_auto(PublicationCounts::Id))
                    .col(integer(PublicationCounts::PublicationId))
                    .col(string(PublicationCounts::Target))
                    .col(string(PublicationCounts::Channel))
                    .col(string(PublicationCounts::Status))
                    .col(big_integer(PublicationCounts::N))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PublicationCounts::Table, PublicationCounts::PublicationId)
                            .to(Publications::Table, Publications::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_publication_counts")
                    .table(PublicationCounts::Table)
                    .col(PublicationCounts::PublicationId)
                    .col(PublicationCounts::Target)
                    .col(PublicationCounts::Channel)
                    .col(PublicationCounts::Status)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .add_column(timestamp_with_time_zone_null(Publications::SettledAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .drop_column(Publications::SettledAt)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(PublicationCounts::Table).to_owned())
            .await
    }
}
