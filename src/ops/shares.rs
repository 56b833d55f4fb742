//! The client's letter and the links that share it: what the letter is made of (read from the
//! incident, its client, its retrospective and its actions), making a link, revoking one, and
//! opening one by its token. Links are not announced as events: they change nothing the
//! firm's records or a CRM hold.

use chrono::{NaiveDateTime, TimeDelta};
use uuid::Uuid;

use crate::db::DbConnection;
use crate::documents::client_letter::ClientLetter;
use crate::domain::{ActionStatus, DocumentFormat, Language, RetrospectiveStatus};
use crate::error::ApiError;
use crate::models::share::{self, NewShare, Share};
use crate::models::{action, client, incident, retrospective};

/// The letter of the incident as it stands: 404 without a retrospective, 409
/// `letter_not_ready` while it is a draft or has no client summary (an empty letter would tell
/// the client nothing). Cancelled actions are no longer a commitment and are left out.
pub fn letter(conn: &mut DbConnection, incident_id: Uuid) -> Result<(ClientLetter, Language), ApiError> {
    let retro = retrospective::find(conn, incident_id)?;
    if retro.status != RetrospectiveStatus::Published {
        return Err(ApiError::LetterNotReady { draft: true });
    }
    let Some(summary) = retro.client_summary else {
        return Err(ApiError::LetterNotReady { draft: false });
    };
    let incident = incident::find(conn, incident_id)?;
    let client = client::find(conn, incident.client_id)?;
    // `today` only decides an action's `overdue`, which the letter does not show.
    let mut changes: Vec<_> = action::for_incident(conn, incident_id, incident.occurred_at.date())?
        .into_iter()
        .filter(|a| a.status != ActionStatus::Cancelled)
        .map(|a| (a.title, a.due_date))
        .collect();
    changes.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(&b.0)));
    let letter = ClientLetter {
        client_name: client.name,
        account_owner: client.account_owner,
        occurred_on: incident.occurred_at.date(),
        category: incident.category,
        summary,
        changes,
        next_answer_on: retro.next_answer_on,
    };
    Ok((letter, client.preferred_language))
}

/// What a new link asks for; the language defaults to the client's preferred one.
pub struct ShareRequest {
    pub expires_in_days: i64,
    pub format: DocumentFormat,
    pub language: Option<Language>,
}

/// Makes a link to the incident's letter, which must be ready now (the same 404 and 409 as the
/// letter). Returns the link and its token, shown only this once.
pub fn create(
    conn: &mut DbConnection,
    incident_id: Uuid,
    request: &ShareRequest,
    now: NaiveDateTime,
) -> Result<(Share, String), ApiError> {
    let (_, preferred) = letter(conn, incident_id)?;
    let new = NewShare {
        format: request.format,
        language: request.language.unwrap_or(preferred),
        expires_at: now + TimeDelta::days(request.expires_in_days),
    };
    share::create(conn, incident_id, &new, now)
}

/// Revokes one of the incident's links (again: no change).
pub fn revoke(conn: &mut DbConnection, incident_id: Uuid, id: Uuid, now: NaiveDateTime) -> Result<Share, ApiError> {
    share::revoke(conn, incident_id, id, now)
}

/// What a presented token opens.
pub enum Opened {
    /// The letter, in the link's format and language.
    Letter(Box<ClientLetter>, Share),
    /// The link expired or was revoked: 410, in the link's language.
    Gone(Share),
    /// The letter is not ready any more (its retrospective was taken back to draft, or its
    /// client summary removed): 409, in the link's language, until it is again.
    NotReady(Share),
    /// No link has this token: 404.
    Unknown,
}

/// Opens a link: the letter as it stands now (a corrected summary or a new action shows at
/// once), in the format and language fixed when the link was made.
pub fn open(conn: &mut DbConnection, token: &str, now: NaiveDateTime) -> Result<Opened, ApiError> {
    let Some(share) = share::by_token(conn, token)? else {
        return Ok(Opened::Unknown);
    };
    if share.revoked_at.is_some() || share.expires_at <= now {
        return Ok(Opened::Gone(share));
    }
    match letter(conn, share.incident_id) {
        Ok((letter, _)) => Ok(Opened::Letter(Box::new(letter), share)),
        Err(ApiError::LetterNotReady { .. } | ApiError::NotFound(..)) => Ok(Opened::NotReady(share)),
        Err(error) => Err(error),
    }
}
