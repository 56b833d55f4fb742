//! Strong ETags for single resources, the `If-Match` precondition on their updates and
//! `If-None-Match` on their reads.
//!
//! An ETag is `"<state-hash>-<lang>"`: a hash of the resource's stored state, then the language
//! of the representation, so that a cache never serves the Polish body for a Greek request as
//! "not modified". `If-Match` compares the state part only: a client may read in Polish and
//! update in Greek. `If-None-Match` compares the whole tag.

use std::fmt::Debug;
use std::future::{ready, Ready};

use actix_web::http::header::{self, EntityTag, IfMatch as IfMatchHeader, IfNoneMatch as IfNoneMatchHeader};
use actix_web::{dev::Payload, FromRequest, HttpRequest, HttpResponse};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::digest::Digest;
use serde::Serialize;
use sha2::Sha256;

use uuid::Uuid;

use crate::db::{lock_row, DbConnection};
use crate::domain::{Code, Language};
use crate::error::ApiError;

/// The hash of a stored state. `Debug` shows every field of the models it is used on, and any
/// change of a field changes it; the hash is cut to 128 bits, plenty to tell versions apart.
fn state_hash(state: &impl Debug) -> String {
    let digest = Sha256::digest(format!("{state:?}").as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// The ETag of a stored state as shown in `lang`: `"<state-hash>-<lang>"`.
pub fn etag_of(state: &impl Debug, lang: Language) -> EntityTag {
    EntityTag::new_strong(format!("{}-{}", state_hash(state), lang.code()))
}

/// The `ETag` header for a stored state shown in `lang`.
pub fn etag_header(state: &impl Debug, lang: Language) -> header::ETag {
    header::ETag(etag_of(state, lang))
}

/// The state part of a tag this service issued: what comes before `-<lang>`. `None` for a tag
/// of another shape, which names no state.
fn state_part(tag: &EntityTag) -> Option<&str> {
    if tag.weak {
        return None;
    }
    let (state, lang) = tag.tag().rsplit_once('-')?;
    Language::parse(lang).map(|_| state)
}

/// The longest `If-Match` read.
const IF_MATCH_MAX: usize = 1000;

/// The request's `If-Match`, if it sent one.
#[derive(Clone, Debug, Default)]
pub struct IfMatch(Option<IfMatchHeader>);

impl IfMatch {
    /// No precondition: what a batch item gets, since one header cannot name many versions.
    pub fn absent() -> Self {
        Self(None)
    }

    /// 412 unless the current state is one the client named (or it sent `*`, or no `If-Match`).
    /// Call it inside the write transaction, after locking the row, with the state read there.
    pub fn check(&self, current: &impl Debug) -> Result<(), ApiError> {
        match &self.0 {
            None | Some(IfMatchHeader::Any) => Ok(()),
            Some(IfMatchHeader::Items(tags)) => {
                let current = state_hash(current);
                if tags.iter().any(|tag| state_part(tag) == Some(current.as_str())) {
                    Ok(())
                } else {
                    Err(ApiError::PreconditionFailed)
                }
            }
        }
    }

    /// First thing in a write transaction: locks the row (PostgreSQL), whether or not the client
    /// sent `If-Match`, so that every check the update makes (the precondition, a status
    /// transition) reads the state no concurrent update can change before the commit; then checks
    /// the precondition against the state `find` reads. Of two updates sent with the same ETag, or
    /// two status changes from the same status, exactly one passes.
    pub fn guard<T: Debug>(
        &self,
        conn: &mut DbConnection,
        table: &'static str,
        id: Uuid,
        find: impl FnOnce(&mut DbConnection, Uuid) -> Result<T, ApiError>,
    ) -> Result<(), ApiError> {
        lock_row(conn, table, &id.to_string())?;
        if self.0.is_none() {
            return Ok(());
        }
        self.check(&find(conn, id)?)
    }

    /// Whether the client sent `If-Match` at all: a conditional request on a resource that does
    /// not exist fails, it does not create.
    pub fn is_present(&self) -> bool {
        self.0.is_some()
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(raw) = req.headers().get(header::IF_MATCH) else {
            return ready(Ok(Self(None)));
        };
        // An empty or oversized header is a malformed request; any other text that is not a list
        // of entity tags simply names no current one, so the precondition fails (412).
        let blank = raw.as_bytes().iter().all(u8::is_ascii_whitespace);
        if blank || raw.len() > IF_MATCH_MAX {
            return ready(Err(ApiError::InvalidIfMatch));
        }
        let parsed = <IfMatchHeader as header::Header>::parse(req).unwrap_or(IfMatchHeader::Items(Vec::new()));
        ready(Ok(Self(Some(parsed))))
    }
}

/// The request's `If-None-Match`, if it sent one the server can read.
#[derive(Clone, Debug, Default)]
pub struct IfNoneMatch(Option<IfNoneMatchHeader>);

impl IfNoneMatch {
    /// 304 Not Modified, with the tag, when the client already holds this representation (it
    /// named this exact tag, language included, or sent `*`); `None` when the body must be sent.
    pub fn not_modified(&self, current: &EntityTag) -> Option<HttpResponse> {
        let fresh = match &self.0 {
            None => false,
            Some(IfNoneMatchHeader::Any) => true,
            // RFC 9110 13.1.2: If-None-Match uses the weak comparison.
            Some(IfNoneMatchHeader::Items(tags)) => tags.iter().any(|tag| tag.weak_eq(current)),
        };
        fresh.then(|| {
            HttpResponse::NotModified()
                .insert_header(header::ETag(current.clone()))
                .finish()
        })
    }
}

impl IfNoneMatch {
    /// The answer to a read of one resource whose version is `tag`: 304 when the client holds
    /// it already, else 200 with the tag and the body `view` builds (only then).
    pub fn respond<B: Serialize>(&self, tag: EntityTag, view: impl FnOnce() -> B) -> HttpResponse {
        if let Some(not_modified) = self.not_modified(&tag) {
            return not_modified;
        }
        HttpResponse::Ok().insert_header(header::ETag(tag)).json(view())
    }
}

impl FromRequest for IfNoneMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    /// A header too long or not a list of entity tags is ignored: the full body is sent.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let parsed = req
            .headers()
            .get(header::IF_NONE_MATCH)
            .filter(|raw| raw.len() <= IF_MATCH_MAX)
            .and_then(|_| <IfNoneMatchHeader as header::Header>::parse(req).ok());
        ready(Ok(Self(parsed)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct State {
        #[allow(dead_code)] // read through `Debug`, as the models are
        name: &'static str,
    }

    #[test]
    fn the_same_state_has_the_same_tag_and_a_change_changes_it() {
        let a = etag_of(&State { name: "a" }, Language::Pl);
        assert_eq!(a, etag_of(&State { name: "a" }, Language::Pl));
        assert_ne!(a, etag_of(&State { name: "b" }, Language::Pl));
        assert!(!a.weak);
    }

    #[test]
    fn each_language_has_its_own_tag_of_one_state() {
        let pl = etag_of(&State { name: "a" }, Language::Pl);
        let el = etag_of(&State { name: "a" }, Language::El);
        assert_ne!(pl, el);
        assert!(pl.tag().ends_with("-pl") && el.tag().ends_with("-el"), "{pl} {el}");
        assert_eq!(state_part(&pl), state_part(&el));
    }

    #[test]
    fn if_match_names_the_current_state_in_any_language_or_fails() {
        let current = State { name: "a" };
        let read_in_polish = IfMatch(Some(IfMatchHeader::Items(vec![etag_of(&current, Language::Pl)])));
        assert!(read_in_polish.check(&current).is_ok());
        assert!(read_in_polish.check(&State { name: "b" }).is_err());
        let bare = IfMatch(Some(IfMatchHeader::Items(vec![EntityTag::new_strong(state_hash(
            &current,
        ))])));
        assert!(
            bare.check(&current).is_err(),
            "a tag without a language is not one this service issued"
        );
        let weak = IfMatch(Some(IfMatchHeader::Items(vec![EntityTag::new_weak(
            etag_of(&current, Language::En).tag().to_owned(),
        )])));
        assert!(weak.check(&current).is_err(), "If-Match compares strongly");
        assert!(IfMatch(Some(IfMatchHeader::Any)).check(&current).is_ok());
        assert!(IfMatch(None).check(&current).is_ok());
    }

    #[test]
    fn if_none_match_compares_the_whole_tag() {
        let current = etag_of(&State { name: "a" }, Language::Pl);
        let same = IfNoneMatch(Some(IfNoneMatchHeader::Items(vec![current.clone()])));
        let response = same.not_modified(&current).expect("304");
        assert_eq!(response.status(), actix_web::http::StatusCode::NOT_MODIFIED);
        let greek = IfNoneMatch(Some(IfNoneMatchHeader::Items(vec![etag_of(
            &State { name: "a" },
            Language::El,
        )])));
        assert!(greek.not_modified(&current).is_none());
        assert!(IfNoneMatch(Some(IfNoneMatchHeader::Any))
            .not_modified(&current)
            .is_some());
        assert!(IfNoneMatch(None).not_modified(&current).is_none());
    }
}
