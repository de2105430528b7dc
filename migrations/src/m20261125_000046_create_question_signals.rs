use crate::{Organisations, Users};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What the FAQ does not answer yet, grouped: questions that say the same thing share a topic.
#[derive(DeriveIden)]
enum QuestionTopics {
    Table,
    Id,
    OrganisationId,
    /// The words of the first question asked.
    Text,
    /// Lower case, punctuation and extra spaces removed: what new questions are compared with.
    Normalised,
    /// The answer written for it (a draft until published).
    FaqEntryId,
    CreatedAt,
    LastAskedAt,
}

/// One question filed by a member of staff.
#[derive(DeriveIden)]
enum Questions {
    Table,
    Id,
    OrganisationId,
    TopicId,
    Text,
    /// `phone`, `mail`, `chat`, `social`, `forum` or `visit`.
    Channel,
    UserId,
    CreatedAt,
}

/// "Asked again": one per person per answer per day.
#[derive(DeriveIden)]
enum FaqAsks {
    Table,
    Id,
    OrganisationId,
    FaqEntryId,
    UserId,
    Day,
    Channel,
    CreatedAt,
}

/// "Did this answer your question?" from the public page: nothing about who said it.
#[derive(DeriveIden)]
enum FaqFeedback {
    Table,
    Id,
    OrganisationId,
    FaqEntryId,
    Helpful,
    Reason,
    CreatedAt,
}

/// Page and answer views per day, counted in memory and added in batches.
#[derive(DeriveIden)]
enum FaqViewCounts {
    Table,
    Id,
    OrganisationId,
    /// 0 for the FAQ page itself.
    FaqEntryId,
    Day,
    Views,
}

/// Public searches per normalised query per day.
#[derive(DeriveIden)]
enum FaqSearchCounts {
    Table,
    Id,
    OrganisationId,
    Day,
    Query,
    Searches,
    /// Of those, the searches that found no answer.
    EmptySearches,
    /// The answer written for the query ("Answer this").
    FaqEntryId,
}

/// The prepared answer for when a level is reached.
#[derive(DeriveIden)]
enum ThresholdLevelsHolding {
    #[sea_orm(iden = "threshold_levels")]
    Table,
    HoldingQuestion,
    HoldingAnswer,
}

/// The day's top questions as they stood when the situation report was written (JSON).
#[derive(DeriveIden)]
enum SituationReports {
    Table,
    Questions,
}

fn faq_entries() -> Alias {
    Alias::new("faq_entries")
}

