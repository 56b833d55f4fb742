//! Health probes and the self-served documentation.

use actix_web::http::{header, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;

crate::backend_tests! {
    async fn health_and_readiness(app) {
        let reply = app.get("/healthz").await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.json(), json!({"status": "ok"}));
        let reply = app.get("/readyz").await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.json(), json!({"status": "ok"}));
    }

    async fn docs_are_served_from_the_binary(app) {
        let redirect = app.get("/docs").await;
        assert_eq!(redirect.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(redirect.header("location"), Some("/docs/"));
        let page = app.get("/docs/").await;
        page.assert_status(StatusCode::OK);
        assert!(page.text().contains("swagger-ui"), "{}", page.text());
        let script = app.get("/docs/swagger-ui-bundle.js").await;
        script.assert_status(StatusCode::OK);
        assert!(script.body.len() > 100_000, "the vendored bundle is served");
        let config = app.get("/docs/swagger-initializer.js").await;
        assert!(config.text().contains("/openapi.json"), "{}", config.text());
        let spec = app.get("/openapi.json").await;
        spec.assert_status(StatusCode::OK);
        assert_eq!(spec.json(), clientretro::openapi::published(&clientretro::openapi::document()));
    }

    async fn the_documentation_says_it_is_english_whatever_the_browser_asks(app) {
        for path in ["/openapi.json", "/docs", "/docs/", "/docs/swagger-initializer.js", "/openapi.json?lang=ro"] {
            let reply = app
                .send(TestRequest::get().uri(path).insert_header((header::ACCEPT_LANGUAGE, "pl")))
                .await;
            assert!(reply.status.is_success() || reply.status.is_redirection(), "{path}: {}", reply.status);
            assert_eq!(reply.header("content-language"), Some("en"), "{path}");
        }
        // The API itself still answers a Polish browser in Polish.
        let reply = app
            .send(TestRequest::get().uri("/v1/gaps").insert_header((header::ACCEPT_LANGUAGE, "pl")))
            .await;
        assert_eq!(reply.header("content-language"), Some("pl"));
    }
}
