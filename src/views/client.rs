//! A client as the API shows it.

use super::utc;
use crate::domain::Language;
use crate::i18n::Locale;
use crate::models::client::Client;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A client, as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019a8f3e-7c41-7d2a-9b1e-3f5a2c8d4e61",
    "name": "Atelier Popescu SRL",
    "contact_email": "office@atelierpopescu.ro",
    "preferred_language": "ro",
    "preferred_language_label": "Romanian",
    "external_refs": [{"source": "hubspot", "external_id": "1873401"}],
    "created_at": "2026-11-23T09:15:02.481516Z",
    "updated_at": "2026-11-23T09:15:02.481516Z",
    "account_owner": "Ioana Marinescu"
}))]
pub struct ClientBody {
    pub id: Uuid,
    pub name: String,
    pub contact_email: Option<String>,
    pub preferred_language: Language,
    /// `preferred_language` in the response language.
    pub preferred_language_label: String,
    pub external_refs: Vec<ExternalRefResponse>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The person at the firm who owns the client and its retrospectives; the client's letter
    /// names them as its contact.
    pub account_owner: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ExternalRefResponse {
    pub source: String,
    pub external_id: String,
}

impl ClientBody {
    pub fn new(client: Client, locale: &Locale) -> Self {
        Self {
            id: client.id,
            name: client.name,
            contact_email: client.contact_email,
            preferred_language: client.preferred_language,
            preferred_language_label: locale.label(client.preferred_language),
            external_refs: client
                .external_refs
                .into_iter()
                .map(|r| ExternalRefResponse {
                    source: r.source,
                    external_id: r.external_id,
                })
                .collect(),
            created_at: utc(client.created_at),
            updated_at: utc(client.updated_at),
            account_owner: client.account_owner,
        }
    }
}
