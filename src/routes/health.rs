//! Liveness and readiness, for load balancers and orchestrators.

use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

use super::responses::Unavailable;
use crate::db::Db;
use crate::error::ApiError;
use crate::webhooks::WorkerHealth;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok`.
    #[schema(example = "ok")]
    status: &'static str,
}

/// Whether the process is alive. Never touches the database.
#[utoipa::path(tag = "health", responses((status = 200, description = "The process is alive.", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Whether the service can serve requests: the database answers and the webhook worker runs.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "The database answers and the webhook worker runs.", body = Health),
        Unavailable
    )
)]
#[get("/readyz")]
pub async fn readyz(db: web::Data<Db>, worker: web::Data<WorkerHealth>) -> Result<HttpResponse, ApiError> {
    if !worker.is_running() {
        return Err(ApiError::WorkerStopped);
    }
    db.ping().await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok" }))
}
