//! `Idempotency-Key` on every POST: a retry of a request that succeeded gets the first response
//! again (with `Idempotent-Replayed: true`) and changes nothing; a retry while the first still
//! runs gets 409; the key reused for another request gets 422. Keys are per API key and kept in
//! the database for 24 hours, so they hold across restarts and replicas.
//!
//! The change, the claim of the key and the stored response are one transaction: the middleware
//! only checks the key and hands the request an [`Idempotent`] claim; the handler passes it to
//! [`Idempotent::write`], which in one write transaction takes the key (or answers 409), looks
//! it up again (a replay or a 422 found there wins), does the work, builds the response and
//! stores it. A server that dies before that commit changed nothing and stored nothing; one
//! that dies after it has stored the response the retry gets. Nothing is ever "claimed but not
//! done", so no timeout decides when a retry may run a change again.
//!
//! Why this shape: a claim row committed before the work is exactly the gap a crash falls into
//! (claimed, done, not recorded), and needs a timeout to tell a dead holder from a slow one. A
//! claim inside the work's transaction cannot be a plain insert on the key either: on PostgreSQL
//! a second insert of an uncommitted key waits for the first transaction to end, and on SQLite
//! the second transaction waits for the write lock; both are a wait where a retry must get 409.
//! So "running now" is told apart without waiting: by a tried (never awaited) advisory lock on
//! PostgreSQL, good across replicas, and by the server's in-flight set on SQLite, whose writers
//! are one process's queue (see `models::idempotency::try_lock` and `Db::hold_key`).
//!
//! A response that carries a secret (a new API key, a webhook's signing secret) is stored
//! without its body: a retry gets 409 `idempotency_secret_not_replayed`, since only the first
//! answer may show the secret. Failed requests store nothing: their transaction rolled back.
//!
//! Every POST handler must take [`Idempotent`] and either write through [`Idempotent::write`] or
//! declare that it stores nothing ([`Idempotent::read_only`]). A handler that answers 2xx to a
//! keyed POST without doing either is reported by the middleware: logged as an error, and in
//! debug builds (every test) answered 500 so no test can pass over it.

use std::convert::Infallible;
use std::future::{ready, Ready};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest, HttpResponse};
use hmac::digest::Digest;
use sha2::Sha256;
use uuid::Uuid;

use crate::db::{Db, DbConnection, KeyHold};
use crate::domain::secret::hex;
use crate::domain::Language;
use crate::error::ApiError;
use crate::http::auth::Caller;
use crate::http::json::body_limit;
use crate::http::locale::language_of;
pub use crate::http::written::Written;
use crate::models::idempotency::{self, Found, StoredResponse};

pub const HEADER: &str = "Idempotency-Key";
pub const REPLAYED: &str = "Idempotent-Replayed";
/// Longest key accepted; UUIDs and ULIDs fit many times over.
pub const KEY_MAX: usize = 255;
/// Test builds only: set to `1`, the process aborts right after a write made with an
/// idempotency key commits, before its response is sent (the crash the design must survive).
pub const FAULT_ABORT_AFTER_COMMIT: &str = "CLIENTRETRO_FAULT_ABORT_AFTER_COMMIT";

fn idempotency_key(req: &ServiceRequest) -> Option<Result<String, ApiError>> {
    let value = req.headers().get(HEADER)?;
    let invalid = ApiError::InvalidHeader {
        name: HEADER,
        max: KEY_MAX,
    };
    Some(match value.to_str() {
        Ok(key) if !key.is_empty() && key.len() <= KEY_MAX && key.bytes().all(|b| b.is_ascii_graphic()) => {
            Ok(key.to_owned())
        }
        _ => Err(invalid),
    })
}

/// The request as far as "the same request" goes: method, path and query, body.
pub fn fingerprint(method: &str, path_and_query: &str, body: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method);
    hasher.update(b"\n");
    hasher.update(path_and_query);
    hasher.update(b"\n");
    hasher.update(body);
    hex(&hasher.finalize())
}

/// A keyed POST's hold on its key, from the middleware to the handler's write transaction.
pub struct Claim {
    pub(crate) api_key: Uuid,
    pub(crate) key: String,
    pub(crate) fingerprint: String,
    /// The language the handler answers in, stored with the response: a replay repeats the
    /// first answer's body, so it must say that body's language, not the retry's.
    lang: Language,
    /// Set when the handler wrote through it or declared it stores nothing.
    used: AtomicBool,
    /// This server's in-flight mark; it goes when the last holder of the claim (the middleware,
    /// or the transaction still running after the client went away) lets go.
    _hold: KeyHold,
}

/// Extractor: the request's claim on its `Idempotency-Key`, if it sent one. Pass it to
/// `Idempotent::write`, or call `read_only` in a POST that stores nothing.
#[must_use = "write through Idempotent::write, or call read_only"]
pub struct Idempotent(Option<Arc<Claim>>);

impl Idempotent {
    /// This POST stores nothing (the gap finder's): a retry simply runs it again, and nothing
    /// is kept in the idempotency table.
    pub fn read_only(self) {
        if let Some(claim) = self.0 {
            claim.used.store(true, Ordering::Release);
        }
    }

