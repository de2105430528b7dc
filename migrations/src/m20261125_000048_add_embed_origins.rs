use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The sites allowed to show the FAQ in a frame (`/p/{org}/embed`), as origins separated by
/// spaces; none by default.
#[derive(DeriveIden)]
enum Organisations {
    Table,
    EmbedOrigins,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .add_column(text(Organisations::EmbedOrigins).default(""))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Organisations::Table)
                    .drop_column(Organisations::EmbedOrigins)
                    .to_owned(),
            )
            .await
    }
}
