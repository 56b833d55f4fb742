//! Ids in paths. Each kind of id is a type ([`IncidentId`], [`ActionId`], …) that knows its path
//! parameter, the resource a bad id is reported as, and how the OpenAPI document describes it,
//! so a handler takes `id: IncidentId` and its annotation lists `IncidentId`: nothing to repeat.

use std::future::{ready, Ready};
use std::marker::PhantomData;

use actix_web::{dev::Payload, FromRequest, HttpRequest};
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::{KnownFormat, ObjectBuilder, Required, SchemaFormat, Type};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::error::{ApiError, Resource};

/// Parses the id in a path; an id that is not a UUID names nothing, so it is a 404 as well.
pub fn path_id(raw: &str, resource: Resource) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::not_found(resource, raw))
}

/// What a kind of id in a path is.
pub trait IdKind {
    /// The path parameter, as in the route's template.
    const PARAM: &'static str;
    /// What an id that names nothing is reported as (404).
    const RESOURCE: Resource;
    /// The parameter's description in the OpenAPI document.
    const DESCRIPTION: &'static str;
}

/// Extractor: the id in the path parameter `K::PARAM`, or 404 for `K::RESOURCE`.
pub struct Id<K>(Uuid, PhantomData<K>);

impl<K> Id<K> {
    pub fn get(&self) -> Uuid {
        self.0
    }
}

impl<K: IdKind> FromRequest for Id<K> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let raw = req.match_info().get(K::PARAM).unwrap_or_default();
        ready(path_id(raw, K::RESOURCE).map(|id| Self(id, PhantomData)))
    }
}

impl<K: IdKind> IntoParams for Id<K> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let uuid = ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)));
        vec![ParameterBuilder::new()
            .name(K::PARAM)
            .parameter_in(ParameterIn::Path)
            .required(Required::True)
            .description(Some(K::DESCRIPTION))
            .schema(Some(uuid))
            .build()]
    }
}

macro_rules! id_kinds {
    ($($(#[$doc:meta])* $alias:ident = $kind:ident($param:literal, $resource:ident, $description:literal);)*) => {$(
        #[doc(hidden)]
        pub enum $kind {}
        impl IdKind for $kind {
            const PARAM: &'static str = $param;
            const RESOURCE: Resource = Resource::$resource;
            const DESCRIPTION: &'static str = $description;
        }
        $(#[$doc])*
        pub type $alias = Id<$kind>;
    )*};
}

id_kinds! {
    /// `{id}` of `/incidents/{id}` and everything under it.
    IncidentId = IncidentKind("id", Incident, "The incident's id.");
    ActionId = ActionKind("id", Action, "The action's id.");
    ClientId = ClientKind("id", Client, "The client's id.");
    ApiKeyId = ApiKeyKind("id", ApiKey, "The key's id.");
    WebhookId = WebhookKind("id", Webhook, "The subscription's id.");
    EntryId = EntryKind("entry_id", TimelineEntry, "The entry's id.");
    DeliveryId = DeliveryKind("delivery_id", Delivery, "The delivery's id.");
    ShareId = ShareKind("share_id", Share, "The share link's id.");
}
