//! Retrospectives: the blameless review of one incident, its chain of whys and confirmed gaps.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use uuid::Uuid;

use super::{incident, stored_code};
use crate::db::DbConnection;
use crate::domain::{Code, Gap, RetrospectiveStatus};
use crate::error::{ApiError, Resource};
use crate::schema::{retrospective_gaps, retrospective_whys, retrospectives};

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ConfirmedGap {
    pub gap: Gap,
    pub primary: bool,
    pub note: Option<String>,
}

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Retrospective {
    pub incident_id: Uuid,
    pub what_happened: String,
    pub client_view: Option<String>,
    pub our_view: Option<String>,
    pub whys: Vec<String>,
    pub gaps: Vec<ConfirmedGap>,
    pub lessons: Option<String>,
    pub status: RetrospectiveStatus,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The corrective-action record (defaults: the change feed keeps retrospectives stored
    /// before it).
    #[serde(default)]
    pub record: CapaRecord,
    /// What happened, written by a person for the client: the only account the client's letter gives.
    pub client_summary: Option<String>,
    /// When the client hears from the firm next.
    pub next_answer_on: Option<NaiveDate>,
}

/// What ISO 9001 10.2 asks a nonconformity's record to say besides its cause: what was done for
/// the client at once, why it was not caught earlier, and whether action is needed (and why
/// not, when not).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CapaRecord {
    pub correction: Option<String>,
    pub escape_point: Option<String>,
    pub action_needed: Option<bool>,
    pub action_needed_rationale: Option<String>,
}

/// A whole retrospective as written: it replaces what was there.
pub struct RetrospectiveDraft {
    pub what_happened: String,
    pub client_view: Option<String>,
    pub our_view: Option<String>,
    pub whys: Vec<String>,
    pub gaps: Vec<ConfirmedGap>,
    pub lessons: Option<String>,
    pub status: RetrospectiveStatus,
    pub record: CapaRecord,
    pub client_summary: Option<String>,
    pub next_answer_on: Option<NaiveDate>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = retrospectives)]
struct RetrospectiveRow {
    what_happened: String,
    client_view: Option<String>,
    our_view: Option<String>,
    lessons: Option<String>,
    status: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    correction: Option<String>,
    escape_point: Option<String>,
    action_needed: Option<bool>,
    action_needed_rationale: Option<String>,
    client_summary: Option<String>,
    next_answer_on: Option<NaiveDate>,
}

/// Whether `put` created the retrospective or replaced one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Created,
    Replaced,
}

impl Retrospective {
    /// Whether writing `draft` would leave this retrospective as it is: the same texts, whys
    /// in the same order, and the same confirmed gaps in any order (they are read back primary
    /// first, then by code).
    pub fn is_as(&self, draft: &RetrospectiveDraft) -> bool {
        let mut gaps = draft.gaps.clone();
        gaps.sort_by(|a, b| b.primary.cmp(&a.primary).then(a.gap.code().cmp(b.gap.code())));
        self.what_happened == draft.what_happened
            && self.client_view == draft.client_view
            && self.our_view == draft.our_view
            && self.whys == draft.whys
            && self.gaps == gaps
            && self.lessons == draft.lessons
            && self.status == draft.status
            && self.record == draft.record
            && self.client_summary == draft.client_summary
            && self.next_answer_on == draft.next_answer_on
    }
}

