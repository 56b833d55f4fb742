//! The incidents the gap finder learned from: one row per published retrospective with a primary
//! gap, written in the retrospective's own transaction.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id};
use crate::db::DbConnection;
use crate::domain::{Code, Gap, Language};
use crate::error::ApiError;
use crate::schema::finder_examples;

/// At most this many are kept: the newest; an installation's recent confirmations matter most.
pub const KEPT: i64 = 10_000;
/// Characters of an incident's text kept (summary and description).
const TEXT_MAX: usize = 4_000;

pub struct Example {
    pub incident_id: Uuid,
    pub gap: Gap,
    pub language: Language,
    pub text: String,
}

/// Records (or replaces) what a published retrospective confirmed; `None` forgets the incident
/// (its retrospective is a draft again, or names no primary gap).
pub fn record(
    conn: &mut DbConnection,
    incident_id: Uuid,
    confirmed: Option<(Gap, Language, &str)>,
    at: NaiveDateTime,
) -> Result<(), ApiError> {
    let key = incident_id.to_string();
    diesel::delete(finder_examples::table.find(&key)).execute(conn)?;
    let Some((gap, language, text)) = confirmed else {
        return Ok(());
    };
    let text: String = text.chars().take(TEXT_MAX).collect();
    diesel::insert_into(finder_examples::table)
        .values((
            finder_examples::incident_id.eq(&key),
            finder_examples::gap.eq(gap.code()),
            finder_examples::language.eq(language.code()),
            finder_examples::text.eq(&text),
            finder_examples::learned_at.eq(at),
        ))
        .execute(conn)?;
    // Beyond the bound, the oldest go.
    let count: i64 = finder_examples::table.count().get_result(conn)?;
    if count > KEPT {
        let oldest: Vec<String> = finder_examples::table
            .order((finder_examples::learned_at.asc(), finder_examples::incident_id.asc()))
            .limit(count - KEPT)
            .select(finder_examples::incident_id)
            .load(conn)?;
        diesel::delete(finder_examples::table.filter(finder_examples::incident_id.eq_any(oldest))).execute(conn)?;
    }
    Ok(())
}

/// How many there are and the newest time: a replica reloads when either changes.
pub fn version(conn: &mut DbConnection) -> Result<(i64, Option<NaiveDateTime>), ApiError> {
    Ok(finder_examples::table
        .select((diesel::dsl::count_star(), diesel::dsl::max(finder_examples::learned_at)))
        .first(conn)?)
}

pub fn all(conn: &mut DbConnection) -> Result<Vec<Example>, ApiError> {
    let rows: Vec<(String, String, String, String)> = finder_examples::table
        .order(finder_examples::incident_id.asc())
        .select((
            finder_examples::incident_id,
            finder_examples::gap,
            finder_examples::language,
            finder_examples::text,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, gap, language, text)| {
            Ok(Example {
                incident_id: stored_id(&id)?,
                gap: stored_code(&gap)?,
                language: stored_code(&language)?,
                text,
            })
        })
        .collect()
}
