use crate::m20261124_000038_create_queues::Queues;
use crate::{Organisations, Teams, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Who staffs which queue: per team, the share of its present time on each queue; per person,
/// the queues they are trained for (the task inventory's "cross-trainable" made concrete).
#[derive(DeriveIden)]
enum QueueShares {
    Table,
    Id,
    OrganisationId,
    QueueId,
    TeamId,
    /// 0–100: the share of the team's present time on the queue.
    SharePct,
}

#[derive(DeriveIden)]
enum QueueSkills {
    Table,
    Id,
    OrganisationId,
    QueueId,
    UserId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(QueueShares::Table)
                    .if_not_exists()
                    .col(pk_auto(QueueShares::Id))
                    .col(integer(QueueShares::OrganisationId))
                    .col(integer(QueueShares::QueueId))
                    .col(integer(QueueShares::TeamId))
                    .col(double(QueueShares::SharePct))
                    .foreign_key(
                        ForeignKey::create()
                            .from(QueueShares::Table, QueueShares::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(QueueShares::Table, QueueShares::QueueId)
                            .to(Queues::Table, Queues::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(QueueShares::Table, QueueShares::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_queue_shares_queue_team")
                    .table(QueueShares::Table)
                    .col(QueueShares::QueueId)
                    .col(QueueShares::TeamId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(QueueSkills::Table)
                    .if_not_exists()
                    .col(pk_auto(QueueSkills::Id))
                    .col(integer(QueueSkills::OrganisationId))
                    .col(integer(QueueSkills::QueueId))
                    .col(integer(QueueSkills::UserId))
                    .col(timestamp_with_time_zone(QueueSkills::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(QueueSkills::Table, QueueSkills::OrganisationId)
                            .to(Organisations::Table, Organisations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(QueueSkills::Table, QueueSkills::QueueId)
                            .to(Queues::Table, Queues::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(QueueSkills::Table, QueueSkills::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_queue_skills_queue_user")
                    .table(QueueSkills::Table)
                    .col(QueueSkills::QueueId)
                    .col(QueueSkills::UserId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(QueueSkills::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(QueueShares::Table).to_owned())
            .await
    }
}
