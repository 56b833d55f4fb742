//! Every error class answers with a localized problem response, and leaves nothing written.

use actix_web::http::{header, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;

crate::backend_tests! {
    async fn malformed_json_is_400_with_its_position(app) {
        let reply = app
            .send(TestRequest::post().uri("/v1/clients").insert_header((header::CONTENT_TYPE, "application/json")).set_payload("{\"name\": \"x\",\n }"))
            .await;
        let problem = reply.assert_problem(StatusCode::BAD_REQUEST, "malformed_body");
        assert!(problem["detail"].as_str().expect("detail").contains("line 2"), "{problem}");
        for body in [&b""[..], b"\xff\xfe{}", "[".repeat(5_000).as_bytes()] {
            app.send(TestRequest::post().uri("/v1/clients").insert_header((header::CONTENT_TYPE, "application/json")).set_payload(body.to_vec()))
                .await
                .assert_problem(StatusCode::BAD_REQUEST, "malformed_body");
        }
        assert_eq!(app.get("/v1/clients").await.json()["items"], json!([]));
    }

    async fn unknown_fields_are_400_naming_the_field(app) {
        let problem = app
            .post("/v1/clients", json!({"name": "x", "id": "019a0000-0000-7000-8000-000000000000"}))
            .await
            .assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
        assert_eq!(problem["detail"], "The field “id” is not part of this request. Check its spelling against the API documentation.");
        let nested = app
            .post("/v1/clients", json!({"name": "x", "external_refs": [{"source": "a", "external_id": "b", "owner": "me"}]}))
            .await
            .assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
        assert!(nested["detail"].as_str().expect("detail").contains("external_refs[0].owner"), "{nested}");
        assert_eq!(app.get("/v1/clients").await.json()["items"], json!([]));
    }

    async fn wrong_types_and_enum_values_are_422(app) {
        let problem = app.post("/v1/clients", json!({"name": 42})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "name");
        assert_eq!(problem["errors"][0]["code"], "wrong_type");
        let problem = app
            .post("/v1/clients", json!({"name": "x", "preferred_language": "fr"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["allowed"], json!(["en", "ro", "pl", "el"]));
        assert_eq!(problem["detail"], "One field is invalid; see “errors”.");
    }

    async fn unknown_ids_and_routes_are_404(app) {
        for path in ["/v1/clients/not-a-uuid", "/v1/incidents/019a0000-0000-7000-8000-000000000000", "/v1/nowhere", "/v2/clients"] {
            app.get(path).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        }
        let problem = app.get("/v1/clients/123").await.json();
        assert_eq!(problem["detail"], "No client has the id “123”.");
    }

    async fn wrong_methods_are_405_with_allow(app) {
        let reply = app.send(TestRequest::put().uri("/v1/clients")).await;
        reply.assert_problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(reply.header("allow"), Some("GET, POST"));
        let reply = app.send(TestRequest::post().uri("/v1/incidents/019a0000-0000-7000-8000-000000000000")).await;
        reply.assert_problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
        assert_eq!(reply.header("allow"), Some("GET, PATCH, DELETE"));
        let reply = app.send(TestRequest::delete().uri("/healthz")).await;
        assert_eq!(reply.header("allow"), Some("GET"));
    }

    async fn bodies_over_one_mib_are_413(app) {
        let big = json!({"name": "x".repeat(1024 * 1024)});
        let problem = app.post("/v1/clients", big).await.assert_problem(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
        assert_eq!(problem["detail"], "The body may be at most 1024 KiB.");
        // Just under the limit is read (and then refused for the name's length, not its size).
        let under = json!({"name": "x".repeat(1000 * 1000)});
        app.post("/v1/clients", under).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }

    async fn non_json_bodies_are_415(app) {
        for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), None] {
            let mut request = TestRequest::post().uri("/v1/clients").set_payload("{\"name\":\"x\"}");
            if let Some(content_type) = content_type {
                request = request.insert_header((header::CONTENT_TYPE, content_type));
            }
            app.send(request).await.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        }
        let charset = TestRequest::post()
            .uri("/v1/clients")
            .insert_header((header::CONTENT_TYPE, "application/json; charset=utf-8"))
            .set_payload("{\"name\":\"x\"}");
        app.send(charset).await.assert_status(StatusCode::CREATED);
    }

    async fn nul_bytes_and_control_characters_are_refused(app) {
        let problem = app
            .post("/v1/clients", json!({"name": "a\u{0}b", "external_refs": [{"source": "x\u{7}", "external_id": "1"}]}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(crate::helpers::error_fields(&problem), ["name", "external_refs[0].source"]);
        assert_eq!(app.get("/v1/clients").await.json()["items"], json!([]));
    }

    async fn bad_cursors_and_page_sizes_are_refused(app) {
        app.get("/v1/incidents?cursor=garbage").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor");
        // A cursor of the client list (no time) is no incident cursor.
        let other = clientretro::pagination::Cursor::by_id(uuid::Uuid::now_v7()).encode();
        app.get(&format!("/v1/incidents?cursor={other}")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor");
        let problem = app.get("/v1/clients?limit=1000000").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "out_of_range");
        assert_eq!(problem["errors"][0]["message"], "Expected a whole number from 1 to 200.");
    }
}
