use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Scenarios {
    Table,
    /// The queue a `forecast_service_level` ladder reads; none reads the worst queue.
    QueueId,
}

#[derive(DeriveIden)]
enum WorkTasks {
    Table,
    /// The queue whose contacts this task is.
    QueueId,
    /// Contacts per hour the overflow partner can take of this task.
    OverflowPerHour,
}

#[derive(DeriveIden)]
enum SituationReports {
    Table,
    /// The day's forecast per queue as it was when the report was written (JSON).
    Capacity,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let adds = [
            Table::alter()
                .table(Scenarios::Table)
                .add_column(integer_null(Scenarios::QueueId))
                .to_owned(),
            Table::alter()
                .table(WorkTasks::Table)
                .add_column(integer_null(WorkTasks::QueueId))
                .to_owned(),
            Table::alter()
                .table(WorkTasks::Table)
                .add_column(integer_null(WorkTasks::OverflowPerHour))
                .to_owned(),
            Table::alter()
                .table(SituationReports::Table)
                .add_column(text_null(SituationReports::Capacity))
                .to_owned(),
        ];
        for a in adds {
            manager.alter_table(a).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drops = [
            Table::alter()
                .table(Scenarios::Table)
                .drop_column(Scenarios::QueueId)
                .to_owned(),
            Table::alter()
                .table(WorkTasks::Table)
                .drop_column(WorkTasks::QueueId)
                .to_owned(),
            Table::alter()
                .table(WorkTasks::Table)
                .drop_column(WorkTasks::OverflowPerHour)
                .to_owned(),
            Table::alter()
                .table(SituationReports::Table)
                .drop_column(SituationReports::Capacity)
                .to_owned(),
        ];
        for d in drops {
            manager.alter_table(d).await?;
        }
        Ok(())
    }
}
