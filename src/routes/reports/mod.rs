//! `/v1/reports`: where the firm keeps failing; `/v1/clients/{id}/health`.

mod cache;
mod capa;
mod payload;

use std::sync::Arc;

use chrono::NaiveDate;

use actix_web::{get, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::report::{ClientHealthBody, GapReport, OverviewBody};
pub use cache::FiguresCache;
pub use payload::ReportQuery;

use super::responses::{NotFound, Unprocessable};
use super::LangQuery;
use crate::charts::gaps::{render, Bar, Texts};
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::error::{ApiError, Resource};
use crate::http::path::ClientId;
use crate::i18n::Locale;
use crate::models::reports::GapFigures;
use crate::models::{client, reports};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(gap_report)
        .service(gap_chart)
        .service(overview)
        .service(capa::capa_report)
        .service(client_health);
}

/// The per-gap figures behind both the report and its chart.
async fn gap_figures(
    db: &Db,
    cache: &FiguresCache,
    query: ReportQuery,
    day: NaiveDate,
) -> Result<Arc<Vec<GapFigures>>, ApiError> {
    let scope = query.validate()?;
    let key = format!("{scope:?} {day}");
    let reader = db.clone();
    cache
        .get_or_count(db, key, async move {
            reader.read(move |conn| reports::gaps(conn, &scope, day)).await
        })
        .await
}

/// Per gap: incidents, repeats, open and overdue actions, median days from incident to action done.
#[utoipa::path(
    tag = "reports",
    params(ReportQuery, LangQuery),
    responses((status = 200, description = "The figures per gap, in catalog order.", body = GapReport), Unprocessable)
)]
#[get("/reports/gaps")]
pub async fn gap_report(
    db: web::Data<Db>,
    cache: web::Data<FiguresCache>,
    clock: web::Data<Clock>,
    locale: Locale,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let figures = gap_figures(&db, &cache, query.into_inner(), clock.today()).await?;
    Ok(HttpResponse::Ok().json(GapReport::new(figures.as_ref().clone(), &locale)))
}

/// The per-gap figures as a bar chart (SVG) in the response language: incidents and repeats per
/// gap, embeddable in a CRM dashboard.
#[utoipa::path(
    tag = "reports",
    params(ReportQuery, LangQuery),
    responses(
        (status = 200, description = "The chart.", content_type = "image/svg+xml", body = String),
        Unprocessable
    )
)]
#[get("/reports/gaps.svg")]
pub async fn gap_chart(
    db: web::Data<Db>,
    cache: web::Data<FiguresCache>,
    clock: web::Data<Clock>,
    locale: Locale,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let figures = gap_figures(&db, &cache, query.into_inner(), clock.today()).await?;
    let bars: Vec<Bar> = figures
        .iter()
        .filter(|f| f.incidents + f.repeats > 0)
        .filter_map(|f| {
            let gap = f.gap?;
            Some(Bar {
                label: locale.t(&gap.message_id(None)),
                incidents: f.incidents,
                repeats: f.repeats,
            })
        })
        .collect();
    let texts = Texts {
        title: locale.t("chart-gaps-title"),
        incidents: locale.t("chart-incidents"),
        repeats: locale.t("chart-repeats"),
        empty: locale.t("chart-empty"),
    };
    let svg = web::block(move || render(&bars, &texts))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml; charset=utf-8")
        .insert_header((actix_web::http::header::CONTENT_SECURITY_POLICY, crate::http::CSP_IMAGE))
        .body(svg))
}

/// Totals, the repeat rate and the share of actions done on time.
#[utoipa::path(
    tag = "reports",
    params(ReportQuery, LangQuery),
    responses((status = 200, description = "The overview.", body = OverviewBody), Unprocessable)
)]
#[get("/reports/overview")]
pub async fn overview(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let scope = query.into_inner().validate()?;
    let day = clock.today();
    let overview = db.read(move |conn| reports::overview(conn, &scope, day)).await?;
    Ok(HttpResponse::Ok().json(OverviewBody::from(overview)))
}

/// A client's health: incidents by category, confirmed gaps, open actions, repeats.
#[utoipa::path(
    tag = "reports",
    params(ClientId, LangQuery),
    responses((status = 200, description = "The client's health.", body = ClientHealthBody), NotFound)
)]
#[get("/clients/{id}/health")]
pub async fn client_health(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    id: ClientId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let day = clock.today();
    let health = db
        .read(move |conn| {
            if !client::exists(conn, id)? {
                return Err(ApiError::not_found(Resource::Client, id));
            }
            reports::client_health(conn, id, day)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ClientHealthBody::new(id, health, &locale)))
}
