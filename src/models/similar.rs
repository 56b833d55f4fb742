//! What the similar-incidents search compares: recent incidents with the gaps their published
//! retrospectives confirmed.

use diesel::prelude::*;
use uuid::Uuid;

use super::{stored_code, stored_id};
use crate::db::DbConnection;
use crate::domain::{Category, Code, Gap, Language, RetrospectiveStatus};
use crate::error::ApiError;
use crate::schema::{incidents, retrospective_gaps, retrospectives};

/// How many of the most recent incidents a search looks through: it reads each one's text.
pub const LOOKED_THROUGH: i64 = 1_000;
/// Characters of each incident's text compared.
const TEXT_MAX: usize = 4_000;

pub struct Stored {
    pub id: Uuid,
    pub client: Uuid,
    pub language: Language,
    pub category: Category,
    pub text: String,
    pub confirmed: Vec<Gap>,
    pub primary: Option<Gap>,
}

type Row = (String, String, String, String, String, Option<String>);

fn stored(conn: &mut DbConnection, rows: Vec<Row>) -> Result<Vec<Stored>, ApiError> {
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let gaps: Vec<(String, String, bool)> = retrospective_gaps::table
        .inner_join(retrospectives::table.on(retrospectives::incident_id.eq(retrospective_gaps::incident_id)))
        .filter(retrospectives::status.eq(RetrospectiveStatus::Published.code()))
        .filter(retrospective_gaps::incident_id.eq_any(&ids))
        .select((
            retrospective_gaps::incident_id,
            retrospective_gaps::gap,
            retrospective_gaps::is_primary,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, client, language, category, summary, description)| {
            let mine: Vec<&(String, String, bool)> = gaps.iter().filter(|g| g.0 == id).collect();
            let text: String = match description {
                Some(d) => format!("{summary}\n{d}"),
                None => summary,
            }
            .chars()
            .take(TEXT_MAX)
            .collect();
            Ok(Stored {
                id: stored_id(&id)?,
                client: stored_id(&client)?,
                language: stored_code(&language)?,
                category: stored_code(&category)?,
                text,
                confirmed: mine.iter().map(|g| stored_code(&g.1)).collect::<Result<_, _>>()?,
                primary: mine.iter().find(|g| g.2).map(|g| stored_code(&g.1)).transpose()?,
            })
        })
        .collect()
}

/// The incident and the most recent others.
pub fn candidates(conn: &mut DbConnection, of: Uuid) -> Result<(Stored, Vec<Stored>), ApiError> {
    let columns = (
        incidents::id,
        incidents::client_id,
        incidents::language,
        incidents::category,
        incidents::summary,
        incidents::description,
    );
    let own: Vec<Row> = incidents::table.find(of.to_string()).select(columns).load(conn)?;
    let own = stored(conn, own)?
        .pop()
        .ok_or_else(|| ApiError::not_found(crate::error::Resource::Incident, of))?;
    let others: Vec<Row> = incidents::table
        .filter(incidents::id.ne(of.to_string()))
        .order((incidents::occurred_at.desc(), incidents::id.desc()))
        .limit(LOOKED_THROUGH)
        .select(columns)
        .load(conn)?;
    Ok((own, stored(conn, others)?))
}
