//! `/v1/actions`: the corrective actions that close gaps, their lifecycle and history.

mod payload;

use actix_web::http::{header, StatusCode};
use actix_web::{get, patch, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::action::{version, ActionBody, ActionList, HistoryEntryBody, HistoryList};
pub use payload::{ActionListQuery, CreateAction, UpdateAction};

use super::responses::{
    BadRequest, Conflict, NotFound, PayloadTooLarge, PreconditionFailed, Unprocessable, UnsupportedMediaType,
};
use super::LangQuery;
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::error::ApiError;
use crate::http::etag::{etag_header, etag_of, IfMatch, IfNoneMatch};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::{ActionId, IncidentId};
use crate::http::requester::Requester;
use crate::i18n::Locale;
use crate::models::action::{self, Policy};
use crate::ops::actions;
use crate::pagination::Page;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_action)
        .service(list_actions)
        .service(get_action)
        .service(update_action)
        .service(action_history)
        .service(incident_actions);
}

/// Create a corrective action for a gap, answering one or more incidents of one client.
#[utoipa::path(
    tag = "actions",
    params(LangQuery),
    request_body = CreateAction,
    responses(
        (status = 201, description = "The action was created, `open`.", body = ActionBody,
         headers(("Location" = String, description = "The new action's address."),
                 ("ETag" = String, description = "The action's version."))),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/actions")]
pub async fn create_action(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    by: Requester,
    idempotent: Idempotent,
    body: ApiJson<CreateAction>,
) -> Result<HttpResponse, ApiError> {
    let today = clock.today();
    let new = body.0.validate()?;
    idempotent
        .write(&db, move |conn| {
            let action = actions::create(conn, new, today, &by)?;
            let locale = &by.locale;
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, format!("/v1/actions/{}", action.id)))
                .header(etag_header(&version(&action, today), locale.lang))
                .json(&ActionBody::new(action, locale, today))
        })
        .await
}

/// List corrective actions, the newest first.
#[utoipa::path(
    tag = "actions",
    params(ActionListQuery, LangQuery),
    responses((status = 200, description = "One page of actions.", body = Page<ActionBody>), BadRequest, Unprocessable)
)]
#[get("/actions")]
pub async fn list_actions(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    query: web::Query<ActionListQuery>,
) -> Result<HttpResponse, ApiError> {
    let today = clock.today();
    let (filter, page) = query.into_inner().validate()?;
    let (actions, next_cursor) = db.read(move |conn| action::list(conn, &filter, &page, today)).await?;
    let items = actions
        .into_iter()
        .map(|a| ActionBody::new(a, &locale, today))
        .collect();
    Ok(HttpResponse::Ok().json(Page { items, next_cursor }))
}

/// Read a corrective action.
#[utoipa::path(
    tag = "actions",
    params(ActionId, LangQuery),
    responses(
        (status = 200, description = "The action.", body = ActionBody,
         headers(("ETag" = String, description = "The action's current version, for `If-Match`."))),
        NotFound
    )
)]
#[get("/actions/{id}")]
pub async fn get_action(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    if_none_match: IfNoneMatch,
    id: ActionId,
) -> Result<HttpResponse, ApiError> {
    let today = clock.today();
    let id = id.get();
    let action = db.read(move |conn| action::find(conn, id)).await?;
    let tag = etag_of(&version(&action, today), locale.lang);
    Ok(if_none_match.respond(tag, || ActionBody::new(action, &locale, today)))
}

/// Update a corrective action, or move it along its lifecycle.
///
/// `open` → `in_progress` → `done` → `verified`; `open`/`in_progress` → `cancelled`;
/// `done`/`verified` → `reopened` → `in_progress`. `done` needs `completion_note`; `verified`
/// needs `verification_note` and is allowed only after the verification window. Any other
/// change is refused with 409 `invalid_transition`, naming the allowed next states. With
/// `If-Match`, the update happens only if the action is still at that ETag (else 412).
#[utoipa::path(
    tag = "actions",
    params(ActionId, LangQuery),
    request_body = UpdateAction,
    responses(
        (status = 200, description = "The updated action.", body = ActionBody,
         headers(("ETag" = String, description = "The action's new version."))),
        BadRequest, NotFound, Conflict, PreconditionFailed, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[patch("/actions/{id}")]
pub async fn update_action(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    policy: web::Data<Policy>,
    by: Requester,
    if_match: IfMatch,
    body: ApiJson<UpdateAction>,
    id: ActionId,
) -> Result<HttpResponse, ApiError> {
    let today = clock.today();
    let id = id.get();
    let changes = body.0.validate()?;
    let policy = **policy;
    // The use case's events are rendered in their own language, from this locale's messages.
    let events = by.clone();
    let locale = by.locale;
    let action = db
        .write(move |conn| actions::update(conn, id, changes, policy, today, &if_match, &events))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag_header(&version(&action, today), locale.lang))
        .json(ActionBody::new(action, &locale, today)))
}

/// Every status change of a corrective action: who, when, from, to, and why.
#[utoipa::path(
    tag = "actions",
    params(ActionId, LangQuery),
    responses((status = 200, description = "The history, oldest first.", body = HistoryList), NotFound)
)]
#[get("/actions/{id}/history")]
pub async fn action_history(db: web::Data<Db>, locale: Locale, id: ActionId) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let history = db.read(move |conn| action::history(conn, id)).await?;
    let items = history.into_iter().map(|h| HistoryEntryBody::new(h, &locale)).collect();
    Ok(HttpResponse::Ok().json(HistoryList { items }))
}

/// The corrective actions answering an incident.
#[utoipa::path(
    tag = "actions",
    params(IncidentId, LangQuery),
    responses((status = 200, description = "The incident's actions, newest first.", body = ActionList), NotFound)
)]
#[get("/incidents/{id}/actions")]
pub async fn incident_actions(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let today = clock.today();
    let id = id.get();
    let actions = db.read(move |conn| action::for_incident(conn, id, today)).await?;
    let items = actions
        .into_iter()
        .map(|a| ActionBody::new(a, &locale, today))
        .collect();
    Ok(HttpResponse::Ok().json(ActionList { items }))
}
