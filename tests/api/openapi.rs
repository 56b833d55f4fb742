//! The committed OpenAPI document is the one the code generates, and it is complete.

use serde_json::Value;

const REGENERATE: &str = "cargo run --quiet -- openapi > openapi/openapi.json";

#[test]
fn committed_document_is_current() {
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
        .unwrap_or_else(|e| panic!("openapi/openapi.json is missing ({e}); create it with: {REGENERATE}"));
    let generated = clientretro::openapi::document_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is stale: the API changed. Regenerate it with: {REGENERATE}"
    );
}

fn document() -> Value {
    clientretro::openapi::published(&clientretro::openapi::document())
}

#[test]
fn every_operation_is_described_tagged_and_answers_with_documented_responses() {
    let doc = document();
    let paths = doc["paths"].as_object().expect("paths");
    let mut operations = 0;
    for (path, item) in paths {
        for (method, operation) in item.as_object().expect("path item") {
            operations += 1;
            let name = format!("{method} {path}");
            assert!(
                operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{name} has no summary"
            );
            assert!(
                operation["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{name} has no tag"
            );
            let responses = operation["responses"].as_object().expect("responses");
            for (status, response) in responses {
                assert!(
                    response["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{name} {status} has no description"
                );
                // A share link answers a person's browser: its refusals are HTML pages.
                if (status.starts_with('4') || status.starts_with('5')) && !path.starts_with("/shared/") {
                    assert_eq!(
                        response["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{name} {status}"
                    );
                }
            }
            if path.starts_with("/v1/") {
                let params = operation["parameters"].as_array().expect("parameters");
                assert!(
                    params.iter().any(|p| p["name"] == "lang"),
                    "{name} does not document ?lang="
                );
            }
            if path.contains("{id}") {
                assert!(responses.contains_key("404"), "{name} can answer 404");
            }
            if path.starts_with("/v1/") {
                let role = operation["security"][0]["api_key"][0].as_str();
                assert!(
                    matches!(role, Some("reader" | "writer" | "admin")),
                    "{name} does not name the role it needs"
                );
                for status in ["401", "403", "429"] {
                    assert!(responses.contains_key(status), "{name} can answer {status}");
                }
                let headers: Vec<&str> = operation["parameters"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|p| p["in"] == "header")
                    .filter_map(|p| p["name"].as_str())
                    .collect();
                if method == "post" {
                    assert!(headers.contains(&"Idempotency-Key"), "{name} takes Idempotency-Key");
                }
                if method == "patch" || method == "put" {
                    assert!(headers.contains(&"If-Match"), "{name} takes If-Match");
                    assert!(responses.contains_key("412"), "{name} can answer 412");
                }
            } else {
                assert!(operation.get("security").is_none(), "{name} is public");
            }
            if operation.get("requestBody").is_some() {
                for status in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(status), "{name} can answer {status}");
                }
            }
        }
    }
    assert_eq!(
        operations, 64,
        "the operations of the incident store, gaps, retrospectives and their share links, actions and their follow-up, clients' contacts and risk, reports, the change feed, keys and webhooks"
    );
}

#[test]
fn the_bearer_scheme_is_declared_for_the_authorize_button() {
    let doc = document();
    let scheme = &doc["components"]["securitySchemes"]["api_key"];
    assert_eq!(scheme["type"], "http", "{scheme}");
    assert_eq!(scheme["scheme"], "bearer", "{scheme}");
}

#[test]
fn request_and_response_schemas_carry_examples() {
    let doc = document();
    for schema in [
        "CreateClient",
        "UpdateClient",
        "ClientBody",
        "CreateIncident",
        "UpdateIncident",
        "IncidentBody",
        "CreateTimelineEntry",
        "Problem",
    ] {
        assert!(
            doc["components"]["schemas"][schema].get("example").is_some(),
            "{schema} has no example"
        );
    }
}

#[test]
fn every_reference_resolves() {
    let doc = document();
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let missing: Vec<&str> = text
        .split("\"#/components/schemas/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|name| !schemas.contains_key(*name))
        .collect();
    assert!(missing.is_empty(), "unresolvable references: {missing:?}");
}
