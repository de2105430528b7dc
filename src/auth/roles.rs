//! The five roles and the policies routes state in their signatures.
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    CrisisLead,
    CrisisMember,
    Communicator,
    Staff,
}

pub const ALL_ROLES: [Role; 5] = [
    Role::Admin,
    Role::CrisisLead,
    Role::CrisisMember,
    Role::Communicator,
    Role::Staff,
];

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::CrisisLead => "crisis_lead",
            Role::CrisisMember => "crisis_member",
            Role::Communicator => "communicator",
            Role::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        ALL_ROLES.into_iter().find(|r| r.as_str() == s.trim())
    }

    /// The i18n key of the role's name.
    pub fn label_key(self) -> String {
        format!("roles.{}", self.as_str())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The roles one person holds in one organisation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleSet(Vec<Role>);

impl RoleSet {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Self {
        let mut v: Vec<Role> = roles.into_iter().collect();
        v.sort();
        v.dedup();
        RoleSet(v)
    }

    /// Reads the stored comma-separated form; unknown names are ignored.
    pub fn from_stored(s: &str) -> Self {
        RoleSet::new(s.split(',').filter_map(Role::parse))
    }

    pub fn to_stored(&self) -> String {
        self.0
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn has(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    pub fn any(&self, roles: &[Role]) -> bool {
        roles.iter().any(|r| self.has(*r))
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        self.0.iter().copied()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn names(&self) -> Vec<String> {
        self.0.iter().map(|r| r.as_str().to_string()).collect()
    }
}

/// Who may use a route. Each route names one policy in its signature (`Authorized<Admins>`).
pub trait Policy {
    const ROLES: &'static [Role];
}

/// Anyone with an active membership in the organisation.
pub struct AnyMember;
impl Policy for AnyMember {
    const ROLES: &'static [Role] = &ALL_ROLES;
}

/// Organisation administrators: users, teams, settings, audit trail.
pub struct Admins;
impl Policy for Admins {
    const ROLES: &'static [Role] = &[Role::Admin];
}

/// The crisis group: its lead and members.
pub struct CrisisGroup;
impl Policy for CrisisGroup {
    const ROLES: &'static [Role] = &[Role::CrisisLead, Role::CrisisMember];
}

/// Who sees aggregated absence and wellbeing: the crisis group and admins. Individual sickness
/// and wellbeing are for the crisis lead only (`CrisisLeads`).
pub struct Overseers;
impl Policy for Overseers {
    const ROLES: &'static [Role] = &[Role::CrisisLead, Role::CrisisMember, Role::Admin];
}

/// Only the crisis lead: setting a level by hand, seeing who is sick and how each person feels.
pub struct CrisisLeads;
impl Policy for CrisisLeads {
    const ROLES: &'static [Role] = &[Role::CrisisLead];
}

/// Who edits the communication plan: communicators and the crisis group.
pub struct CommunicationEditors;
impl Policy for CommunicationEditors {
    const ROLES: &'static [Role] = &[Role::Communicator, Role::CrisisLead, Role::CrisisMember];
}

/// Those who write and publish to customers and staff.
pub struct Communicators;
impl Policy for Communicators {
    const ROLES: &'static [Role] = &[Role::Communicator, Role::CrisisLead];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_sets_round_trip_through_storage_sorted_and_without_duplicates() {
        let set = RoleSet::from_stored("staff, admin,staff,unknown");
        assert_eq!(set.to_stored(), "admin,staff");
        assert!(set.has(Role::Admin) && !set.has(Role::CrisisLead));
    }
}

/// Everyone who follows the FAQ desk: the writers and those who oversee them.
pub struct FaqDesk;
impl Policy for FaqDesk {
    const ROLES: &'static [Role] = &[
        Role::Communicator,
        Role::CrisisLead,
        Role::CrisisMember,
        Role::Admin,
    ];
}
