//! `beredskap create-admin`: the first organisation and its admin, in an empty database.
use crate::audit::{self, snapshot, Actor, Change};
use crate::auth::password::{self, MIN_PASSWORD_LENGTH};
use crate::auth::{Role, RoleSet};
use crate::config::CreateAdmin;
use crate::entities::{membership, organisation, user};
use crate::orgs::forms::{valid_language, valid_slug, valid_time_zone};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait,
};

pub async fn create_admin(db: &DatabaseConnection, input: CreateAdmin) -> anyhow::Result<()> {
    if organisation::Entity::find().count(db).await? > 0 {
        anyhow::bail!(
            "the database already has an organisation; add people from the admin pages instead"
        );
    }
    let email = input.email.trim().to_lowercase();
    anyhow::ensure!(
        validator::ValidateEmail::validate_email(&email),
        "--email: {email:?} is not an email address"
    );
    anyhow::ensure!(
        !input.name.trim().is_empty(),
        "--name: give the admin's name"
    );
    anyhow::ensure!(
        valid_slug(&input.org_slug).is_ok() && !input.org_slug.is_empty(),
        "--org-slug: use lower-case letters, digits and dashes"
    );
    anyhow::ensure!(
        valid_time_zone(&input.time_zone).is_ok(),
        "--time-zone: {:?} is not an IANA time zone",
        input.time_zone
    );
    anyhow::ensure!(
        valid_language(&input.language).is_ok(),
        "--language: use en or sv"
    );
    let password = match input.password {
        Some(p) => p,
        None => {
            eprint!("Password for {email} (at least {MIN_PASSWORD_LENGTH} characters): ");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    anyhow::ensure!(
        password.chars().count() as u64 >= MIN_PASSWORD_LENGTH,
        "the password must have at least {MIN_PASSWORD_LENGTH} characters"
    );
    let hash = password::hash(password).await?;
    let now = Utc::now();
    let actor = Actor::system("create-admin");
    let txn = db.begin().await?;
    let org = organisation::ActiveModel {
        slug: Set(input.org_slug.clone()),
        name: Set(input.org_name.trim().to_string()),
        time_zone: Set(input.time_zone.clone()),
        default_language: Set(input.language.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let admin =
        user::ActiveModel::new_account(email.clone(), input.name.trim().to_string(), hash, now)
            .insert(&txn)
            .await?;
    let m = membership::ActiveModel {
        organisation_id: Set(org.id),
        user_id: Set(admin.id),
        team_id: Set(None),
        roles: Set(RoleSet::new([Role::Admin]).to_stored()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (entity, id, after) in [
        ("organisation", org.id, snapshot(&org)),
        ("user", admin.id, snapshot(&admin)),
        ("membership", admin.id, snapshot(&m)),
    ] {
        audit::record(
            &txn,
            &actor,
            Change {
                organisation_id: Some(org.id),
                entity,
                entity_id: id.to_string(),
                action: "create",
                before: None,
                after,
            },
        )
        .await?;
    }
    txn.commit().await?;
    println!(
        "Created organisation {:?} ({}) with admin {email}.",
        org.name, org.slug
    );
    Ok(())
}
