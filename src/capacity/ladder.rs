//! A change to queues or who staffs them changes the forecast: the ladders read it again.
use crate::audit::Actor;
use crate::auth::CurrentUser;
use crate::entities::organisation;
use crate::error::AppResult;
use crate::state::AppState;

pub async fn reevaluate(
    state: &AppState,
    org: &organisation::Model,
    actor: &CurrentUser,
) -> AppResult<()> {
    crate::checkins::service::reevaluate(state, org.id, &org.time_zone, &Actor::from(actor))
        .await?;
    Ok(())
}
