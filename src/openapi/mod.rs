//! The OpenAPI document: collected from the routes themselves, so it cannot miss one.

mod conventions;
mod texts;

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::domain::{DocumentAudience, DocumentFormat, EventType, ExportFormat};
use crate::http::problem::{Problem, ProblemField};
use crate::routes;
use crate::views::event::EventPayload;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "clientretro",
        description = "Learn from your hardest clients. Record a client incident, find the process gap it \
exposed, confirm it in a blameless retrospective, and track the corrective actions that keep it from \
happening again.\n\n\
**Languages.** Every text a person reads (labels, error titles and details) comes in English, Romanian, \
Polish or Greek: `?lang=` chooses, with a language tag read as `Accept-Language` reads it (`ro`, `ro-RO`, \
`EL`; a language the API does not speak is 422); otherwise `Accept-Language` does (q-values honoured); \
otherwise English. `Content-Language` says which was used. This document and `/docs` are in English.\n\n\
**Codes and labels.** Every code in a response has a localized label beside it: \
`\"category\": \"late_payment\", \"category_label\": \"Întârziere la plată\"`.\n\n\
**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `code`; \
validation errors list each invalid field in `errors`.\n\n\
**Lists** return `{\"items\": [...], \"next_cursor\": \"...\"}`; pass `next_cursor` as `cursor` for the \
next page. Pages stay stable while others write. The clients, incidents and actions lists also take \
`updated_since` and `sort=updated_at` (by last change, oldest first): how a CRM catches up on what changed. \
A query parameter an operation does not take is refused (400).\n\n\
**Authentication.** Every `/v1` operation needs an API key: `Authorization: Bearer crk_…` (the Authorize button above takes it). The first start on an empty database prints an admin key; `clientretro keys create --name crm --role writer` makes more, and so does `POST /v1/api-keys`. Each key has a rate limit; over it, 429 with `Retry-After`.

**Safe retries.** Every POST accepts `Idempotency-Key`: a retry with the same key and body replays the first response instead of doing the work twice.

**Concurrent updates and caches.** Single resources carry a strong `ETag`, `\"<version>-<lang>\"`: one per version and response language. Send it back in `If-Match` on PATCH or PUT and a change made meanwhile by someone else is not overwritten (412); only the version counts there, so a tag read in one language guards a write in another. Send it in `If-None-Match` on GET and an unchanged resource in the same language answers 304 without a body. Responses in a language say so with `Content-Language` and `Vary: Accept-Language`.

**CRM references.** `PUT /v1/clients/by-ref/{source}/{external_id}` creates or updates a client by its CRM id; incidents may name their client by `client_ref` and carry the CRM ticket as `external_ref`.

**Webhooks** (`/v1/webhooks`) send events signed as the Standard Webhooks specification says; see `EventPayload` for the body.

**Optional query parameters** are typed as `[\"T\", \"null\"]` (OpenAPI 3.1); send them or leave them out.",
        license(name = "MIT", identifier = "MIT"),
    ),
    tags(
        (name = "clients", description = "The firm's clients, and their records in a CRM."),
        (name = "incidents", description = "What went wrong with a client."),
        (name = "timeline", description = "Evidence attached to an incident: e-mails, calls, changes, payments."),
        (name = "gaps", description = "The gap catalog, and the gap finder that proposes the gaps an incident exposed."),
        (name = "retrospectives", description = "Blameless reviews of incidents: the whys, the confirmed gaps, the lessons."),
        (name = "actions", description = "Corrective actions that close a gap: owner, due date, lifecycle and history."),
        (name = "events", description = "The change feed: every committed change, in an order a CRM can follow without missing one."),
        (name = "reports", description = "Where the firm keeps failing: figures per gap, totals, a client's health."),
        (name = "api-keys", description = "Who may call the API, with which role (admins only)."),
        (name = "webhooks", description = "Signed event deliveries to the CRM, and what became of each (admins only)."),
        (name = "shared", description = "A client's letter opened from its share link, without an API key."),
        (name = "health", description = "Liveness and readiness probes."),
    ),
    components(schemas(Problem, ProblemField, DocumentFormat, DocumentAudience, ExportFormat, EventType, EventPayload<serde_json::Value>, crate::pagination::Sort))
)]
struct ApiDoc;

/// The whole document, built without a database.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    let mut doc = doc;
    conventions::apply(&mut doc);
    doc
}

/// The document as it is published, with the text rules (`texts`) written in: they are easier
/// said on the JSON than through utoipa's typed builders.
pub fn published(doc: &utoipa::openapi::OpenApi) -> serde_json::Value {
    let mut json = serde_json::to_value(doc).unwrap_or_else(|e| serde_json::json!({"error": e.to_string()}));
    // A text without a rule is a test's failure (`texts::tests`), not the reader's.
    let _unruled = texts::apply(&mut json);
    json
}

/// The document as `clientretro openapi` prints it and `openapi/openapi.json` holds it.
pub fn document_json() -> String {
    let mut json =
        serde_json::to_string_pretty(&published(&document())).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}
