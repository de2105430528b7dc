use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum HomeTests {
    Table,
    Id,
    OrganisationId,
    UserId,
    TestedOn,
    Result,
    Problems,
    RecordedByUserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(HomeTests::Table)
                    .if_not_exists()
                    .col(pk_auto(HomeTests::Id))
                    .col(integer(HomeTests::OrganisationId))
                    .col(integer(HomeTests::UserId))
                    .col(date(HomeTests::TestedOn))
                    .col(string(HomeTests::Result))
                    .col(text(HomeTests::Problems))
                    .col(integer_null(HomeTests::RecordedByUserId))
                    .col(timestamp_with_time_zone(HomeTests::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(HomeTests::Table, HomeTests::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(HomeTests::Table, HomeTests::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_home_tests_person")
                    .table(HomeTests::Table)
                    .col(HomeTests::OrganisationId)
                    .col(HomeTests::UserId)
                    .col(HomeTests::TestedOn)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(HomeTests::Table).to_owned())
            .await
    }
}
