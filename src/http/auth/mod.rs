//! Who is calling: API keys with roles, checked on every `/v1` request before anything else;
//! the rate limit per key; and the rule that says which role each operation needs.

mod cache;
mod failures;
mod rate_limit;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage};
use uuid::Uuid;

pub use cache::KeyCache;
pub use failures::AuthFailures;
pub use rate_limit::{Allowance, RateLimiter};

use crate::db::Db;
use crate::domain::Role;
use crate::error::ApiError;
use crate::http::fallback::{routed_path, RouteTable};
use crate::models::api_key;
use crate::validation::now;

/// The prefix of every route that needs a key; health checks and the docs stay public.
pub const PROTECTED_PREFIX: &str = "/v1";

/// The authenticated caller, in the request's extensions for the layers and handlers after.
#[derive(Clone, Copy, Debug)]
pub struct Caller {
    pub key_id: Uuid,
    pub role: Role,
}

/// The role an operation needs: managing keys and webhooks is for admins, reading for readers,
/// anything else writes. The OpenAPI document states the same rule on every operation.
pub fn required_role(method: &Method, template: &str) -> Role {
    let admin_only = ["/v1/api-keys", "/v1/webhooks"]
        .iter()
        .any(|prefix| under(template, prefix));
    if admin_only {
        Role::Admin
    } else if method == Method::GET || method == Method::HEAD || is_read_only_post(template) {
        Role::Reader
    } else {
        Role::Writer
    }
}

/// A POST that computes an answer and stores nothing.
fn is_read_only_post(template: &str) -> bool {
    template == "/v1/gap-analysis"
}

fn is_protected(path: &str) -> bool {
    under(path, PROTECTED_PREFIX)
}

/// `path` is `prefix` or below it (`/v1x` is not below `/v1`).
fn under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The key in `Authorization: Bearer <key>`, if the header is there at all.
fn bearer_token(req: &ServiceRequest) -> Result<String, ApiError> {
    let value = req
        .headers()
        .get(header::AUTHORIZATION)
        .ok_or(ApiError::MissingApiKey)?
        .to_str()
        .map_err(|_| ApiError::InvalidApiKey)?;
    let (scheme, token) = value.trim().split_once(' ').ok_or(ApiError::InvalidApiKey)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(ApiError::InvalidApiKey);
    }
    Ok(token.trim().to_owned())
}

/// Middleware: 401 without a live key, 403 when its role is too low, 429 over its rate or when
/// its address has failed to authenticate too often; otherwise the request goes on with its
/// [`Caller`].
pub async fn authenticate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    if !is_protected(routed_path(req.request())) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let limiter = req.app_data::<web::Data<RateLimiter>>().cloned();
    let mut response = match check(&req).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            next.call(req).await?.map_into_boxed_body()
        }
        // Answered here as a response carrying the error, so the problem layer outside renders it.
        Err(error) => req.error_response(error),
    };
    let allowance = response.request().extensions().get::<Allowance>().copied();
    if let (Some(limiter), Some(allowance)) = (limiter, allowance) {
        allowance.write(&limiter, response.headers_mut());
    }
    Ok(response)
}

/// The caller. What its key has left of its rate goes in the request's extensions, counted
/// before its role is checked, so that every answer to a known key, a 403 or a 429 too, states it.
async fn check(req: &ServiceRequest) -> Result<Caller, ApiError> {
    let token = bearer_token(req)?;
    let cache = req.app_data::<web::Data<KeyCache>>().cloned();
    let key = match cache.as_ref().and_then(|cache| cache.get(&token)) {
        Some(known) => known,
        None => {
            // An address that keeps failing is refused from memory: its made-up keys cost no
            // blocking thread and no connection. A key in the cache above still passes, and one
            // found valid within the hour is still looked up (it may have been revoked since).
            let failures = req.app_data::<web::Data<AuthFailures>>();
            let address = failures.and_then(|f| f.client_address(req));
            if let (Some(failures), Some(address)) = (failures, address) {
                if !cache.as_ref().is_some_and(|cache| cache.was_valid(&token)) {
                    failures.check(address)?;
                }
            }
            let db = req
                .app_data::<web::Data<Db>>()
                .ok_or_else(|| ApiError::internal("no database in app data"))?
                .clone();
            let presented = token.clone();
            let Some(key) = db.read(move |conn| api_key::authenticate(conn, &presented)).await? else {
                if let (Some(failures), Some(address)) = (failures, address) {
                    failures.record(address);
                }
                return Err(ApiError::InvalidApiKey);
            };
            // Reads stay reads: the use is noted by a write of its own, at most once a minute.
            let at = now();
            if api_key::needs_touch(&key, at) {
                let id = key.id;
                db.write(move |conn| api_key::touch(conn, id, at)).await?;
            }
            let caller = Caller {
                key_id: key.id,
                role: key.role,
            };
            if let Some(cache) = &cache {
                cache.put(&token, caller);
            }
            caller
        }
    };
    if let Some(limiter) = req.app_data::<web::Data<RateLimiter>>() {
        let counted = limiter.check(key.key_id);
        let allowance = match &counted {
            Ok(allowance) => *allowance,
            Err(ApiError::RateLimited { retry_after }) => Some(Allowance {
                remaining: 0,
                reset_seconds: *retry_after,
            }),
            Err(_) => None,
        };
        if let Some(allowance) = allowance {
            req.extensions_mut().insert(allowance);
        }
        counted?;
    }
    // Deny by default: a `/v1` path that is no route of the table needs the highest role (and
    // then meets the 404 of the fallback), never the lowest.
    let routes = req.app_data::<web::Data<RouteTable>>();
    let path = routed_path(req.request());
    let required = routes
        .and_then(|routes| routes.template(path))
        .map_or(Role::Admin, |template| required_role(req.method(), template));
    if !key.role.allows(required) {
        return Err(ApiError::Forbidden {
            role: key.role,
            required,
        });
    }
    // A path is the route with the most literal segments: `PATCH /v1/clients/batch` is a
    // method that route does not take (405), not a client whose id reads `batch`, although
    // actix would hand it to `PATCH /v1/clients/{id}`.
    if let Some(allowed) = routes.and_then(|routes| routes.allowed_methods(path)) {
        if !allowed.iter().any(|method| method == req.method().as_str()) {
            return Err(ApiError::MethodNotAllowed {
                allowed: allowed.to_vec(),
            });
        }
    }
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_follow_method_and_route() {
        assert_eq!(required_role(&Method::GET, "/v1/incidents"), Role::Reader);
        assert_eq!(required_role(&Method::POST, "/v1/gap-analysis"), Role::Reader);
        assert_eq!(required_role(&Method::POST, "/v1/incidents"), Role::Writer);
        assert_eq!(required_role(&Method::DELETE, "/v1/clients/{id}"), Role::Writer);
        assert_eq!(required_role(&Method::GET, "/v1/webhooks/{id}"), Role::Admin);
        assert_eq!(required_role(&Method::GET, "/v1/api-keys"), Role::Admin);
        assert!(is_protected("/v1/clients"));
        assert!(!is_protected("/v1x"));
        assert!(!is_protected("/healthz"));
        // A share link's page is public; what the router reads is decided on, and a path
        // through it is no `/v1` path (the router does not resolve `..`).
        assert!(!is_protected("/shared/q3J9xV0bLm2T8sKe5WdYh7R1nC4pF6gA0uZiOtE3yQk"));
        assert!(!is_protected("/shared/../v1/clients"));
        assert!(is_protected("/v1/incidents/x/retrospective/shares"));
    }
}
