use crate::Organisations;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Extra {
    ChiefCommunicatorUserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The one person who communicates through every layer of the organisation. A plain
        // column (no foreign key): SQLite cannot add a constrained column to an existing table.
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(integer_null(Extra::ChiefCommunicatorUserId))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .drop_column(Extra::ChiefCommunicatorUserId)
                    .to_owned(),
            )
            .await
    }
}
