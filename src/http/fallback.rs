//! The routes as the OpenAPI document lists them, matched segment by segment: which template a
//! path is (the role an operation needs depends on it, for every request), and what answers when
//! no route matched: 405 with `Allow` when the path exists with other methods, else 404; and
//! which query parameters an operation takes, so that a name the document does not list is
//! refused on every route alike, not ignored where no handler reads the query.

use actix_web::{web, HttpRequest, HttpResponse};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr};

use crate::error::ApiError;

/// The path as the router reads it: actix decodes percent-escapes (all but `%2F`, `%25`, `%2B`)
/// before it routes, so `/%76%31/api-keys` reaches the `/v1/api-keys` handler. Every decision
/// about a route is taken on this path, never on the raw `req.path()`, so that what is checked
/// is what runs.
pub fn routed_path(req: &HttpRequest) -> &str {
    req.match_info().as_str()
}

/// A raw path with its percent-escapes decoded (all of them, `%2F` too), for checks that must
/// see every spelling of a path as the same: `/%73hared/x` is `/shared/x`.
pub fn decoded(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

enum Segment {
    Literal(String),
    /// `{id}`: any one non-empty segment.
    Parameter,
}

struct Route {
    pattern: String,
    segments: Vec<Segment>,
    methods: Vec<String>,
    /// Per method, the names of the query parameters its operation declares.
    queries: Vec<(String, Vec<String>)>,
}

pub struct RouteTable {
    routes: Vec<Route>,
}

impl Route {
    fn new(pattern: &str, queries: Vec<(String, Vec<String>)>) -> Self {
        let methods = queries.iter().map(|(method, _)| method.clone()).collect();
        let segments = pattern
            .trim_start_matches('/')
            .split('/')
            .map(|s| {
                if s.starts_with('{') && s.ends_with('}') {
                    Segment::Parameter
                } else {
                    Segment::Literal(s.to_owned())
                }
            })
            .collect();
        Self {
            pattern: pattern.to_owned(),
            segments,
            methods,
            queries,
        }
    }

    /// How many literal segments matched, when the whole path matches.
    fn matches(&self, path: &[&str]) -> Option<usize> {
        if path.len() != self.segments.len() {
            return None;
        }
        let mut literals = 0;
        for (segment, part) in self.segments.iter().zip(path) {
            match segment {
                Segment::Literal(literal) if literal == part => literals += 1,
                Segment::Parameter if !part.is_empty() => {}
                _ => return None,
            }
        }
        Some(literals)
    }
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let routes = doc
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let operations = [
                    ("GET", &item.get),
                    ("POST", &item.post),
                    ("PUT", &item.put),
                    ("PATCH", &item.patch),
                    ("DELETE", &item.delete),
                ];
                let queries = operations
                    .iter()
                    .filter_map(|(method, operation)| {
                        operation
                            .as_ref()
                            .map(|operation| ((*method).to_owned(), query_names(operation)))
                    })
                    .collect();
                Route::new(path, queries)
            })
            .collect();
        Self { routes }
    }

    /// The route a path is; of several, the one with the most literal segments, as actix
    /// registers `/incidents/by-ref/{source}/{external_id}` before `/incidents/{id}/…`.
    fn route(&self, path: &str) -> Option<&Route> {
        // One leading slash only: `//v1/incidents` is no route, as actix sees it.
        let parts: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
        self.routes
            .iter()
            .filter_map(|route| route.matches(&parts).map(|literals| (literals, route)))
            .max_by_key(|(literals, _)| *literals)
            .map(|(_, route)| route)
    }

    /// The route template (`/v1/incidents/{id}`) that a request path matches.
    pub fn template(&self, path: &str) -> Option<&str> {
        self.route(path).map(|route| route.pattern.as_str())
    }

    /// The methods the path answers to, when some route has that path.
    pub fn allowed_methods(&self, path: &str) -> Option<&[String]> {
        self.route(path).map(|route| route.methods.as_slice())
    }

    /// The first query parameter that the operation at this method and path does not declare,
    /// when the path is one of the document's routes; `None` when every name is declared.
    pub fn undeclared_parameter(&self, method: &str, path: &str, query: &str) -> Option<String> {
        let route = self.route(path)?;
        let (_, declared) = route.queries.iter().find(|(m, _)| m == method)?;
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(name, _)| name.into_owned())
            // `lang` chooses the language of any answer, a problem from a public route too.
            .find(|name| name != "lang" && !declared.contains(name))
    }
}