/// Creates or replaces the incident's retrospective (its incident exists: the caller read it).
/// What publishing changes elsewhere is `ops::retrospectives`'s.
pub fn put(
    conn: &mut DbConnection,
    incident_id: Uuid,
    draft: &RetrospectiveDraft,
    at: NaiveDateTime,
) -> Result<(Retrospective, Written), ApiError> {
    let key = incident_id.to_string();
    let existing: Option<NaiveDateTime> = retrospectives::table
        .find(&key)
        .select(retrospectives::created_at)
        .first(conn)
        .optional()?;
    // Children go first so that replacing is one delete and one insert per row kind.
    diesel::delete(retrospective_whys::table.filter(retrospective_whys::incident_id.eq(&key))).execute(conn)?;
    diesel::delete(retrospective_gaps::table.filter(retrospective_gaps::incident_id.eq(&key))).execute(conn)?;
    diesel::delete(retrospectives::table.find(&key)).execute(conn)?;
    diesel::insert_into(retrospectives::table)
        .values((
            retrospectives::incident_id.eq(&key),
            retrospectives::what_happened.eq(&draft.what_happened),
            retrospectives::client_view.eq(&draft.client_view),
            retrospectives::our_view.eq(&draft.our_view),
            retrospectives::lessons.eq(&draft.lessons),
            retrospectives::status.eq(draft.status.code()),
            retrospectives::created_at.eq(existing.unwrap_or(at)),
            retrospectives::updated_at.eq(at),
            retrospectives::correction.eq(&draft.record.correction),
            retrospectives::escape_point.eq(&draft.record.escape_point),
            retrospectives::action_needed.eq(draft.record.action_needed),
            retrospectives::action_needed_rationale.eq(&draft.record.action_needed_rationale),
            retrospectives::client_summary.eq(&draft.client_summary),
            retrospectives::next_answer_on.eq(draft.next_answer_on),
        ))
        .execute(conn)?;
    for (position, text) in draft.whys.iter().enumerate() {
        diesel::insert_into(retrospective_whys::table)
            .values((
                retrospective_whys::incident_id.eq(&key),
                retrospective_whys::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                retrospective_whys::text.eq(text),
            ))
            .execute(conn)?;
    }
    for confirmed in &draft.gaps {
        diesel::insert_into(retrospective_gaps::table)
            .values((
                retrospective_gaps::incident_id.eq(&key),
                retrospective_gaps::gap.eq(confirmed.gap.code()),
                retrospective_gaps::is_primary.eq(confirmed.primary),
                retrospective_gaps::note.eq(&confirmed.note),
            ))
            .execute(conn)?;
    }
    let written = if existing.is_some() {
        Written::Replaced
    } else {
        Written::Created
    };
    Ok((find(conn, incident_id)?, written))
}

/// The status of the incident's retrospective, `None` while it has none.
pub fn status(conn: &mut DbConnection, incident_id: Uuid) -> Result<Option<RetrospectiveStatus>, ApiError> {
    let status: Option<String> = retrospectives::table
        .find(incident_id.to_string())
        .select(retrospectives::status)
        .first(conn)
        .optional()?;
    status.as_deref().map(stored_code).transpose()
}

/// The incident's retrospective; 404 when the incident or its retrospective does not exist.
pub fn find(conn: &mut DbConnection, incident_id: Uuid) -> Result<Retrospective, ApiError> {
    let key = incident_id.to_string();
    let Some(row) = retrospectives::table
        .find(&key)
        .select(RetrospectiveRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Err(if incident::exists(conn, incident_id)? {
            ApiError::not_found(Resource::Retrospective, incident_id)
        } else {
            ApiError::not_found(Resource::Incident, incident_id)
        });
    };
    let whys = retrospective_whys::table
        .filter(retrospective_whys::incident_id.eq(&key))
        .order(retrospective_whys::position)
        .select(retrospective_whys::text)
        .load(conn)?;
    let gaps = retrospective_gaps::table
        .filter(retrospective_gaps::incident_id.eq(&key))
        .order((retrospective_gaps::is_primary.desc(), retrospective_gaps::gap))
        .select((
            retrospective_gaps::gap,
            retrospective_gaps::is_primary,
            retrospective_gaps::note,
        ))
        .load::<(String, bool, Option<String>)>(conn)?
        .into_iter()
        .map(|(gap, primary, note)| {
            Ok(ConfirmedGap {
                gap: stored_code(&gap)?,
                primary,
                note,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(Retrospective {
        incident_id,
        what_happened: row.what_happened,
        client_view: row.client_view,
        our_view: row.our_view,
        whys,
        gaps,
        lessons: row.lessons,
        status: stored_code(&row.status)?,
        created_at: row.created_at,
        updated_at: row.updated_at,
        record: CapaRecord {
            correction: row.correction,
            escape_point: row.escape_point,
            action_needed: row.action_needed,
            action_needed_rationale: row.action_needed_rationale,
        },
        client_summary: row.client_summary,
        next_answer_on: row.next_answer_on,
    })
}
