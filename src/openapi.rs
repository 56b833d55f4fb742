//! The OpenAPI document: collected from the routes themselves, so it cannot miss one.

use actix_web::App;
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

use crate::domain::DocumentFormat;
use crate::http::problem::{Problem, ProblemField};
use crate::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "clientretro",
        description = "Learn from your hardest clients. Record a client incident, find the process gap it \
exposed, confirm it in a blameless retrospective, and track the corrective actions that keep it from \
happening again.\n\n\
**Languages.** Every text a person reads (labels, error titles and details) comes in English, Romanian, \
Polish or Greek: `?lang=ro` chooses; otherwise `Accept-Language` does (q-values honoured, `ro-RO` counts \
as `ro`); otherwise English. `Content-Language` says which was used.\n\n\
**Codes and labels.** Every code in a response has a localized label beside it: \
`\"category\": \"late_payment\", \"category_label\": \"Întârziere la plată\"`.\n\n\
**Errors** are RFC 9457 problem details (`application/problem+json`) with a stable `code`; \
validation errors list each invalid field in `errors`.\n\n\
**Lists** return `{\"items\": [...], \"next_cursor\": \"...\"}`; pass `next_cursor` as `cursor` for the \
next page. Pages stay stable while others write.\n\n\
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
        (name = "reports", description = "Where the firm keeps failing: figures per gap, totals, a client's health."),
        (name = "health", description = "Liveness and readiness probes."),
    ),
    components(schemas(Problem, ProblemField, DocumentFormat))
)]
struct ApiDoc;

/// The whole document, built without a database.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    doc
}

/// The document as `clientretro openapi` prints it and `openapi/openapi.json` holds it.
pub fn document_json() -> String {
    let mut json = document()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    json.push('\n');
    json
}
