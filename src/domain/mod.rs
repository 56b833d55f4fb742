//! The product's vocabulary (see DOMAIN.md): the closed sets of codes an API user sends and reads.
//! Each is stored and sent as its snake_case code; its label is a localized message.

mod changes;
pub mod clock;
mod codes;
mod events;
pub mod secret;

pub use changes::{Actor, ChangeType, ResourceType};
pub use codes::{
    ActionStatus, Category, Code, DeliveryStatus, DisabledReason, DocumentFormat, EntryKind, Gap, IncidentStatus,
    Language, RetrospectiveStatus, Role, Severity,
};
pub use events::EventType;
