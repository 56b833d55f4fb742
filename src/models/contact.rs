//! The contacts a CRM reports for a client: calls, meetings, e-mails and payments, from which the
//! early warning learns the client's own cadence.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use uuid::Uuid;

use super::{client, stored_code, stored_id};
use crate::db::{lock_key, DbConnection};
use crate::domain::warning::{History, HISTORY_MAX};
use crate::domain::{Code, ContactDirection, ContactKind};
use crate::error::{ApiError, Resource};
use crate::pagination::{Cursor, PageRequest};
use crate::schema::client_contacts;
use crate::validation::now;

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    pub id: Uuid,
    pub client_id: Uuid,
    pub kind: ContactKind,
    pub direction: ContactDirection,
    pub occurred_at: NaiveDateTime,
    pub response_minutes: Option<i32>,
    pub days_late: Option<i32>,
    pub external_ref: Option<String>,
    pub created_at: NaiveDateTime,
}

pub struct NewContact {
    pub kind: ContactKind,
    pub direction: ContactDirection,
    pub occurred_at: NaiveDateTime,
    pub response_minutes: Option<i32>,
    pub days_late: Option<i32>,
    pub external_ref: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = client_contacts)]
struct ContactRow {
    id: String,
    client_id: String,
    kind: String,
    direction: String,
    occurred_at: NaiveDateTime,
    response_minutes: Option<i32>,
    days_late: Option<i32>,
    external_ref: Option<String>,
    created_at: NaiveDateTime,
}

impl ContactRow {
    fn into_contact(self) -> Result<Contact, ApiError> {
        Ok(Contact {
            id: stored_id(&self.id)?,
            client_id: stored_id(&self.client_id)?,
            kind: stored_code(&self.kind)?,
            direction: stored_code(&self.direction)?,
            occurred_at: self.occurred_at,
            response_minutes: self.response_minutes,
            days_late: self.days_late,
            external_ref: self.external_ref,
            created_at: self.created_at,
        })
    }
}

fn require_client(conn: &mut DbConnection, client_id: Uuid) -> Result<(), ApiError> {
    if client::exists(conn, client_id)? {
        Ok(())
    } else {
        Err(ApiError::not_found(Resource::Client, client_id))
    }
}

/// Records a contact; `true` beside it when it is new. A contact whose `external_ref` this
/// client already has is the CRM sending it again: the stored one comes back and nothing is
/// counted twice.
pub fn add(conn: &mut DbConnection, client_id: Uuid, new: NewContact) -> Result<(Contact, bool), ApiError> {
    require_client(conn, client_id)?;
    let key = client_id.to_string();
    if let Some(reference) = &new.external_ref {
        // Two sends of one reference at once: the second waits for the first and finds it.
        lock_key(conn, &format!("contact-ref:{key}/{reference}"))?;
        let existing = client_contacts::table
            .filter(client_contacts::client_id.eq(&key))
            .filter(client_contacts::external_ref.eq(reference))
            .select(ContactRow::as_select())
            .first(conn)
            .optional()?;
        if let Some(row) = existing {
            return Ok((row.into_contact()?, false));
        }
    }
    let id = Uuid::now_v7();
    diesel::insert_into(client_contacts::table)
        .values((
            client_contacts::id.eq(id.to_string()),
            client_contacts::client_id.eq(&key),
            client_contacts::kind.eq(new.kind.code()),
            client_contacts::direction.eq(new.direction.code()),
            client_contacts::occurred_at.eq(new.occurred_at),
            client_contacts::response_minutes.eq(new.response_minutes),
            client_contacts::days_late.eq(new.days_late),
            client_contacts::external_ref.eq(&new.external_ref),
            client_contacts::created_at.eq(now()),
        ))
        .execute(conn)?;
    let row = client_contacts::table
        .find(id.to_string())
        .select(ContactRow::as_select())
        .first(conn)?;
    Ok((row.into_contact()?, true))
}

/// The client's contacts, newest first (`occurred_at`, then id).
pub fn list(
    conn: &mut DbConnection,
    client_id: Uuid,
    page: &PageRequest,
) -> Result<(Vec<Contact>, Option<String>), ApiError> {
    require_client(conn, client_id)?;
    let mut query = client_contacts::table
        .filter(client_contacts::client_id.eq(client_id.to_string()))
        .select(ContactRow::as_select())
        .into_boxed();
    if let Some(after) = page.after {
        let (at, id) = after.timed()?;
        query = query.filter(
            client_contacts::occurred_at
                .lt(at)
                .or(client_contacts::occurred_at.eq(at).and(client_contacts::id.lt(id))),
        );
    }
    let contacts = query
        .order((client_contacts::occurred_at.desc(), client_contacts::id.desc()))
        .limit(page.fetch())
        .load::<ContactRow>(conn)?
        .into_iter()
        .map(ContactRow::into_contact)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(page.finish(contacts, |c| Cursor::by_time(c.occurred_at, c.id)))
}

/// When, kind, direction, response time and delay of one contact.
type HistoryRow = (NaiveDateTime, String, String, Option<i32>, Option<i32>);

/// What the rules read of the client: its newest `HISTORY_MAX` contacts, oldest first.
pub fn history(conn: &mut DbConnection, client_id: Uuid) -> Result<History, ApiError> {
    let mut rows: Vec<HistoryRow> = client_contacts::table
        .filter(client_contacts::client_id.eq(client_id.to_string()))
        .order((client_contacts::occurred_at.desc(), client_contacts::id.desc()))
        .select((
            client_contacts::occurred_at,
            client_contacts::kind,
            client_contacts::direction,
            client_contacts::response_minutes,
            client_contacts::days_late,
        ))
        .limit(HISTORY_MAX)
        .load(conn)?;
    rows.reverse();
    let mut history = History::default();
    for (at, kind, direction, response, late) in rows {
        let day = at.date();
        if history.contact_days.last() != Some(&day) {
            history.contact_days.push(day);
        }
        // The client's replies only: on an outbound contact the time is ours.
        if let Some(minutes) = response.filter(|_| direction == ContactDirection::Inbound.code()) {
            history.replies.push(i64::from(minutes));
        }
        if kind == ContactKind::Payment.code() {
            history.payments.push(i64::from(late.unwrap_or(0)));
        }
    }
    Ok(history)
}

/// The next `limit` clients with contacts after `after` (by id), for the housekeeping's rounds.
pub fn clients_with_contacts(
    conn: &mut DbConnection,
    after: Option<&str>,
    limit: i64,
) -> Result<Vec<String>, ApiError> {
    let mut query = client_contacts::table
        .select(client_contacts::client_id)
        .distinct()
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(client_contacts::client_id.gt(after.to_owned()));
    }
    Ok(query.order(client_contacts::client_id.asc()).limit(limit).load(conn)?)
}
