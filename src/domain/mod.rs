//! The product's vocabulary (see DOMAIN.md): the closed sets of codes an API user sends and reads.
//! Each is stored and sent as its snake_case code; its label is a localized message.

/// A closed set of codes without labels (event and resource types): its code, the variant of a
/// code, and every code, as `Code` gives the labelled sets.
macro_rules! code_set {
    ($name:ident) => {
        impl $name {
            pub fn code(self) -> &'static str {
                self.into()
            }

            pub fn parse(code: &str) -> Option<Self> {
                <Self as strum::VariantArray>::VARIANTS
                    .iter()
                    .copied()
                    .find(|v| v.code() == code)
            }

            pub fn allowed() -> Vec<&'static str> {
                <Self as strum::VariantArray>::VARIANTS
                    .iter()
                    .map(|v| v.code())
                    .collect()
            }
        }
    };
}

mod changes;
pub mod clock;
mod codes;
mod events;
pub mod secret;
pub mod warning;

pub use changes::{Actor, ChangeType, ResourceType};
pub use codes::{
    ActionKind, ActionStatus, Category, Code, ContactDirection, ContactKind, DeliveryStatus, DisabledReason,
    DocumentAudience, DocumentFormat, Effectiveness, EntryKind, ExportFormat, FollowUpKind, Gap, IncidentStatus,
    Language, RetrospectiveStatus, RiskReason, Role, Severity, Verdict,
};
pub use events::EventType;
