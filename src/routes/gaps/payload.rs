//! What the gap catalog and the gap finder routes read and write.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use chrono::{DateTime, NaiveDateTime, Utc};
use uuid::Uuid;

use crate::domain::{ActionStatus, Category, Gap, Language};
use crate::error::ApiError;
use crate::gapfinder::{Analysis, Candidate, Reason};
use crate::i18n::{args, Locale};
use crate::routes::incidents::{DESCRIPTION_MAX, SUMMARY_MAX};
use crate::routes::utc;
use crate::validation::{line, lines, Lines, Rule, Rules, Validator};

/// A gap of the catalog, in the response language.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "code": "payment_followup",
    "name": "Payments not followed up",
    "description": "Payment terms are not enforced: no reminder, no late fee, nobody chasing.",
    "prevention": "Put payment terms and late fees in the contract, and make someone responsible for reminders on fixed days after the due date. Example actions: …"
}))]
pub struct GapBody {
    pub code: Gap,
    pub name: String,
    pub description: String,
    /// What a firm sets up so that the gap is closed, with example corrective actions.
    pub prevention: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapList {
    pub items: Vec<GapBody>,
}

impl GapBody {
    pub fn new(gap: Gap, locale: &Locale) -> Self {
        Self {
            code: gap,
            name: locale.t(&gap.message_id(None)),
            description: locale.t(&gap.message_id(Some("description"))),
            prevention: locale.t(&gap.message_id(Some("prevention"))),
        }
    }
}

/// What the gap finder knows.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"learned_from": 42, "trained_on": 690, "concepts": 52}))]
pub struct FinderBody {
    /// Published retrospectives of this installation it has learned from (their primary gap and
    /// their incident's text; at most the newest 10,000).
    pub learned_from: usize,
    /// Labelled incidents (counted once more without their category) its shipped weights come
    /// from.
    pub trained_on: usize,
    /// The concepts it recognises, in every language.
    pub concepts: usize,
}

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
        v.finish()?;
        match (summary, description, category, language) {
            (Some(summary), Some(description), Some(category), Some(language)) => Ok(ValidText {
                summary,
                description,
                category,
                language,
            }),
            _ => Err(ApiError::internal("validation passed with a missing value")),
        }
    }
}

/// What pointed to a gap.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonKind {
    /// The incident's category usually comes from this gap.
    Category,
    /// Words of the text that express a concept pointing to this gap.
    Phrase,
    /// A word that often went with this gap in the incidents the finder learned from.
    Word,
    /// An amount owed above the escalation threshold.
    Amount,
    /// A delay of many days.
    Overdue,
    /// A confirmed incident of this installation that resembles this one had this gap.
    SimilarIncident,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonBody {
    pub kind: ReasonKind,
    /// The reason, in the response language.
    pub text: String,
    /// For `phrase`, `word` and `amount`: the words as they stand in the text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// For `similar_incident`: the confirmed incident.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident_id: Option<Uuid>,
}

/// A proposed gap, with its score (0 to 1) and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct CandidateBody {
    pub gap: Gap,
    pub score: f64,
    /// The gap's name in the response language.
    pub name: String,
    pub reasons: Vec<ReasonBody>,
    /// For a stored incident: the client's actions for this gap that were done before, which
    /// should have prevented it. Empty for a free text.
    pub earlier_actions: Vec<EarlierActionBody>,
}

/// A corrective action for the same gap and client, done before.
#[derive(Debug, Serialize, ToSchema)]
pub struct EarlierActionBody {
    pub id: Uuid,
    pub title: String,
    pub status: ActionStatus,
    pub status_label: String,
    pub done_at: DateTime<Utc>,
    /// "This was supposed to be fixed by action X, done on date D", in the response language.
    pub text: String,
}

