//! What the API key routes read and write.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::domain::Role;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::api_key::ApiKey;
use crate::routes::utc;
use crate::validation::{line, Lines, Rule, Rules, Validator};

const NAME_MAX: usize = 100;

/// A new API key.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "hubspot sync", "role": "writer"}))]
pub struct CreateApiKey {
    /// Who or what uses the key, at most 100 characters.
    #[schema(value_type = String, required = true)]
    pub name: Option<String>,
    #[schema(value_type = Role, required = true)]
    pub role: Option<String>,
}

/// An API key, without its secret.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "019a9a10-5c3e-7b1a-8e2f-0c4d5e6f7a8b",
    "name": "hubspot sync",
    "role": "writer",
    "role_label": "Writer",
    "prefix": "crk_Q2x9bT7w",
    "created_at": "2026-11-24T08:00:00Z",
    "last_used_at": "2026-11-24T09:12:44Z",
    "revoked_at": null
}))]
pub struct ApiKeyBody {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
    pub role_label: String,
    /// The key's first characters, to recognise it.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    /// To the minute.
    pub last_used_at: Option<DateTime<Utc>>,
    /// Set once the key is revoked; it is refused from then on.
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A key just created, with its secret: shown this once, never again.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiKeyBody {
    #[serde(flatten)]
    pub api_key: ApiKeyBody,
    /// Send it as `Authorization: Bearer <key>`. Only its hash is stored.
    #[schema(example = "crk_Q2x9bT7wJ0aVb8sLk3YhR1mE5nC6pD4fG7hJ9kL2mN4")]
    pub key: String,
}

impl ApiKeyBody {
    pub fn new(key: ApiKey, locale: &Locale) -> Self {
        Self {
            id: key.id,
            name: key.name,
            role: key.role,
            role_label: locale.label(key.role),
            prefix: key.prefix,
            created_at: utc(key.created_at),
            last_used_at: key.last_used_at.map(utc),
            revoked_at: key.revoked_at.map(utc),
        }
    }
}

impl Rules for CreateApiKey {
    const RULES: &'static [(&'static str, Rule)] = &[("name", line(NAME_MAX))];
}

impl CreateApiKey {
    pub fn validate(self) -> Result<(String, Role), ApiError> {
        let mut v = Validator::new();
        let name = v
            .required("name", self.name)
            .and_then(|n| v.text("name", n, NAME_MAX, Lines::One));
        let role = v.required("role", self.role).and_then(|r| v.code("role", &r));
        v.finish()?;
        name.zip(role)
            .ok_or_else(|| ApiError::internal("validation passed with a missing value"))
    }
}
