//! The OpenAPI document and Swagger UI, both served from the binary (the UI's assets are
//! vendored at build time, nothing is fetched).

use actix_web::{http::header, web, HttpResponse};
use utoipa_swagger_ui::{Config, SwaggerUi};

/// Registers `/openapi.json` (the published document, `openapi::published`), `/docs/` and the
/// `/docs` redirect. The document is serialized once and shared by every worker: handing it to
/// Swagger UI instead would keep a copy of it per worker.
pub fn configure(cfg: &mut web::ServiceConfig, doc: web::Bytes) {
    cfg.service(SwaggerUi::new("/docs/{_:.*}").config(Config::from("/openapi.json")))
        .route(
            "/openapi.json",
            web::get().to(move || {
                let doc = doc.clone();
                async move { HttpResponse::Ok().content_type("application/json").body(doc) }
            }),
        )
        // The UI is mounted at `/docs/`; `/docs` alone would be a 404.
        .route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header((header::LOCATION, "/docs/"))
                    .finish()
            }),
        );
}