impl EarlierActionBody {
    pub fn new(id: Uuid, title: String, status: ActionStatus, done_at: NaiveDateTime, locale: &Locale) -> Self {
        let text = locale.t_args(
            "earlier-action",
            &args([
                ("title", title.as_str().into()),
                ("date", done_at.date().to_string().into()),
            ]),
        );
        Self {
            id,
            title,
            status,
            status_label: locale.label(status),
            done_at: utc(done_at),
            text,
        }
    }
}

/// The gaps proposed for a text, best first, at most five, with how sure the finder is.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "language": "ro",
    "language_label": "Romanian",
    "confidence": 0.93,
    "abstained": false,
    "candidates": [{
        "gap": "payment_followup",
        "score": 0.93,
        "name": "Payments not followed up",
        "reasons": [
            {"kind": "category", "text": "The category “Late payment” usually comes from this gap."},
            {"kind": "phrase", "text": "The text says “nimeni nu a trimis un memento”.", "quote": "nimeni nu a trimis un memento"},
            {"kind": "overdue", "text": "The text mentions a delay of 60 days."}
        ]
    }]
}))]
pub struct GapAnalysisBody {
    /// The language the text was read in (given, or detected).
    pub language: Language,
    pub language_label: String,
    /// The first candidate's score: how sure the finder is, from 0 to 1.
    pub confidence: f64,
    /// `true` when nothing in the text itself supports the first candidate: the ranking then
    /// rests on the category alone (or on nothing) and is no finding.
    pub abstained: bool,
    /// Best first, at most five; never empty.
    pub candidates: Vec<CandidateBody>,
}

impl GapAnalysisBody {
    pub fn new(analysis: Analysis, locale: &Locale) -> Self {
        Self {
            language: analysis.language,
            language_label: locale.label(analysis.language),
            confidence: analysis.confidence,
            abstained: analysis.abstained,
            candidates: analysis
                .candidates
                .into_iter()
                .map(|c| CandidateBody::new(c, locale))
                .collect(),
        }
    }
}

impl CandidateBody {
    fn new(candidate: Candidate, locale: &Locale) -> Self {
        Self {
            gap: candidate.gap,
            score: candidate.score,
            name: locale.t(&candidate.gap.message_id(None)),
            reasons: candidate
                .reasons
                .into_iter()
                .map(|r| ReasonBody::new(r, locale))
                .collect(),
            earlier_actions: Vec::new(),
        }
    }
}

impl ReasonBody {
    fn new(reason: Reason, locale: &Locale) -> Self {
        match reason {
            Reason::Category(category) => Self {
                kind: ReasonKind::Category,
                text: locale.t_args("reason-category", &args([("category", locale.label(category).into())])),
                quote: None,
                incident_id: None,
            },
            Reason::Phrase(phrase) => Self {
                kind: ReasonKind::Phrase,
                text: locale.t_args("reason-phrase", &args([("phrase", phrase.as_str().into())])),
                quote: Some(phrase),
                incident_id: None,
            },
            Reason::Word(word) => Self {
                kind: ReasonKind::Word,
                text: locale.t_args("reason-word", &args([("word", word.as_str().into())])),
                quote: Some(word),
                incident_id: None,
            },
            Reason::Amount {
                written,
                eur,
                threshold_eur,
            } => Self {
                kind: ReasonKind::Amount,
                text: locale.t_args(
                    "reason-amount",
                    &args([
                        ("amount", written.as_str().into()),
                        ("eur", eur.round().into()),
                        ("threshold", threshold_eur.round().into()),
                    ]),
                ),
                quote: Some(written),
                incident_id: None,
            },
            Reason::Overdue { days } => Self {
                kind: ReasonKind::Overdue,
                text: locale.t_args("reason-overdue", &args([("days", days.into())])),
                quote: None,
                incident_id: None,
            },
            Reason::Similar {
                incident_id,
                similarity,
            } => Self {
                kind: ReasonKind::SimilarIncident,
                text: locale.t_args(
                    "reason-similar",
                    &args([("percent", (similarity * 100.0).round().into())]),
                ),
                quote: None,
                incident_id: Some(incident_id),
            },
        }
    }
}
