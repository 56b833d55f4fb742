//! `/v1/events`: the change feed, how a CRM keeps its copy in sync without missing a change.

mod payload;

use actix_web::{get, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

pub use payload::{EventsQuery, Start};

use super::responses::{BadRequest, Gone, Unprocessable};
use super::LangQuery;
use crate::config::EventRetention;
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::error::ApiError;
use crate::i18n::Locale;
use crate::models::feed;
use crate::views::feed::{ChangeEventBody, ChangeFeedPage};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_events);
}

/// Follow every change of clients, incidents, timeline entries, retrospectives and actions.
///
/// Each committed change is one event, kept at least 30 days (`--event-retention-days`), in an
/// order that never skips or repeats one, also while many writers commit at once: keep the
/// `next_cursor` of each page and pass it as `after`. Events appear once the transactions
/// before them have ended, so on PostgreSQL a long transaction holds the feed back for its
/// length. `data` is the resource as its GET returned it at that change (labels in the requested
/// language), without fields that change with no write (an action's `overdue`); a `.deleted`
/// event (a tombstone) has `data` null, and deleting an incident leaves one for each of its
/// timeline entries and its retrospective too. A change that changes nothing is not an event.
///
/// To start a copy: `GET /v1/events?after=latest` for a cursor, copy the lists, then follow the
/// feed from that cursor (events already copied arrive again and simply rewrite the same data).
/// A cursor from before the oldest event kept answers 410 `cursor_expired`: copy again.
#[utoipa::path(
    tag = "events",
    params(EventsQuery, LangQuery),
    responses(
        (status = 200, description = "The events after the cursor, oldest first.", body = ChangeFeedPage),
        BadRequest, Gone, Unprocessable
    )
)]
#[get("/events")]
pub async fn list_events(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    retention: web::Data<EventRetention>,
    locale: Locale,
    query: web::Query<EventsQuery>,
) -> Result<HttpResponse, ApiError> {
    let (start, limit, types) = query.into_inner().validate()?;
    let retention_days = retention.days;
    let (events, next) = db
        .read(move |conn| {
            let after = match start {
                Start::Latest => return Ok((Vec::new(), feed::latest(conn)?)),
                Start::After(cursor) => cursor,
            };
            // Only a cursor a page handed out can be too old; starting afresh never is.
            if after != feed::FeedCursor::START && feed::horizon(conn)?.is_some_and(|h| after < h) {
                return Err(ApiError::CursorExpired { retention_days });
            }
            let events = feed::page(conn, after, limit, &types)?;
            let next = events.last().map_or(after, feed::StoredEvent::cursor);
            Ok((events, next))
        })
        .await?;
    let today = clock.today();
    let items = events
        .into_iter()
        .map(|event| ChangeEventBody::new(event, &locale, today))
        .collect::<Result<_, _>>()?;
    Ok(HttpResponse::Ok().json(ChangeFeedPage {
        items,
        next_cursor: next.encode(),
    }))
}
