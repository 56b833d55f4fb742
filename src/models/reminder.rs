//! Reminders fired: each rule fires once per occasion, across every replica.

use std::collections::HashSet;

use chrono::NaiveDate;
use diesel::prelude::*;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::models::stored_id;
use crate::schema::reminders;
use crate::validation::now;

/// Records that `rule` fires for `subject` on `occasion`; whether this call is the one that
/// fires it. The key (rule, subject, occasion) decides: of several replicas inserting the same
/// occasion, PostgreSQL makes the later ones wait for the first's commit and then insert
/// nothing; SQLite has one writer at a time. Call it in the transaction that announces.
pub fn fire(conn: &mut DbConnection, rule: &str, subject: Uuid, occasion: NaiveDate) -> Result<bool, ApiError> {
    let row = (
        reminders::rule.eq(rule),
        reminders::subject_id.eq(subject.to_string()),
        reminders::occasion.eq(occasion),
        reminders::fired_at.eq(now()),
    );
    // `ON CONFLICT` does not compile through the connection enum: each backend is asked itself.
    let insert = diesel::insert_into(reminders::table)
        .values(row)
        .on_conflict_do_nothing();
    let inserted = match conn {
        DbConnection::Sqlite(conn) => insert.execute(conn)?,
        DbConnection::Postgresql(conn) => insert.execute(conn)?,
    };
    Ok(inserted == 1)
}

/// The occasions already fired for these subjects (rule, subject, occasion), in one query per
/// ten thousand subjects.
pub fn fired(conn: &mut DbConnection, subjects: &[Uuid]) -> Result<HashSet<(String, Uuid, NaiveDate)>, ApiError> {
    let keys: Vec<String> = subjects.iter().map(Uuid::to_string).collect();
    let mut fired = HashSet::new();
    for chunk in keys.chunks(10_000) {
        let rows: Vec<(String, String, NaiveDate)> = reminders::table
            .filter(reminders::subject_id.eq_any(chunk))
            .select((reminders::rule, reminders::subject_id, reminders::occasion))
            .load(conn)?;
        for (rule, subject, occasion) in rows {
            fired.insert((rule, stored_id(&subject)?, occasion));
        }
    }
    Ok(fired)
}