fn query_names(operation: &Operation) -> Vec<String> {
    operation
        .parameters
        .iter()
        .flatten()
        .filter_map(|parameter| match parameter {
            RefOr::T(parameter) if matches!(parameter.parameter_in, ParameterIn::Query) => Some(parameter.name.clone()),
            // The document writes every parameter in place; a reference would name none here.
            _ => None,
        })
        .collect()
}

pub async fn no_route(req: HttpRequest, routes: web::Data<RouteTable>) -> Result<HttpResponse, ApiError> {
    Err(match routes.allowed_methods(routed_path(&req)) {
        Some(allowed) => ApiError::MethodNotAllowed {
            allowed: allowed.to_vec(),
        },
        None => ApiError::RouteNotFound,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        RouteTable {
            routes: vec![
                Route::new("/v1/incidents/{id}", vec![("GET".into(), vec!["lang".into()])]),
                Route::new(
                    "/v1/incidents/{id}/timeline/{entry_id}",
                    vec![("DELETE".into(), vec![])],
                ),
                Route::new(
                    "/v1/incidents/by-ref/{source}/{external_id}",
                    vec![("GET".into(), vec![])],
                ),
            ],
        }
    }

    #[test]
    fn the_most_literal_route_wins_and_parameters_are_one_segment() {
        let routes = table();
        assert_eq!(routes.template("/v1/incidents/019a"), Some("/v1/incidents/{id}"));
        assert_eq!(
            routes.template("/v1/incidents/by-ref/timeline/7"),
            Some("/v1/incidents/by-ref/{source}/{external_id}")
        );
        assert_eq!(
            routes.template("/v1/incidents/x/timeline/7"),
            Some("/v1/incidents/{id}/timeline/{entry_id}")
        );
        assert_eq!(routes.template("/v1/incidents/"), None);
        assert_eq!(routes.template("/v1/incidents/a/b"), None);
        assert_eq!(routes.template("//v1/incidents/019a"), None);
    }

    #[test]
    fn every_escape_is_decoded() {
        assert_eq!(decoded("/%73hared/x"), "/shared/x");
        assert_eq!(decoded("/%73%68%61%72%65%64%2Fx"), "/shared/x");
        assert_eq!(decoded("/shared/%2e%2E/v1"), "/shared/../v1");
        assert_eq!(decoded("/a%zz%2"), "/a%zz%2", "what is no escape stays");
    }

    #[test]
    fn only_the_parameters_an_operation_declares_pass() {
        let routes = table();
        let undeclared = |method, path, query| routes.undeclared_parameter(method, path, query);
        assert_eq!(undeclared("GET", "/v1/incidents/019a", "lang=ro"), None);
        assert_eq!(undeclared("GET", "/v1/incidents/019a", ""), None);
        assert_eq!(
            undeclared("GET", "/v1/incidents/019a", "lang=ro&limit=5"),
            Some("limit".into())
        );
        assert_eq!(
            undeclared("GET", "/v1/incidents/019a", "=1.8e%2B56"),
            Some(String::new())
        );
        assert_eq!(
            undeclared("GET", "/v1/incidents/019a", "%6Cang=ro"),
            None,
            "names are decoded"
        );
        assert_eq!(
            undeclared("DELETE", "/v1/incidents/x/timeline/7", "lang=el&x"),
            Some("x".into())
        );
        // What no operation answers is the fallback's to refuse, with its 404 or 405.
        assert_eq!(undeclared("POST", "/v1/incidents/019a", "x=1"), None);
        assert_eq!(undeclared("GET", "/v1/nowhere", "x=1"), None);
    }
}
