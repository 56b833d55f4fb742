//! At-risk episodes: from the day a client first meets an early-warning rule to the day it meets
//! none. At most one is open per client (a unique index), which is what announces each once.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::{Date, Text};
use uuid::Uuid;

use super::stored_id;
use crate::db::DbConnection;
use crate::domain::warning::Finding;
use crate::error::ApiError;
use crate::pagination::{Cursor, PageRequest};
use crate::schema::{at_risk_episodes, clients};

/// An open episode, with its client's name, as the list shows it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Episode {
    pub id: Uuid,
    pub client_id: Uuid,
    pub client_name: String,
    pub started_on: NaiveDate,
    pub evaluated_on: NaiveDate,
    pub reasons: Vec<Finding>,
}

fn reasons_json(findings: &[Finding]) -> Result<String, ApiError> {
    serde_json::to_string(findings).map_err(ApiError::internal)
}

/// Opens an episode for the client unless one is open; `true` only for the call that opened it.
/// Of several replicas trying at once, the unique index on the open episode lets one insert
/// through; the others' `ON CONFLICT DO NOTHING` inserts nothing (PostgreSQL makes them wait for
/// the first one's commit), so they do not announce it.
pub fn open(
    conn: &mut DbConnection,
    client_id: Uuid,
    findings: &[Finding],
    today: NaiveDate,
) -> Result<bool, ApiError> {
    let started_on = findings.iter().map(|f| f.since).min().unwrap_or(today).min(today);
    let reasons = reasons_json(findings)?;
    let id = Uuid::now_v7().to_string();
    let client_id = client_id.to_string();
    let sql = |p: [&str; 5]| {
        format!(
            "INSERT INTO at_risk_episodes (id, client_id, started_on, reasons, evaluated_on) \
             VALUES ({}, {}, {}, {}, {}) ON CONFLICT (client_id) WHERE ended_on IS NULL DO NOTHING",
            p[0], p[1], p[2], p[3], p[4]
        )
    };
    let inserted = match conn {
        DbConnection::Postgresql(c) => diesel::sql_query(sql(["$1", "$2", "$3", "$4", "$5"]))
            .bind::<Text, _>(&id)
            .bind::<Text, _>(&client_id)
            .bind::<Date, _>(started_on)
            .bind::<Text, _>(&reasons)
            .bind::<Date, _>(today)
            .execute(c)?,
        DbConnection::Sqlite(c) => diesel::sql_query(sql(["?", "?", "?", "?", "?"]))
            .bind::<Text, _>(&id)
            .bind::<Text, _>(&client_id)
            .bind::<Date, _>(started_on)
            .bind::<Text, _>(&reasons)
            .bind::<Date, _>(today)
            .execute(c)?,
    };
    Ok(inserted == 1)
}

/// Whether the client has an open episode.
pub fn is_open(conn: &mut DbConnection, client_id: Uuid) -> Result<bool, ApiError> {
    let open: i64 = at_risk_episodes::table
        .filter(at_risk_episodes::client_id.eq(client_id.to_string()))
        .filter(at_risk_episodes::ended_on.is_null())
        .count()
        .get_result(conn)?;
    Ok(open > 0)
}

/// Keeps the open episode's reasons as the latest evaluation found them; an episode already so
/// is not written again (housekeeping looks at every flagged client on every pass).
pub fn refresh(
    conn: &mut DbConnection,
    client_id: Uuid,
    findings: &[Finding],
    today: NaiveDate,
) -> Result<(), ApiError> {
    let reasons = reasons_json(findings)?;
    diesel::update(
        at_risk_episodes::table
            .filter(at_risk_episodes::client_id.eq(client_id.to_string()))
            .filter(at_risk_episodes::ended_on.is_null())
            .filter(
                at_risk_episodes::reasons
                    .ne(&reasons)
                    .or(at_risk_episodes::evaluated_on.ne(today)),
            ),
    )
    .set((
        at_risk_episodes::reasons.eq(&reasons),
        at_risk_episodes::evaluated_on.eq(today),
    ))
    .execute(conn)?;
    Ok(())
}

/// Ends the client's open episode, if any: it meets no rule any more.
pub fn end(conn: &mut DbConnection, client_id: Uuid, today: NaiveDate) -> Result<bool, ApiError> {
    let ended = diesel::update(
        at_risk_episodes::table
            .filter(at_risk_episodes::client_id.eq(client_id.to_string()))
            .filter(at_risk_episodes::ended_on.is_null()),
    )
    .set((
        at_risk_episodes::ended_on.eq(today),
        at_risk_episodes::evaluated_on.eq(today),
    ))
    .execute(conn)?;
    Ok(ended > 0)
}

type EpisodeRow = (String, String, String, NaiveDate, NaiveDate, String);

fn into_episode(
    (id, client_id, client_name, started_on, evaluated_on, reasons): EpisodeRow,
) -> Result<Episode, ApiError> {
    Ok(Episode {
        id: stored_id(&id)?,
        client_id: stored_id(&client_id)?,
        client_name,
        started_on,
        evaluated_on,
        reasons: serde_json::from_str(&reasons).map_err(ApiError::internal)?,
    })
}

/// The client's open episode.
pub fn find_open(conn: &mut DbConnection, client_id: Uuid) -> Result<Option<Episode>, ApiError> {
    at_risk_episodes::table
        .inner_join(clients::table.on(clients::id.eq(at_risk_episodes::client_id)))
        .filter(at_risk_episodes::client_id.eq(client_id.to_string()))
        .filter(at_risk_episodes::ended_on.is_null())
        .select((
            at_risk_episodes::id,
            at_risk_episodes::client_id,
            clients::name,
            at_risk_episodes::started_on,
            at_risk_episodes::evaluated_on,
            at_risk_episodes::reasons,
        ))
        .first::<EpisodeRow>(conn)
        .optional()?
        .map(into_episode)
        .transpose()
}

/// The open episodes, in the order they started (by id: ids are time-ordered).
pub fn list_open(conn: &mut DbConnection, page: &PageRequest) -> Result<(Vec<Episode>, Option<String>), ApiError> {
    let mut query = at_risk_episodes::table
        .inner_join(clients::table.on(clients::id.eq(at_risk_episodes::client_id)))
        .filter(at_risk_episodes::ended_on.is_null())
        .select((
            at_risk_episodes::id,
            at_risk_episodes::client_id,
            clients::name,
            at_risk_episodes::started_on,
            at_risk_episodes::evaluated_on,
            at_risk_episodes::reasons,
        ))
        .into_boxed();
    if let Some(after) = page.after {
        query = query.filter(at_risk_episodes::id.gt(after.untimed()?));
    }
    let episodes = query
        .order(at_risk_episodes::id.asc())
        .limit(page.fetch())
        .load::<EpisodeRow>(conn)?
        .into_iter()
        .map(into_episode)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page.finish(episodes, |e| Cursor::by_id(e.id)))
}
