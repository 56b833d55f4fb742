//! The HTTP API: one module per resource, wired together here.

pub mod actions;
pub mod api_keys;
pub mod batch;
pub mod clients;
pub mod docs;
pub mod events;
pub mod follow_up;
pub mod gaps;
pub mod health;
pub mod incidents;
pub mod reports;
mod responses;
pub mod retrospectives;
pub mod shared;
pub mod timeline;
pub mod webhooks;

use actix_web::http::header;
use actix_web::HttpResponseBuilder;
use utoipa_actix_web::{scope, service_config::ServiceConfig};

pub(crate) use crate::http::locale::LangQuery;

/// Registers every route; the OpenAPI document is collected from the same calls.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz)
        .service(health::readyz)
        // Outside `/v1`: a share link's token, not an API key, opens the client's letter.
        .service(shared::open_shared)
        .service(
            scope("/v1")
                .configure(clients::configure)
                .configure(incidents::configure)
                .configure(timeline::configure)
                .configure(gaps::configure)
                .configure(retrospectives::configure)
                .configure(actions::configure)
                .configure(follow_up::configure)
                .configure(events::configure)
                .configure(reports::configure)
                .configure(api_keys::configure)
                .configure(webhooks::configure),
        );
}

/// The answer to a PUT that creates or replaces: 201 with the new resource's `Location`, or 200.
fn created_or_replaced(created: bool, location: String) -> HttpResponseBuilder {
    if created {
        let mut response = actix_web::HttpResponse::Created();
        response.insert_header((header::LOCATION, location));
        response
    } else {
        actix_web::HttpResponse::Ok()
    }
}
