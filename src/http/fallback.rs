//! What answers when no route matched: 405 with `Allow` when the path exists with other
//! methods, else 404. The routes are read from the OpenAPI document, which lists them all.

use actix_web::dev::ResourceDef;
use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

pub struct RouteTable {
    routes: Vec<(ResourceDef, Vec<String>)>,
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    ("GET", item.get.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                ];
                let allowed = methods
                    .iter()
                    .filter(|(_, present)| *present)
                    .map(|(method, _)| (*method).to_owned())
                    .collect();
                (ResourceDef::new(path.as_str()), allowed)
            })
            .collect();
        Self { routes }
    }

    /// The route template (`/v1/incidents/{id}`) that a request path matches.
    pub fn template(&self, path: &str) -> Option<&str> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .and_then(|(def, _)| def.pattern())
    }

    /// The methods the path answers to, when some route has that path.
    pub fn allowed_methods(&self, path: &str) -> Option<&[String]> {
        self.routes
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.as_slice())
    }
}

pub async fn no_route(req: HttpRequest, routes: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    Err(match routes.allowed_methods(req.path()) {
        Some(allowed) => ApiError::MethodNotAllowed {
            allowed: allowed.to_vec(),
        },
        None => ApiError::RouteNotFound,
    })
}