fn org_fk<T: IntoIden + 'static>(table: T, col: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, col)
        .to(Organisations::Table, Organisations::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(QuestionTopics::Table)
                    .if_not_exists()
                    .col(pk_auto(QuestionTopics::Id))
                    .col(integer(QuestionTopics::OrganisationId))
                    .col(text(QuestionTopics::Text))
                    .col(text(QuestionTopics::Normalised))
                    .col(integer_null(QuestionTopics::FaqEntryId))
                    .col(timestamp_with_time_zone(QuestionTopics::CreatedAt))
                    .col(timestamp_with_time_zone(QuestionTopics::LastAskedAt))
                    .foreign_key(&mut org_fk(
                        QuestionTopics::Table,
                        QuestionTopics::OrganisationId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(QuestionTopics::Table, QuestionTopics::FaqEntryId)
                            .to(faq_entries(), Alias::new("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_question_topics_recent")
                    .table(QuestionTopics::Table)
                    .col(QuestionTopics::OrganisationId)
                    .col(QuestionTopics::LastAskedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Questions::Table)
                    .if_not_exists()
                    .col(pk_auto(Questions::Id))
                    .col(integer(Questions::OrganisationId))
                    .col(integer(Questions::TopicId))
                    .col(text(Questions::Text))
                    .col(string_len(Questions::Channel, 16))
                    .col(integer_null(Questions::UserId))
                    .col(timestamp_with_time_zone(Questions::CreatedAt))
                    .foreign_key(&mut org_fk(Questions::Table, Questions::OrganisationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Questions::Table, Questions::TopicId)
                            .to(QuestionTopics::Table, QuestionTopics::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Questions::Table, Questions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_questions_recent")
                    .table(Questions::Table)
                    .col(Questions::OrganisationId)
                    .col(Questions::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_questions_topic")
                    .table(Questions::Table)
                    .col(Questions::TopicId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FaqAsks::Table)
                    .if_not_exists()
                    .col(pk_auto(FaqAsks::Id))
                    .col(integer(FaqAsks::OrganisationId))
                    .col(integer(FaqAsks::FaqEntryId))
                    .col(integer(FaqAsks::UserId))
                    .col(date(FaqAsks::Day))
                    .col(string_len(FaqAsks::Channel, 16))
                    .col(timestamp_with_time_zone(FaqAsks::CreatedAt))
                    .foreign_key(&mut org_fk(FaqAsks::Table, FaqAsks::OrganisationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqAsks::Table, FaqAsks::FaqEntryId)
                            .to(faq_entries(), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqAsks::Table, FaqAsks::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_faq_asks_once_a_day")
                    .table(FaqAsks::Table)
                    .col(FaqAsks::FaqEntryId)
                    .col(FaqAsks::UserId)
                    .col(FaqAsks::Day)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_faq_asks_day")
                    .table(FaqAsks::Table)
                    .col(FaqAsks::OrganisationId)
                    .col(FaqAsks::Day)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FaqFeedback::Table)
                    .if_not_exists()
                    .col(pk_auto(FaqFeedback::Id))
                    .col(integer(FaqFeedback::OrganisationId))
                    .col(integer(FaqFeedback::FaqEntryId))
                    .col(boolean(FaqFeedback::Helpful))
                    .col(text(FaqFeedback::Reason))
                    .col(timestamp_with_time_zone(FaqFeedback::CreatedAt))
                    .foreign_key(&mut org_fk(FaqFeedback::Table, FaqFeedback::OrganisationId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqFeedback::Table, FaqFeedback::FaqEntryId)
                            .to(faq_entries(), Alias::new("id"))
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_faq_feedback_recent")
                    .table(FaqFeedback::Table)
                    .col(FaqFeedback::OrganisationId)
                    .col(FaqFeedback::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FaqViewCounts::Table)
                    .if_not_exists()
                    .col(pk_auto(FaqViewCounts::Id))
                    .col(integer(FaqViewCounts::OrganisationId))
                    .col(integer(FaqViewCounts::FaqEntryId))
                    .col(date(FaqViewCounts::Day))
                    .col(big_integer(FaqViewCounts::Views))
                    .foreign_key(&mut org_fk(
                        FaqViewCounts::Table,
                        FaqViewCounts::OrganisationId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_faq_view_counts")
                    .table(FaqViewCounts::Table)
                    .col(FaqViewCounts::OrganisationId)
                    .col(FaqViewCounts::Day)
                    .col(FaqViewCounts::FaqEntryId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FaqSearchCounts::Table)
                    .if_not_exists()
                    .col(pk_auto(FaqSearchCounts::Id))
                    .col(integer(FaqSearchCounts::OrganisationId))
                    .col(date(FaqSearchCounts::Day))
                    .col(string_len(FaqSearchCounts::Query, 100))
                    .col(big_integer(FaqSearchCounts::Searches))
                    .col(big_integer(FaqSearchCounts::EmptySearches))
                    .col(integer_null(FaqSearchCounts::FaqEntryId))
                    .foreign_key(&mut org_fk(
                        FaqSearchCounts::Table,
                        FaqSearchCounts::OrganisationId,
                    ))
                    .foreign_key(
                        ForeignKey::create()
                            .from(FaqSearchCounts::Table, FaqSearchCounts::FaqEntryId)
                            .to(faq_entries(), Alias::new("id"))
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_faq_search_counts")
                    .table(FaqSearchCounts::Table)
                    .col(FaqSearchCounts::OrganisationId)
                    .col(FaqSearchCounts::Day)
                    .col(FaqSearchCounts::Query)
                    .unique()
                    .to_owned(),
            )
            .await?;
        for col in [
            ThresholdLevelsHolding::HoldingQuestion,
            ThresholdLevelsHolding::HoldingAnswer,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ThresholdLevelsHolding::Table)
                        .add_column(text(col).default(""))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(SituationReports::Table)
                    .add_column(text_null(SituationReports::Questions))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(SituationReports::Table)
                    .drop_column(SituationReports::Questions)
                    .to_owned(),
            )
            .await?;
        for col in [
            ThresholdLevelsHolding::HoldingQuestion,
            ThresholdLevelsHolding::HoldingAnswer,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(ThresholdLevelsHolding::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        for t in [
            FaqSearchCounts::Table.into_iden(),
            FaqViewCounts::Table.into_iden(),
            FaqFeedback::Table.into_iden(),
            FaqAsks::Table.into_iden(),
            Questions::Table.into_iden(),
            QuestionTopics::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