    /// The write of a POST: `work` makes the change and builds the response, and with an
    /// `Idempotency-Key` the key is taken, checked and stored with that response in the same
    /// transaction. A request whose key holds a response gets it (`Idempotent-Replayed: true`)
    /// and `work` does not run; one whose key another request holds right now gets 409
    /// `idempotency_key_in_use`, never a wait.
    pub async fn write<F>(self, db: &Db, work: F) -> Result<HttpResponse, ApiError>
    where
        F: FnOnce(&mut DbConnection) -> Result<Written, ApiError> + Send + 'static,
    {
        enum Outcome {
            Ran(Written),
            Replay(StoredResponse),
        }
        let claim = self.0;
        if let Some(claim) = &claim {
            claim.used.store(true, Ordering::Release);
        }
        let keyed = claim.is_some();
        let outcome = db
            .write(move |conn| {
                let Some(claim) = claim else {
                    return work(conn).map(Outcome::Ran);
                };
                if !idempotency::try_lock(conn, claim.api_key, &claim.key)? {
                    return Err(ApiError::IdempotencyKeyInUse);
                }
                let found = idempotency::find(conn, claim.api_key, &claim.key, &claim.fingerprint)?;
                if let Some(stored) = decide(found)? {
                    return Ok(Outcome::Replay(stored));
                }
                let written = work(conn)?;
                let stored = written.stored(claim.lang);
                idempotency::store(conn, claim.api_key, &claim.key, &claim.fingerprint, &stored)?;
                Ok(Outcome::Ran(written))
            })
            .await?;
        Ok(match outcome {
            Outcome::Ran(written) => {
                if keyed {
                    fault_after_commit();
                }
                written.into_response()
            }
            Outcome::Replay(stored) => replay(&stored),
        })
    }
}

impl FromRequest for Idempotent {
    type Error = Infallible;
    type Future = Ready<Result<Self, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self(req.extensions_mut().remove::<Arc<Claim>>())))
    }
}

/// What a request found for its key: run it (`None`), replay (`Some`), or refuse.
fn decide(found: Found) -> Result<Option<StoredResponse>, ApiError> {
    match found {
        Found::Nothing => Ok(None),
        Found::Replay(stored) => Ok(Some(stored)),
        Found::SecretNotReplayed => Err(ApiError::IdempotencySecretNotReplayed),
        Found::Reused => Err(ApiError::IdempotencyKeyReused),
        Found::InUse => Err(ApiError::IdempotencyKeyInUse),
    }
}

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let caller = req.extensions().get::<Caller>().copied();
    let (Some(caller), Some(key), true) = (caller, idempotency_key(&req), req.method() == Method::POST) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let key = match key {
        Ok(key) => key,
        Err(error) => return Ok(req.error_response(error)),
    };
    let body = match req.extract::<web::Bytes>().await {
        Ok(body) => body,
        Err(_) => {
            let limit = body_limit(req.path());
            return Ok(req.error_response(ApiError::PayloadTooLarge { limit }));
        }
    };
    let Some(db) = req.app_data::<web::Data<Db>>().cloned() else {
        return Ok(req.error_response(ApiError::internal("no database in app data")));
    };
    let print = fingerprint(
        req.method().as_str(),
        req.uri().path_and_query().map_or("", |p| p.as_str()),
        &body,
    );
    // The same key already running on this server: 409 now, without queueing for the database.
    let Some(hold) = db.hold_key(caller.key_id, &key) else {
        return Ok(req.error_response(ApiError::IdempotencyKeyInUse));
    };
    // A replay (or a refusal) needs no handler: answer it from a read. The write transaction
    // looks again, for a request that finished between this read and its start.
    let found = {
        let (key, print) = (key.clone(), print.clone());
        db.read(move |conn| idempotency::find(conn, caller.key_id, &key, &print))
            .await
            .and_then(decide)
    };
    match found {
        Err(error) => return Ok(req.error_response(error)),
        Ok(Some(stored)) => return Ok(req.into_response(replay(&stored))),
        Ok(None) => {}
    }
    let claim = Arc::new(Claim {
        api_key: caller.key_id,
        key,
        fingerprint: print,
        lang: language_of(req.request()),
        used: AtomicBool::new(false),
        _hold: hold,
    });
    req.extensions_mut().insert(Arc::clone(&claim));
    req.set_payload(Payload::from(body));
    let response = next.call(req).await?;
    if response.status().is_success() && !claim.used.load(Ordering::Acquire) {
        return Ok(bypassed(response.map_into_boxed_body()));
    }
    Ok(response.map_into_boxed_body())
}

/// A handler answered a keyed POST with success without `Idempotent::write`: its change is not
/// protected against a retry. A bug in this server, never in the request.
fn bypassed(response: ServiceResponse<BoxBody>) -> ServiceResponse<BoxBody> {
    let path = response.request().path().to_owned();
    tracing::error!(%path, "a POST with an Idempotency-Key was answered without Idempotent::write");
    if cfg!(debug_assertions) {
        let (request, _) = response.into_parts();
        return ServiceResponse::from_err(
            ApiError::internal(format!("{path} bypassed the idempotency key")),
            request,
        );
    }
    response
}

/// The answer to a replay: the stored response, marked as such.
fn replay(stored: &StoredResponse) -> HttpResponse {
    let Some(body) = &stored.body else {
        // `find` answers such a row with `SecretNotReplayed`, so this is not reached; if it
        // were, the secret is still not repeated.
        return HttpResponse::from_error(ApiError::IdempotencySecretNotReplayed);
    };
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut response = HttpResponse::build(status);
    for (name, value) in &stored.headers {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name.as_str()), HeaderValue::from_str(value)) {
            response.insert_header((name, value));
        }
    }
    response.insert_header((REPLAYED, "true"));
    response.body(body.clone())
}

/// Aborts the process right after an idempotent write committed, when the environment asks
/// for it. Compiled into test (debug) builds only.
fn fault_after_commit() {
    #[cfg(debug_assertions)]
    if std::env::var_os(FAULT_ABORT_AFTER_COMMIT).is_some_and(|v| v == "1") {
        std::process::abort();
    }
}
