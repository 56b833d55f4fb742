//! Share links as the API shows them: never the token, except in the answer that made it.

use super::utc;
use crate::domain::{DocumentFormat, Language};
use crate::i18n::Locale;
use crate::models::share::Share;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A share link to an incident's client letter, without its token.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019ad0c4-1f2e-7a3b-9c4d-5e6f7a8b9c0d",
    "incident_id": "019a8f40-2b1c-7e3d-8f4a-5b6c7d8e9f01",
    "format": "html",
    "language": "ro",
    "language_label": "Romanian",
    "expires_at": "2026-12-15T09:30:00Z",
    "revoked_at": null,
    "created_at": "2026-12-01T09:30:00Z"
}))]
pub struct ShareBody {
    pub id: Uuid,
    pub incident_id: Uuid,
    /// The letter's format, fixed when the link was made.
    pub format: DocumentFormat,
    /// The letter's language, fixed when the link was made.
    pub language: Language,
    /// `language` in the response language.
    pub language_label: String,
    /// From then on the link answers 410.
    pub expires_at: DateTime<Utc>,
    /// Set once the link is revoked; it answers 410 from then on.
    pub revoked_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A link just made, with its address: shown this once, never again (only the token's hash is kept).
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedShareBody {
    #[serde(flatten)]
    pub share: ShareBody,
    /// The address that opens the letter without an API key, under `--public-url`.
    #[schema(example = "https://retro.example.com/shared/q3J9xV0bLm2T8sKe5WdYh7R1nC4pF6gA0uZiOtE3yQk")]
    pub url: String,
}

impl ShareBody {
    pub fn new(share: Share, locale: &Locale) -> Self {
        Self {
            id: share.id,
            incident_id: share.incident_id,
            format: share.format,
            language: share.language,
            language_label: locale.label(share.language),
            expires_at: utc(share.expires_at),
            revoked_at: share.revoked_at.map(utc),
            created_at: utc(share.created_at),
        }
    }
}
