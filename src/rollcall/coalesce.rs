//! Roll-call answers move the absence figure, and so the ladders. Working the figures out
//! reads every check-in of the day; at hundreds of answers a second that is done once per
//! burst: the first answer schedules a re-evaluation a moment later, the rest ride on it.
use crate::audit::Actor;
use crate::state::AppState;

/// How long a burst of answers is gathered before the ladders are looked at again.
const GATHER: std::time::Duration = std::time::Duration::from_millis(300);

pub fn reevaluate_soon(state: &AppState, org_id: i32) {
    {
        let Ok(mut due) = state.delivery.reevaluation_due.lock() else {
            return;
        };
        if !due.insert(org_id) {
            return;
        }
    }
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(GATHER).await;
        // Taken off before reading the figures, so an answer arriving now schedules another.
        if let Ok(mut due) = state.delivery.reevaluation_due.lock() {
            due.remove(&org_id);
        }
        use sea_orm::EntityTrait;
        let Ok(Some(org)) = crate::entities::organisation::Entity::find_by_id(org_id)
            .one(&state.db)
            .await
        else {
            return;
        };
        let actor = Actor::system("roll-call answers");
        match crate::checkins::service::reevaluate(&state, org_id, &org.time_zone, &actor).await {
            Ok(changes) if !changes.is_empty() => {
                if let Err(e) = super::levels::launch_pending(&state).await {
                    tracing::warn!(error = ?e, "could not launch a level's roll-call");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "re-evaluating ladders after answers failed"),
        }
    });
}
