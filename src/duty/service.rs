//! Handing over a duty role: one holder at a time, the note kept, the handover logged.
use super::forms::HandoverInput;
use super::ROLES;
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::CurrentUser;
use crate::entities::{duty_role, user};
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};

pub async fn hand_over(
    state: &AppState,
    actor: &CurrentUser,
    role: &str,
    input: &HandoverInput,
) -> AppResult<duty_role::Model> {
    if !ROLES.contains(&role) {
        return Err(AppError::NotFound);
    }
    let org_id = actor.org_id();
    let mut errors = input.check();
    crate::scenarios::repo::check_person(&state.db, org_id, "user_id", input.user_id, &mut errors)
        .await?;
    errors.into_result()?;
    let now = state.clock.now();
    let note = input.note.trim().to_string();
    let txn = state.db.begin().await?;
    let before = duty_role::Entity::find()
        .filter(duty_role::Column::OrganisationId.eq(org_id))
        .filter(duty_role::Column::Role.eq(role))
        .one(&txn)
        .await?;
    if let (Some(b), Some(v)) = (&before, input.version) {
        if b.version != v {
            return Err(crate::scenarios::repo::conflict());
        }
    }
    let after = match &before {
        Some(b) => {
            let mut row = b.clone().into_active_model();
            row.user_id = Set(input.user_id);
            row.since = Set(now);
            row.note = Set(note.clone());
            row.handed_over_by_user_id = Set(Some(actor.user_id()));
            row.version = Set(b.version.saturating_add(1));
            crate::db::save_if_version(
                &txn,
                row,
                (duty_role::Column::Id, b.id),
                (duty_role::Column::Version, b.version),
            )
            .await?;
            duty_role::Entity::find_by_id(b.id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?
        }
        None => duty_role::ActiveModel {
            organisation_id: Set(org_id),
            role: Set(role.into()),
            user_id: Set(input.user_id),
            since: Set(now),
            note: Set(note.clone()),
            handed_over_by_user_id: Set(Some(actor.user_id())),
            version: Set(1),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(|e| {
            // Two first handovers at once: the unique index keeps one.
            if crate::db::is_unique_violation(&e) {
                crate::scenarios::repo::conflict()
            } else {
                e.into()
            }
        })?,
    };
    let name = |id: Option<i32>| {
        let txn = &txn;
        async move {
            match id {
                Some(id) => user::Entity::find_by_id(id)
                    .one(txn)
                    .await
                    .map(|u| u.map(|u| u.display_name).unwrap_or_default()),
                None => Ok("—".to_string()),
            }
        }
    };
    let from = name(before.as_ref().and_then(|b| b.user_id)).await?;
    let to = name(after.user_id).await?;
    let mut text = format!("{from} → {to}");
    if !note.is_empty() {
        text = format!("{text}: {note}");
    }
    crate::log::system(
        &txn,
        org_id,
        &format!("duty_handover/{role}"),
        text,
        None,
        now,
    )
    .await?;
    audit::record(
        &txn,
        &Actor::from(actor),
        Change {
            organisation_id: Some(org_id),
            entity: "duty_role",
            entity_id: role.to_string(),
            action: "hand_over",
            before: before.as_ref().and_then(snapshot),
            after: snapshot(&after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}
