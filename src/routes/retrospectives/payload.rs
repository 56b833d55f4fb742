//! What the retrospective routes read and write.

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use crate::domain::{DocumentAudience, DocumentFormat, Gap, RetrospectiveStatus};
use crate::error::{ApiError, FieldProblem};
use crate::models::retrospective::{CapaRecord, ConfirmedGap, RetrospectiveDraft};
use crate::validation::{capped, lines, Lines, Rule, Rules, Validator};

const TEXT_MAX: usize = 20_000;
const WHY_MAX: usize = 2_000;
const WHYS_MAX: usize = 7;
const NOTE_MAX: usize = 2_000;
/// Each gap of the catalog at most once.
const GAPS_MAX: usize = <Gap as strum::VariantArray>::VARIANTS.len();

/// A gap the retrospective confirms.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmedGapInput {
    #[schema(value_type = Gap, required = true)]
    pub code: Option<String>,
    /// Exactly one confirmed gap is the primary one (required to publish).
    #[serde(default)]
    pub primary: bool,
    /// At most 2,000 characters.
    pub note: Option<String>,
}

/// The whole retrospective; it replaces what was there.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "what_happened": "The March invoice went 60 days unpaid before anyone noticed.",
    "client_view": "Nobody reminded them; they thought the invoice was on hold.",
    "our_view": "We had no reminder routine and no late fee in the contract.",
    "whys": ["Nobody sent a reminder.", "Reminders are nobody's job.", "Payment follow-up was never set up."],
    "gaps": [{"code": "payment_followup", "primary": true, "note": "No reminder routine."}, {"code": "contact_cadence"}],
    "lessons": "Reminders at 3, 10 and 30 days; a late-fee clause in new contracts.",
    "status": "published",
    "correction": "Called the client, agreed a payment date for the March invoice.",
    "escape_point": "The invoice tool flags nothing overdue; nobody looks at unpaid invoices.",
    "action_needed": true,
    "client_summary": "Your March invoice was not followed up as it should have been: we sent no reminder.",
    "next_answer_on": "2026-12-15"
}))]
pub struct PutRetrospective {
    /// At most 20,000 characters.
    #[schema(value_type = String, required = true)]
    pub what_happened: Option<String>,
    /// How the client saw it, at most 20,000 characters.
    pub client_view: Option<String>,
    /// How the firm saw it, at most 20,000 characters.
    pub our_view: Option<String>,
    /// The chain of "why?", in order: at most 7, each at most 2,000 characters.
    #[serde(default, deserialize_with = "capped::<{ WHYS_MAX }, _, _>")]
    pub whys: Vec<String>,
    /// The gaps it confirms, each at most once: at most 13, the whole catalog.
    #[serde(default, deserialize_with = "capped::<{ GAPS_MAX }, _, _>")]
    pub gaps: Vec<ConfirmedGapInput>,
    /// What the firm takes from it, at most 20,000 characters.
    pub lessons: Option<String>,
    /// `draft` (the default) or `published`; publishing needs at least one gap, exactly one
    /// primary, `correction` and `action_needed` (see there).
    #[schema(value_type = Option<RetrospectiveStatus>)]
    pub status: Option<String>,
    /// What was done for this client right away (ISO 9001 10.2.1 a), at most 20,000 characters;
    /// needed to publish.
    pub correction: Option<String>,
    /// Why it was not caught earlier, at most 20,000 characters.
    pub escape_point: Option<String>,
    /// Whether action is needed so that it does not happen again (10.2.1 b); needed to publish.
    /// `true` needs an action (not cancelled) answering this incident for one of its confirmed
    /// gaps before publishing; `false` needs `action_needed_rationale`.
    pub action_needed: Option<bool>,
    /// Why action is, or is not, needed; at most 20,000 characters.
    pub action_needed_rationale: Option<String>,
    /// What happened, written by a person for the client, at most 20,000 characters: the account
    /// the client's letter (`document?audience=client`) gives, which needs it.
    pub client_summary: Option<String>,
    /// When the client hears from the firm next (`YYYY-MM-DD`), as the client's letter says.
    #[schema(value_type = Option<chrono::NaiveDate>)]
    pub next_answer_on: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// `markdown` (the default) or `html`.
    #[param(value_type = Option<DocumentFormat>)]
    pub format: Option<String>,
    /// `internal` (the default): the whole retrospective, for the firm. `client`: the client's
    /// letter, in the client's preferred language unless `lang` names another (`Accept-Language`
    /// is not read: the reader is the client), without anything of the internal review.
    #[param(value_type = Option<DocumentAudience>)]
    pub audience: Option<String>,
}

impl Rules for ConfirmedGapInput {
    const RULES: &'static [(&'static str, Rule)] = &[("note", lines(NOTE_MAX))];
}
impl Rules for PutRetrospective {
    const RULES: &'static [(&'static str, Rule)] = &[
        ("what_happened", lines(TEXT_MAX)),
        ("client_view", lines(TEXT_MAX)),
        ("our_view", lines(TEXT_MAX)),
        ("lessons", lines(TEXT_MAX)),
        ("correction", lines(TEXT_MAX)),
        ("escape_point", lines(TEXT_MAX)),
        ("action_needed_rationale", lines(TEXT_MAX)),
        ("client_summary", lines(TEXT_MAX)),
        ("whys", lines(WHY_MAX)),
        (
            "whys",
            Rule::List {
                min: 0,
                max: WHYS_MAX,
                unique: false,
            },
        ),
        // Each gap at most once: an item repeated whole is refused by the document; the same code
        // with another note or `primary` only by the server (422 `duplicate` on its `code`).
        (
            "gaps",
            Rule::List {
                min: 0,
                max: GAPS_MAX,
                unique: true,
            },
        ),
    ];
}

