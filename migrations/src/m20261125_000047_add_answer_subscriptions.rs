use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A subscription follows the whole FAQ (0) or one answer ("tell me when this answer changes").
#[derive(DeriveIden)]
enum Subscribers {
    Table,
    OrganisationId,
    Email,
    FaqEntryId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Subscribers::Table)
                    .add_column(integer(Subscribers::FaqEntryId).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ux_subscribers_org_email")
                    .table(Subscribers::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_subscribers_org_email_entry")
                    .table(Subscribers::Table)
                    .col(Subscribers::OrganisationId)
                    .col(Subscribers::Email)
                    .col(Subscribers::FaqEntryId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_subscribers_org_email_entry")
                    .table(Subscribers::Table)
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
            .alter_table(
                Table::alter()
                    .table(Subscribers::Table)
                    .drop_column(Subscribers::FaqEntryId)
                    .to_owned(),
            )
            .await
    }
}
