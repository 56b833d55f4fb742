//! The OpenAPI document and Swagger UI, both served from the binary (the UI's assets are
//! vendored at build time, nothing is fetched).

use actix_web::{http::header, web, HttpResponse};
use utoipa_swagger_ui::SwaggerUi;

/// Registers `/openapi.json` (the published document, `openapi::published`), `/docs/` and the
/// `/docs` redirect.
pub fn configure(cfg: &mut web::ServiceConfig, doc: serde_json::Value) {
    cfg.service(SwaggerUi::new("/docs/{_:.*}").external_urls_from_iter_unchecked([("/openapi.json", doc)]))
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
