//! Who asks for a change: the caller's key, which the change feed names as its actor, and the
//! language of the request, whose messages the change's announcements are rendered from.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, FromRequest, HttpMessage, HttpRequest};

use crate::domain::Actor;
use crate::error::ApiError;
use crate::http::auth::Caller;
use crate::i18n::Locale;

#[derive(Clone)]
pub struct Requester {
    pub actor: Actor,
    pub locale: Locale,
}

impl FromRequest for Requester {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let actor = Actor::from_request(req, payload);
        let locale = Locale::from_request(req, payload);
        Box::pin(async move {
            Ok(Self {
                actor: actor.await?,
                locale: locale.await?,
            })
        })
    }
}

/// The change feed names who made each change: the caller's key. A handler that writes takes
/// the actor as an extractor; on a route without a key it is refused as unauthenticated.
impl FromRequest for Actor {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let caller = req.extensions().get::<Caller>().copied();
        std::future::ready(caller.map(|c| Actor::key(c.key_id)).ok_or(ApiError::MissingApiKey))
    }
}
