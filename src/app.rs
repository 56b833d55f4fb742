//! Builds the actix application from its shared state; the binary and the tests share it.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Logger};
use actix_web::{web, App};

use crate::config::{Config, WebhookSettings};
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::gapfinder::GapFinder;
use crate::http::auth::{authenticate, AuthFailures, KeyCache, RateLimiter};
use crate::http::fallback::{self, RouteTable};
use crate::http::idempotency::idempotency;
use crate::http::json::BATCH_BODY_LIMIT;
use crate::http::problem::problem_details;
use crate::i18n::Localizer;
use crate::learning::Learned;
use crate::models::action::Policy;
use crate::webhooks::WorkerHealth;
use crate::{openapi, routes};

/// What every worker shares. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: web::Data<Db>,
    pub localizer: web::Data<Localizer>,
    pub routes: web::Data<RouteTable>,
    pub finder: web::Data<GapFinder>,
    /// What the finder learned from this installation's published retrospectives.
    pub learned: web::Data<Learned>,
    pub policy: web::Data<Policy>,
    /// What the rules on time take as today.
    pub clock: web::Data<Clock>,
    pub rate_limiter: web::Data<RateLimiter>,
    pub key_cache: web::Data<KeyCache>,
    /// Failed authentications per client address.
    pub auth_failures: web::Data<AuthFailures>,
    pub figures_cache: web::Data<routes::reports::FiguresCache>,
    pub webhooks: web::Data<WebhookSettings>,
    pub event_retention: web::Data<crate::config::EventRetention>,
    /// When retrospectives and actions are due.
    pub follow_up: web::Data<crate::config::FollowUp>,
    /// Where share links point.
    pub public_url: web::Data<crate::config::PublicUrl>,
    /// Whether the webhook worker runs, for `/readyz`.
    pub worker_health: web::Data<WorkerHealth>,
    /// The published OpenAPI document, serialized, served at `/openapi.json`.
    pub doc: web::Bytes,
}

impl AppState {
    pub fn new(db: Db, localizer: Localizer, finder: GapFinder, config: &Config) -> Self {
        let doc = openapi::document();
        let policy = Policy {
            verification_window_days: config.verification_window_days,
            repeat_across_clients: config.repeat_across_clients,
            zone: config.clock.zone(),
        };
        Self {
            rate_limiter: web::Data::new(RateLimiter::new(config.rate_limit)),
            key_cache: web::Data::new(KeyCache::default()),
            auth_failures: web::Data::new(AuthFailures::new(
                config.auth_failure_limit,
                config.trusted_proxies.clone(),
            )),
            figures_cache: web::Data::new(routes::reports::FiguresCache::new(config.report_cache)),
            webhooks: web::Data::new(config.webhooks.clone()),
            event_retention: web::Data::new(config.event_retention),
            follow_up: web::Data::new(config.follow_up),
            public_url: web::Data::new(config.public_url.clone()),
            worker_health: web::Data::default(),
            policy: web::Data::new(policy),
            clock: web::Data::new(config.clock),
            finder: web::Data::new(finder),
            learned: web::Data::default(),
            db: web::Data::new(db),
            localizer: web::Data::new(localizer),
            routes: web::Data::new(RouteTable::from_openapi(&doc)),
            doc: web::Bytes::from(openapi::published(&doc).to_string()),
        }
    }
}

pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state.db)
        .app_data(state.localizer)
        .app_data(state.routes)
        .app_data(state.finder)
        .app_data(state.learned)
        .app_data(state.policy)
        .app_data(state.clock)
        .app_data(state.rate_limiter)
        .app_data(state.key_cache)
        .app_data(state.auth_failures)
        .app_data(state.figures_cache)
        .app_data(state.webhooks)
        .app_data(state.event_retention)
        .app_data(state.follow_up)
        .app_data(state.public_url)
        .app_data(state.worker_health)
        // The largest any route takes; each route's JSON extractor holds its body to its own limit.
        .app_data(web::PayloadConfig::new(BATCH_BODY_LIMIT))
        // Query strings are read as text and checked by each route, so this only sees
        // a string that is not form-encoded at all.
        .app_data(web::QueryConfig::default().error_handler(|_, _| crate::error::ApiError::InvalidQuery.into()))
        // Innermost first: the idempotency layer needs the caller that `authenticate` found, and
        // the problem layer renders the errors of both.
        .wrap(from_fn(idempotency))
        .wrap(from_fn(authenticate))
        .wrap(from_fn(problem_details))
        .wrap(
            Logger::new("%{request}xi %s %Dms")
                .custom_request_replace("request", request_line)
                .log_target("clientretro::access"),
        )
        .configure(|cfg| routes::configure(&mut utoipa_actix_web::service_config::ServiceConfig::new(cfg)))
        .configure(|cfg| routes::docs::configure(cfg, state.doc))
        .default_service(web::to(fallback::no_route))
}

/// The request line as the access log writes it (`%r`), but with a share link's token left out:
/// it opens a client's letter, and logs are read by more people than the firm's writers.
fn request_line(req: &ServiceRequest) -> String {
    let path = req.path();
    let shown = if crate::http::fallback::decoded(path).starts_with("/shared/") {
        "/shared/[token]".to_owned()
    } else {
        req.uri().path_and_query().map_or(path, |p| p.as_str()).to_owned()
    };
    format!("{} {shown} {:?}", req.method(), req.version())
}
