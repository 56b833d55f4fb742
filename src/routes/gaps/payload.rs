//! What the gap catalog and the gap finder routes read and write.

use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::{Category, Language};
use crate::error::ApiError;
use crate::routes::incidents::{DESCRIPTION_MAX, SUMMARY_MAX};
use crate::validation::{line, lines, Lines, Rule, Rules, Validator};

/// A text to analyse; nothing is stored.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "summary": "Factura din martie, restantă de 60 de zile",
    "description": "Nimeni nu a trimis un memento după scadență și contractul nu prevede penalități.",
    "category": "late_payment",
    "language": "ro"
}))]
pub struct AnalyseText {
    /// At most 200 characters.
    #[schema(value_type = String, required = true)]
    pub summary: Option<String>,
    /// At most 20,000 characters.
    pub description: Option<String>,
    #[schema(value_type = Option<Category>)]
    pub category: Option<String>,
    /// The language of the text; detected among en, ro, pl, el when absent.
    #[schema(value_type = Option<Language>)]
    pub language: Option<String>,
}

pub struct ValidText {
    pub summary: String,
    pub description: Option<String>,
    pub category: Option<Category>,
    pub language: Option<Language>,
}

impl Rules for AnalyseText {
    const RULES: &'static [(&'static str, Rule)] =
        &[("summary", line(SUMMARY_MAX)), ("description", lines(DESCRIPTION_MAX))];
}

impl AnalyseText {
    pub fn validate(self) -> Result<ValidText, ApiError> {
        let mut v = Validator::new();
        let summary = v
            .required("summary", self.summary)
            .and_then(|s| v.text("summary", s, SUMMARY_MAX, Lines::One));
        let description = v.optional_text("description", self.description, DESCRIPTION_MAX, Lines::Many);
        let category = match self.category {
            Some(c) => v.code("category", &c).map(Some),
            None => Some(None),
        };
        let language = match self.language {
            Some(c) => v.code("language", &c).map(Some),
            None => Some(None),
        };
        let (summary, description, category, language) = v.done((summary, description, category, language))?;
        Ok(ValidText {
            summary,
            description,
            category,
            language,
        })
    }
}
