//! `/v1/gaps` (the catalog) and the gap finder: `/v1/gap-analysis` for any text,
//! `/v1/incidents/{id}/gap-analysis` for a stored incident.

mod payload;
mod similar;

use actix_web::{get, post, web, HttpResponse};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::views::gap::{EarlierActionBody, FinderBody, GapAnalysisBody, GapBody, GapList};
pub use payload::AnalyseText;

use super::responses::{BadRequest, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::LangQuery;
use crate::db::Db;
use crate::domain::{Code, Gap};
use crate::error::{ApiError, Resource};
use crate::gapfinder::{GapFinder, Input};
use crate::http::idempotency::Idempotent;
use crate::http::json::ApiJson;
use crate::http::path::IncidentId;
use crate::i18n::Locale;
use crate::learning::Learned;
use crate::models::{incident, recurrence, timeline};

pub fn configure(cfg: &mut ServiceConfig) {
    // `/gaps/finder` before `/gaps/{code}`: actix tries routes in this order.
    cfg.service(list_gaps)
        .service(finder_state)
        .service(get_gap)
        .service(analyse_text)
        .service(analyse_incident)
        .service(similar::similar_incidents);
}

/// The gap catalog: the thirteen process gaps, with what closes each.
#[utoipa::path(
    tag = "gaps",
    params(LangQuery),
    responses((status = 200, description = "Every gap of the catalog, in catalog order.", body = GapList))
)]
#[get("/gaps")]
pub async fn list_gaps(locale: Locale) -> HttpResponse {
    let items = <Gap as strum::VariantArray>::VARIANTS
        .iter()
        .map(|g| GapBody::new(*g, &locale))
        .collect();
    HttpResponse::Ok().json(GapList { items })
}

/// What the gap finder knows: the incidents its shipped weights were learned from, and how many
/// of this installation's published retrospectives it has learned from since (every replica
/// picks a new one up within seconds).
#[utoipa::path(
    tag = "gaps",
    params(LangQuery),
    responses((status = 200, description = "The finder's knowledge.", body = FinderBody))
)]
#[get("/gaps/finder")]
pub async fn finder_state(
    db: web::Data<Db>,
    finder: web::Data<GapFinder>,
    learned: web::Data<Learned>,
) -> Result<HttpResponse, ApiError> {
    let memory = learned.current(&db, &finder).await?;
    Ok(HttpResponse::Ok().json(FinderBody {
        learned_from: memory.len(),
        trained_on: finder.model().examples,
        concepts: finder.knowledge().lexicon.concepts.len(),
    }))
}

/// One gap of the catalog.
#[utoipa::path(
    tag = "gaps",
    params(("code" = Gap, Path, description = "The gap's code."), LangQuery),
    responses((status = 200, description = "The gap.", body = GapBody), NotFound)
)]
#[get("/gaps/{code}")]
pub async fn get_gap(locale: Locale, code: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let gap = Gap::parse(&code).ok_or_else(|| ApiError::not_found(Resource::Gap, code.as_str()))?;
    Ok(HttpResponse::Ok().json(GapBody::new(gap, &locale)))
}

/// Propose the gaps a text exposes, without storing anything.
///
/// Candidates come best first with a score from 0 to 1 and the reasons behind it: the category,
/// phrases quoted as they stand in the text, and facts such as a debt above the escalation
/// threshold. The language is detected among en, ro, pl and el when not given.
#[utoipa::path(
    tag = "gaps",
    params(LangQuery),
    request_body = AnalyseText,
    responses(
        (status = 200, description = "The proposed gaps, best first.", body = GapAnalysisBody),
        BadRequest, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/gap-analysis")]
pub async fn analyse_text(
    db: web::Data<Db>,
    finder: web::Data<GapFinder>,
    learned: web::Data<Learned>,
    locale: Locale,
    idempotent: Idempotent,
    body: ApiJson<AnalyseText>,
) -> Result<HttpResponse, ApiError> {
    // Stores nothing, so there is nothing to replay: a retry simply runs again.
    idempotent.read_only();
    let text = body.0.validate()?;
    let memory = learned.current(&db, &finder).await?;
    let mut texts = vec![text.summary.as_str()];
    texts.extend(text.description.as_deref());
    let analysis = finder.analyse_with(
        &Input {
            texts,
            category: text.category,
            language: text.language,
        },
        &memory,
        None,
    );
    Ok(HttpResponse::Ok().json(GapAnalysisBody::new(analysis, &locale)))
}

/// The most text the finder reads of a stored incident, in characters: its summary, its
/// description, then its timeline from the newest entry back, the last one read in part.
pub const INCIDENT_TEXT_MAX: usize = 64 * 1024;

/// Propose the gaps a stored incident exposes: its summary, description and timeline.
///
/// At most 65,536 characters (64 Ki) are read: the summary, the description, then the timeline
/// from the newest entry back, the oldest entries left out when it is longer.
///
/// Each candidate also lists the client's earlier corrective actions for that gap: "this was
/// supposed to be fixed by action X, done on date D".
#[utoipa::path(
    tag = "gaps",
    params(IncidentId, LangQuery),
    responses((status = 200, description = "The proposed gaps, best first.", body = GapAnalysisBody), NotFound)
)]
#[get("/incidents/{id}/gap-analysis")]
pub async fn analyse_incident(
    db: web::Data<Db>,
    finder: web::Data<GapFinder>,
    learned: web::Data<Learned>,
    locale: Locale,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let (incident, texts) = db
        .read(move |conn| {
            let incident = incident::find(conn, id)?;
            let mut left = INCIDENT_TEXT_MAX;
            let mut texts = Vec::new();
            for text in [Some(&incident.summary), incident.description.as_ref()]
                .into_iter()
                .flatten()
            {
                let cut: String = text.chars().take(left).collect();
                left -= cut.chars().count();
                texts.push(cut);
            }
            texts.extend(timeline::recent_bodies(conn, id, left)?);
            Ok((incident, texts))
        })
        .await?;
    let (category, language) = (incident.category, incident.language);
    let memory = learned.current(&db, &finder).await?;
    // Matching up to 64 Ki characters is CPU work: it runs on the blocking pool, not on the
    // worker that serves other requests.
    let analysis = web::block(move || {
        finder.analyse_with(
            &Input {
                texts: texts.iter().map(String::as_str).collect(),
                category: Some(category),
                language: Some(language),
            },
            &memory,
            Some(id),
        )
    })
    .await
    .map_err(ApiError::internal)?;
    let gaps: Vec<Gap> = analysis.candidates.iter().map(|c| c.gap).collect();
    let client = incident.client_id;
    let earlier = db
        .read(move |conn| recurrence::earlier_actions(conn, client, &gaps))
        .await?;
    let mut body = GapAnalysisBody::new(analysis, &locale);
    for candidate in &mut body.candidates {
        candidate.earlier_actions = earlier
            .iter()
            .filter(|a| a.gap == candidate.gap)
            .map(|a| EarlierActionBody::new(a.id, a.title.clone(), a.status, a.done_at, &locale))
            .collect();
    }
    Ok(HttpResponse::Ok().json(body))
}
