//! Every operation of the document reaches its own handler. actix answers a request with the
//! first route registered that matches it, so a literal segment registered after a parameter
//! route in the same place (`/v1/clients/at-risk` after `/v1/clients/{id}`) would be answered by
//! the parameter route, reading the literal as an id. Each operation is sent with its parameters
//! filled by values that name nothing yet; the handler that answers must be its own, which shows
//! from outside: it may say 404 only about a value it was given, never about a word of the path.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use crate::backend_tests;
use crate::helpers::document_operations;

/// The template with a fresh value for each parameter, and those values.
fn filled(template: &str) -> (String, Vec<String>) {
    let mut path = template.to_owned();
    let mut values = Vec::new();
    while let (Some(start), Some(end)) = (path.find('{'), path.find('}')) {
        let value = match &path[start + 1..end] {
            "code" => "payment_followup".to_owned(),
            "source" => "probe".to_owned(),
            _ => uuid::Uuid::now_v7().to_string(),
        };
        path.replace_range(start..=end, &value);
        values.push(value);
    }
    (path, values)
}

backend_tests! {
    async fn every_operation_is_answered_by_its_own_handler(app) {
        let operations = document_operations();
        assert!(operations.len() > 40, "the document lists the operations");
        for (method, template, body) in operations {
            let (path, values) = filled(&template);
            let request = TestRequest::default().method(method.clone()).uri(&path);
            let request = match &body {
                Some(body) => request.set_json(body),
                None => request,
            };
            let reply = app.send(request).await;
            assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {template}");
            if reply.status == StatusCode::NOT_FOUND && template.starts_with("/shared/") {
                // A share link's own answer to a token no link has: a page for a person.
                assert_eq!(reply.header("content-type"), Some("text/html; charset=utf-8"), "{template}");
                assert!(reply.text().contains("Letter not found"), "{template}: {}", reply.text());
            } else if reply.status == StatusCode::NOT_FOUND {
                let detail = reply.json()["detail"].as_str().unwrap_or_default().to_owned();
                assert!(
                    values.iter().any(|value| detail.contains(value.as_str())),
                    "{method} {path} ({template}) was answered 404 about something it was not given: {detail}"
                );
            }
        }
    }
}
