//! What the change feed (`GET /v1/events`) records: which resource changed, and how.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};
use utoipa::ToSchema;
use uuid::Uuid;

/// A resource the change feed follows: what a reader may read. API keys and webhook
/// subscriptions are not in it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, EnumString, IntoStaticStr, VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum ResourceType {
    Client,
    Incident,
    /// An entry of an incident's timeline; `resource_id` is the entry's id.
    TimelineEntry,
    /// An incident's retrospective; `resource_id` is the incident's id.
    Retrospective,
    Action,
}

code_set!(ResourceType);

/// The type of a change-feed event: `{resource_type}.{created|updated|deleted}`. A `.deleted`
/// event is a tombstone: its `data` is null.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, EnumString, IntoStaticStr, VariantArray,
)]
pub enum ChangeType {
    #[serde(rename = "client.created")]
    #[strum(serialize = "client.created")]
    ClientCreated,
    #[serde(rename = "client.updated")]
    #[strum(serialize = "client.updated")]
    ClientUpdated,
    #[serde(rename = "client.deleted")]
    #[strum(serialize = "client.deleted")]
    ClientDeleted,
    #[serde(rename = "incident.created")]
    #[strum(serialize = "incident.created")]
    IncidentCreated,
    /// Also when a change elsewhere changed what the incident shows: its status on publishing
    /// a retrospective, its `repeat_of` on a repeat or when an earlier incident was deleted.
    #[serde(rename = "incident.updated")]
    #[strum(serialize = "incident.updated")]
    IncidentUpdated,
    /// Its timeline entries and retrospective get their own tombstones.
    #[serde(rename = "incident.deleted")]
    #[strum(serialize = "incident.deleted")]
    IncidentDeleted,
    #[serde(rename = "timeline_entry.created")]
    #[strum(serialize = "timeline_entry.created")]
    TimelineEntryCreated,
    #[serde(rename = "timeline_entry.deleted")]
    #[strum(serialize = "timeline_entry.deleted")]
    TimelineEntryDeleted,
    #[serde(rename = "retrospective.created")]
    #[strum(serialize = "retrospective.created")]
    RetrospectiveCreated,
    /// Also when it is published.
    #[serde(rename = "retrospective.updated")]
    #[strum(serialize = "retrospective.updated")]
    RetrospectiveUpdated,
    #[serde(rename = "retrospective.deleted")]
    #[strum(serialize = "retrospective.deleted")]
    RetrospectiveDeleted,
    #[serde(rename = "action.created")]
    #[strum(serialize = "action.created")]
    ActionCreated,
    /// Also when a repeat reopened it, or when an incident it answered was deleted.
    #[serde(rename = "action.updated")]
    #[strum(serialize = "action.updated")]
    ActionUpdated,
}

code_set!(ChangeType);

impl ChangeType {
    /// The resource the event is about: the part of the code before the dot.
    pub fn resource_type(self) -> ResourceType {
        let code = self.code();
        let resource = code.split_once('.').map_or(code, |(resource, _)| resource);
        ResourceType::parse(resource).expect("every change type starts with a resource type")
    }

    pub fn is_deletion(self) -> bool {
        self.code().ends_with(".deleted")
    }
}

/// Who made a change: the API key's id, or none for a change the service made on its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Actor(pub Option<Uuid>);

impl Actor {
    /// A change the service made by itself (housekeeping), not on a request.
    pub const SERVICE: Actor = Actor(None);

    pub fn key(id: Uuid) -> Self {
        Actor(Some(id))
    }
}
