use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Business-impact figures per task (ISO 22301's business impact analysis): how soon it must be
/// back, how long it can be down at most, the least service that is acceptable, and what it
/// depends on.
#[derive(DeriveIden)]
enum WorkTasks {
    Table,
    /// Recovery time objective, hours.
    RtoHours,
    /// Maximum tolerable period of disruption, hours.
    MtpdHours,
    /// The least acceptable service, in words.
    MinService,
    /// For a queue: the least acceptable service level, per cent answered within target.
    MinServiceLevel,
    DependsSystems,
    DependsSuppliers,
    DependsPartners,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            integer_null(WorkTasks::RtoHours),
            integer_null(WorkTasks::MtpdHours),
            text(WorkTasks::MinService).default("").to_owned(),
            double_null(WorkTasks::MinServiceLevel),
            text(WorkTasks::DependsSystems).default("").to_owned(),
            text(WorkTasks::DependsSuppliers).default("").to_owned(),
            text(WorkTasks::DependsPartners).default("").to_owned(),
        ];
        // One column a statement: SQLite adds one at a time.
        for mut col in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(WorkTasks::Table)
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            WorkTasks::RtoHours,
            WorkTasks::MtpdHours,
            WorkTasks::MinService,
            WorkTasks::MinServiceLevel,
            WorkTasks::DependsSystems,
            WorkTasks::DependsSuppliers,
            WorkTasks::DependsPartners,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(WorkTasks::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
