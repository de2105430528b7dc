use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Publications {
    Table,
    Id,
    OrganisationId,
    Kind,
    EntryId,
    RevisionId,
    LevelChangeId,
    Title,
    CreatedByUserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum FaqEntries {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum FaqRevisions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LevelChanges {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Publications::Table)
                    .if_not_exists()
                    .col(pk_auto(Publications::Id))
                    .col(integer(Publications::OrganisationId))
                    .col(string(Publications::Kind))
                    .col(integer_null(Publications::EntryId))
                    .col(integer_null(Publications::RevisionId))
                    .col(integer_null(Publications::LevelChangeId))
                    .col(text(Publications::Title))
                    .col(integer_null(Publications::CreatedByUserId))
                    .col(timestamp_with_time_zone(Publications::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Publications::Table, Publications::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Publications::Table, Publications::EntryId)
                            .to(FaqEntries::Table, FaqEntries::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Publications::Table, Publications::RevisionId)
                            .to(FaqRevisions::Table, FaqRevisions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Publications::Table, Publications::LevelChangeId)
                            .to(LevelChanges::Table, LevelChanges::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Publications::Table, Publications::CreatedByUserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_publications_org_created")
                    .table(Publications::Table)
                    .col(Publications::OrganisationId)
                    .col(Publications::CreatedAt)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Publications::Table).to_owned())
            .await
    }
}
