//! Strong ETags for single resources and the `If-Match` precondition on their updates.
//!
//! An ETag is a hash of the resource's stored state, not of the response bytes: the same
//! resource has the same ETag in every response language, so a client may read in Polish and
//! update in Greek.

use std::fmt::Debug;
use std::future::{ready, Ready};

use actix_web::http::header::{self, EntityTag, IfMatch as IfMatchHeader};
use actix_web::{dev::Payload, FromRequest, HttpRequest};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::digest::Digest;
use sha2::Sha256;

use uuid::Uuid;

use crate::db::{lock_row, DbConnection};
use crate::error::ApiError;

/// The ETag of a stored state. `Debug` shows every field of the models it is used on, and any
/// change of a field changes it; the hash is cut to 128 bits, plenty to tell versions apart.
pub fn etag_of(state: &impl Debug) -> EntityTag {
    let digest = Sha256::digest(format!("{state:?}").as_bytes());
    EntityTag::new_strong(URL_SAFE_NO_PAD.encode(&digest[..16]))
}

/// The `ETag` header for a stored state.
pub fn etag_header(state: &impl Debug) -> header::ETag {
    header::ETag(etag_of(state))
}

/// The longest `If-Match` read.
const IF_MATCH_MAX: usize = 1000;

/// The request's `If-Match`, if it sent one.
#[derive(Clone, Debug, Default)]
pub struct IfMatch(Option<IfMatchHeader>);

impl IfMatch {
    /// 412 unless the current state is one the client named (or it sent `*`, or no `If-Match`).
    /// Call it inside the write transaction, after locking the row, with the state read there.
    pub fn check(&self, current: &impl Debug) -> Result<(), ApiError> {
        match &self.0 {
            None | Some(IfMatchHeader::Any) => Ok(()),
            Some(IfMatchHeader::Items(tags)) => {
                let current = etag_of(current);
                if tags.iter().any(|tag| tag.strong_eq(&current)) {
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
        let a = etag_of(&State { name: "a" });
        assert_eq!(a, etag_of(&State { name: "a" }));
        assert_ne!(a, etag_of(&State { name: "b" }));
        assert!(!a.weak);
    }

    #[test]
    fn if_match_names_the_current_state_or_fails() {
        let current = State { name: "a" };
        let matching = IfMatch(Some(IfMatchHeader::Items(vec![etag_of(&current)])));
        assert!(matching.check(&current).is_ok());
        assert!(matching.check(&State { name: "b" }).is_err());
        assert!(IfMatch(Some(IfMatchHeader::Any)).check(&current).is_ok());
        assert!(IfMatch(None).check(&current).is_ok());
    }
}