impl PutRetrospective {
    pub fn validate(self) -> Result<RetrospectiveDraft, ApiError> {
        let mut v = Validator::new();
        let what_happened = v
            .required("what_happened", self.what_happened)
            .and_then(|t| v.text("what_happened", t, TEXT_MAX, Lines::Many));
        let client_view = v.optional_text("client_view", self.client_view, TEXT_MAX, Lines::Many);
        let our_view = v.optional_text("our_view", self.our_view, TEXT_MAX, Lines::Many);
        let lessons = v.optional_text("lessons", self.lessons, TEXT_MAX, Lines::Many);
        let correction = v.optional_text("correction", self.correction, TEXT_MAX, Lines::Many);
        let escape_point = v.optional_text("escape_point", self.escape_point, TEXT_MAX, Lines::Many);
        let rationale = v.optional_text(
            "action_needed_rationale",
            self.action_needed_rationale,
            TEXT_MAX,
            Lines::Many,
        );
        let status = match self.status {
            Some(code) => v.code("status", &code),
            None => Some(RetrospectiveStatus::Draft),
        };
        let whys = if self.whys.len() > WHYS_MAX {
            v.push("whys", FieldProblem::TooMany { max: WHYS_MAX });
            None
        } else {
            let whys: Vec<_> = self
                .whys
                .into_iter()
                .enumerate()
                .map(|(i, why)| v.text(&format!("whys[{i}]"), why, WHY_MAX, Lines::Many))
                .collect();
            whys.into_iter().collect::<Option<Vec<_>>>()
        };
        let mut gaps: Vec<ConfirmedGap> = Vec::new();
        let mut gaps_valid = true;
        for (i, input) in self.gaps.into_iter().enumerate() {
            let field = format!("gaps[{i}]");
            let code = v
                .required(&format!("{field}.code"), input.code)
                .and_then(|c| v.code::<Gap>(&format!("{field}.code"), &c));
            let note = v.optional_text(&format!("{field}.note"), input.note, NOTE_MAX, Lines::Many);
            match (code, note) {
                (Some(gap), Some(_)) if gaps.iter().any(|g| g.gap == gap) => {
                    v.push(format!("{field}.code"), FieldProblem::Duplicate);
                    gaps_valid = false;
                }
                (Some(gap), Some(note)) => gaps.push(ConfirmedGap {
                    gap,
                    primary: input.primary,
                    note,
                }),
                _ => gaps_valid = false,
            }
        }
        let primaries = gaps.iter().filter(|g| g.primary).count();
        if gaps_valid {
            if primaries > 1 {
                v.push("gaps", FieldProblem::OnePrimary);
            } else if status == Some(RetrospectiveStatus::Published) {
                if gaps.is_empty() {
                    v.push("gaps", FieldProblem::RequiredToPublish);
                } else if primaries == 0 {
                    v.push("gaps", FieldProblem::OnePrimary);
                }
            }
        }
        let client_summary = v.optional_text("client_summary", self.client_summary, TEXT_MAX, Lines::Many);
        let next_answer_on = match self.next_answer_on {
            Some(date) => v.date("next_answer_on", &date).map(Some),
            None => Some(None),
        };
        if status == Some(RetrospectiveStatus::Published) {
            if matches!(correction, Some(None)) {
                v.push("correction", FieldProblem::NeededToPublish);
            }
            match self.action_needed {
                None => v.push("action_needed", FieldProblem::NeededToPublish),
                Some(false) if matches!(rationale, Some(None)) => {
                    v.push("action_needed_rationale", FieldProblem::NeededToPublish)
                }
                Some(_) => {}
            }
        }
        let (
            what_happened,
            client_view,
            our_view,
            lessons,
            status,
            whys,
            correction,
            escape_point,
            rationale,
            client_summary,
            next_answer_on,
        ) = v.done((
            what_happened,
            client_view,
            our_view,
            lessons,
            status,
            whys,
            correction,
            escape_point,
            rationale,
            client_summary,
            next_answer_on,
        ))?;
        Ok(RetrospectiveDraft {
            what_happened,
            client_view,
            our_view,
            whys,
            gaps,
            lessons,
            status,
            record: CapaRecord {
                correction,
                escape_point,
                action_needed: self.action_needed,
                action_needed_rationale: rationale,
            },
            client_summary,
            next_answer_on,
        })
    }
}

impl DocumentQuery {
    pub fn validate(self) -> Result<(DocumentFormat, DocumentAudience), ApiError> {
        let mut v = Validator::new();
        let format = match self.format {
            Some(code) => v.code("format", &code),
            None => Some(DocumentFormat::Markdown),
        };
        let audience = match self.audience {
            Some(code) => v.code("audience", &code),
            None => Some(DocumentAudience::Internal),
        };
        v.done((format, audience))
    }
}

impl DocumentFormat {
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Markdown => "text/markdown; charset=utf-8",
            Self::Html => "text/html; charset=utf-8",
        }
    }
}
