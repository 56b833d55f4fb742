//! What the API key routes read and write.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::Role;
use crate::error::ApiError;
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
        v.done((name, role))
    }
}
