//! Early warning: recording the contacts a CRM reports, and the housekeeping that flags clients
//! at risk and announces each episode once (`client.at_risk`).
//!
//! The list `GET /v1/clients/at-risk` reads the stored episodes, the same rows that decide the
//! announcement, so a client is listed exactly when its episode was announced. The housekeeping
//! opens, refreshes and ends episodes on each pass; a new contact re-evaluates its client at once,
//! so a client that is heard from again leaves the list with the contact that ended its episode.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::db::DbConnection;
use crate::domain::warning::{evaluate, RULES};
use crate::domain::EventType;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::at_risk;
use crate::models::contact::{self, Contact, NewContact};
use crate::ops::events::emit;
use crate::views::warning::AtRiskBody;

/// Records a contact (`true` beside it when new, not a CRM's resend) and, when its client has
/// an open episode, measures it again: the episode ends when the client meets no rule any more.
pub fn record_contact(
    conn: &mut DbConnection,
    client_id: Uuid,
    new: NewContact,
    today: NaiveDate,
) -> Result<(Contact, bool), ApiError> {
    let (contact, created) = contact::add(conn, client_id, new)?;
    if created && at_risk::is_open(conn, client_id)? {
        let findings = evaluate(&RULES, &contact::history(conn, client_id)?, today);
        if findings.is_empty() {
            at_risk::end(conn, client_id, today)?;
        } else {
            at_risk::refresh(conn, client_id, &findings, today)?;
        }
    }
    Ok((contact, created))
}

/// The next `limit` clients with contacts after `after` (the last one, `None` when there are no
/// more), and those of them whose episode would change on `today`: one to open, to end, or whose
/// figures moved. Only reads, so that the housekeeping holds no write lock while it measures
/// clients whose state stays as it is, which is most of them.
pub fn clients_to_update(
    conn: &mut DbConnection,
    after: Option<&str>,
    limit: i64,
    today: NaiveDate,
) -> Result<(Option<String>, Vec<Uuid>), ApiError> {
    let ids = contact::clients_with_contacts(conn, after, limit)?;
    let mut changing = Vec::new();
    for raw in &ids {
        let client_id = Uuid::parse_str(raw).map_err(ApiError::internal)?;
        let findings = evaluate(&RULES, &contact::history(conn, client_id)?, today);
        let stays = match at_risk::find_open(conn, client_id)? {
            Some(open) => open.reasons == findings && open.evaluated_on == today,
            None => findings.is_empty(),
        };
        if !stays {
            changing.push(client_id);
        }
    }
    Ok((ids.last().cloned(), changing))
}

/// Measures these clients again on `today`, in the caller's write transaction: opens an
/// episode for a client that meets a rule (announcing it, once: only the insert that opened it
/// announces), refreshes an open one, ends one whose client meets none. Returns how many
/// episodes were announced.
pub fn update_clients(
    conn: &mut DbConnection,
    clients: &[Uuid],
    today: NaiveDate,
    locale: &Locale,
) -> Result<usize, ApiError> {
    let mut announced = 0;
    for &client_id in clients {
        let findings = evaluate(&RULES, &contact::history(conn, client_id)?, today);
        if findings.is_empty() {
            at_risk::end(conn, client_id, today)?;
        } else if at_risk::open(conn, client_id, &findings, today)? {
            let episode = at_risk::find_open(conn, client_id)?
                .ok_or_else(|| ApiError::internal("the episode just opened is not found"))?;
            emit(conn, EventType::ClientAtRisk, locale, |_, labels| {
                Ok(AtRiskBody::new(&episode, labels))
            })?;
            announced += 1;
        } else {
            at_risk::refresh(conn, client_id, &findings, today)?;
        }
    }
    Ok(announced)
}
