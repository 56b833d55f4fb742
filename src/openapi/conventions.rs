//! What every `/v1` operation shares, written into the document in one place rather than on
//! each route: the bearer key and the role it needs, the 401/403/429 answers, the rate-limit
//! fields of every answer, `Idempotency-Key` on POSTs and `If-Match` on updates. The role comes
//! from the same rule the server enforces.

use actix_web::http::Method;
use utoipa::openapi::content::ContentBuilder;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme};
use utoipa::openapi::{header::HeaderBuilder, OpenApi, Ref, RefOr, Required};

use crate::domain::Code;
use crate::http::auth::{required_role, PROTECTED_PREFIX};
use crate::http::idempotency;
use crate::http::problem::CONTENT_TYPE as PROBLEM;

pub const SCHEME: &str = "api_key";
/// Any non-empty text up to this length: what does not name the current ETag fails with 412.
const IF_MATCH_MAX: usize = 1000;

pub fn apply(doc: &mut OpenApi) {
    if let Some(components) = doc.components.as_mut() {
        components.add_security_scheme(
            SCHEME,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("crk_…")
                    .description(Some(
                        "An API key: `Authorization: Bearer crk_…`. The role an operation needs is listed in its \
                         security requirement: `reader` reads, `writer` also writes, `admin` also manages keys \
                         and webhooks.",
                    ))
                    .build(),
            ),
        );
    }
    for (path, item) in doc.paths.paths.iter_mut() {
        if !path.starts_with(PROTECTED_PREFIX) {
            continue;
        }
        let operations = [
            (Method::GET, item.get.as_mut()),
            (Method::POST, item.post.as_mut()),
            (Method::PUT, item.put.as_mut()),
            (Method::PATCH, item.patch.as_mut()),
            (Method::DELETE, item.delete.as_mut()),
        ];
        for (method, operation) in operations {
            if let Some(operation) = operation {
                secure(operation, &method, path);
            }
        }
    }
}

fn secure(operation: &mut Operation, method: &Method, path: &str) {
    let role = required_role(method, path);
    operation.security = Some(vec![SecurityRequirement::new(SCHEME, [role.code()])]);
    let responses = &mut operation.responses.responses;
    responses.insert(
        "401".into(),
        RefOr::T(problem("No API key, or an unknown or revoked one (`unauthenticated`).")),
    );
    responses.insert(
        "403".into(),
        RefOr::T(problem(&format!(
            "The API key's role is below `{}` (`forbidden`).",
            role.code()
        ))),
    );
    responses.insert("429".into(), RefOr::T(rate_limited()));
    responses.entry("400".into()).or_insert_with(|| {
        RefOr::T(problem(
            "The query string cannot be read, e.g. a parameter given twice (`invalid_query`), it names a \
             parameter this operation does not take (`unknown_field`), or a header is malformed (`invalid_header`).",
        ))
    });
    responses.entry("422".into()).or_insert_with(|| {
        RefOr::T(problem(
            "`lang` names no language the API speaks (`validation_failed`).",
        ))
    });
    if *method == Method::POST {
        let parameters = operation.parameters.get_or_insert_with(Vec::new);
        parameters.push(RefOr::T(header(
            idempotency::HEADER,
            "Makes a retry safe: within 24 hours, the same key with the same request replays the first \
             successful response (with `Idempotent-Replayed: true`) and changes nothing; with another request, \
             422 `idempotency_key_reused`; while the first is still running, 409 `idempotency_key_in_use`; \
             when the first response carried a secret (a new API key, a webhook's signing secret), 409 \
             `idempotency_secret_not_replayed`, as only that response shows it. \
             Keys are per API key; 1 to 255 visible ASCII characters (a UUID is a good choice).",
            Some((idempotency::KEY_MAX, "^[!-~]+$")),
        )));
        responses.entry("409".into()).or_insert_with(|| {
            RefOr::T(problem(
                "The first request with this `Idempotency-Key` is still running (`idempotency_key_in_use`), or its \
                 response carried a secret, which is not replayed (`idempotency_secret_not_replayed`).",
            ))
        });
    }
    let has_etag = matches!(
        operation.responses.responses.get("200"),
        Some(RefOr::T(ok)) if ok.headers.contains_key("ETag")
    );
    if *method == Method::GET && has_etag {
        let parameters = operation.parameters.get_or_insert_with(Vec::new);
        parameters.push(RefOr::T(header(
            "If-None-Match",
            "The `ETag` of the copy the client holds (or `*`): when it is still the current one, in the same \
             language, the answer is 304 without a body.",
            None,
        )));
        operation.responses.responses.insert(
            "304".into(),
            RefOr::T(
                ResponseBuilder::new()
                    .description("The copy named by `If-None-Match` is current: no body.")
                    .header(
                        "ETag",
                        HeaderBuilder::new()
                            .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                            .description(Some("The current version, as sent."))
                            .build(),
                    )
                    .build(),
            ),
        );
    }
    // Every answer to a known key states its rate limit; a 401 knows no key.
    for (status, response) in operation.responses.responses.iter_mut() {
        if let (RefOr::T(response), false) = (response, status == "401") {
            response.headers.extend(rate_limit_headers());
        }
    }
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    if *method == Method::PATCH || *method == Method::PUT {
        parameters.push(RefOr::T(header(
            "If-Match",
            "The `ETag` the change is based on (or `*`): if the resource changed since, the update is refused \
             with 412 and nothing is written.",
            Some((IF_MATCH_MAX, "\\S")),
        )));
    }
}

/// The IETF httpapi draft's fields, present whenever the server limits rates (per replica).
fn rate_limit_headers() -> [(String, RefOr<utoipa::openapi::header::Header>); 2] {
    let text = |description: &str| {
        RefOr::T(
            HeaderBuilder::new()
                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                .description(Some(description))
                .build(),
        )
    };
    [
        (
            "RateLimit-Policy".into(),
            text("The key's limit: `\"default\";q=100;w=2`, a burst of `q` requests that refills in `w` seconds."),
        ),
        (
            "RateLimit".into(),
            text(
                "What the key has left: `\"default\";r=57;t=1`, `r` requests now, the whole burst back in `t` seconds.",
            ),
        ),
    ]
}

/// A header parameter; `limits` are its longest length and the pattern of its characters.
fn header(name: &str, description: &str, limits: Option<(usize, &'static str)>) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(limits.map(|_| 1))
                .max_length(limits.map(|(max, _)| max))
                .pattern(limits.map(|(_, pattern)| pattern)),
        ))
        .build()
}

/// A problem-details response with this description.
fn problem_builder(description: &str) -> ResponseBuilder {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("Problem")))
        .build();
    ResponseBuilder::new()
        .description(description)
        .content(PROBLEM, content)
}

fn problem(description: &str) -> Response {
    problem_builder(description).build()
}

fn rate_limited() -> Response {
    let retry_after = HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
        .description(Some("Seconds to wait."))
        .build();
    problem_builder(
        "The API key sent too many requests (`rate_limited`), or the caller's address failed to \
         authenticate too often (`too_many_failed_authentications`); wait as `Retry-After` says.",
    )
    .header("Retry-After", retry_after)
    .build()
}
