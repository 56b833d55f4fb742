//! `GET /v1/incidents/{id}/similar`: past incidents like this one, in any language, each with
//! why.

use actix_web::{get, web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::db::Db;
use crate::domain::Language;
use crate::error::{ApiError, FieldProblem};
use crate::gapfinder::similar::{self, Known, Likeness};
use crate::gapfinder::GapFinder;
use crate::http::path::IncidentId;
use crate::i18n::{args, Locale};
use crate::models::similar as stored;
use crate::routes::responses::{NotFound, Unprocessable};
use crate::validation::Validator;

const DEFAULT_LIMIT: usize = 5;
const MAX_LIMIT: usize = 20;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SimilarQuery {
    /// How many to return, 1 to 20 (default 5).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 20)]
    limit: Option<String>,
    /// Response language; when absent, `Accept-Language` decides.
    #[param(value_type = Option<Language>)]
    #[allow(dead_code)]
    lang: Option<String>,
}

/// Why an incident is like this one.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LikenessKind {
    /// Both retrospectives confirmed the same primary gap.
    SameConfirmedGap,
    /// Both most likely expose the same gap (confirmed for one, proposed by the finder for the other).
    SameLikelyGap,
    /// Both texts express some of the same concepts, whatever their languages.
    SharedConcepts,
    SameCategory,
    SameClient,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LikenessBody {
    pub kind: LikenessKind,
    /// The reason, in the response language.
    pub text: String,
}

/// A past incident like this one.
#[derive(Debug, Serialize, ToSchema)]
pub struct SimilarBody {
    pub incident_id: Uuid,
    /// The language it was written in (it may differ from this incident's).
    pub language: Language,
    pub summary: String,
    /// How alike, higher is closer (0 to about 9).
    pub score: f64,
    pub reasons: Vec<LikenessBody>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"items": [{"incident_id": "019a8f40-1b2c-7e3d-8f4a-5b6c7d8e9f01", "language": "pl",
    "summary": "Faktura przeterminowana o 90 dni", "score": 4.1, "reasons": [
    {"kind": "same_confirmed_gap", "text": "Both retrospectives confirmed “Payments not followed up”."},
    {"kind": "shared_concepts", "text": "Both texts mention 2 things in common."}]}]}))]
pub struct SimilarList {
    pub items: Vec<SimilarBody>,
}

fn likeness_body(likeness: &Likeness, locale: &Locale) -> LikenessBody {
    let gap_name = |gap: crate::domain::Gap| locale.t(&gap.message_id(None));
    match likeness {
        Likeness::SameConfirmedGap(gap) => LikenessBody {
            kind: LikenessKind::SameConfirmedGap,
            text: locale.t_args("similar-confirmed-gap", &args([("gap", gap_name(*gap).into())])),
        },
        Likeness::SameLikelyGap(gap) => LikenessBody {
            kind: LikenessKind::SameLikelyGap,
            text: locale.t_args("similar-likely-gap", &args([("gap", gap_name(*gap).into())])),
        },
        Likeness::SharedConcepts(count) => LikenessBody {
            kind: LikenessKind::SharedConcepts,
            text: locale.t_args("similar-concepts", &args([("count", (*count).into())])),
        },
        Likeness::SameCategory(category) => LikenessBody {
            kind: LikenessKind::SameCategory,
            text: locale.t_args(
                "similar-category",
                &args([("category", locale.label(*category).into())]),
            ),
        },
        Likeness::SameClient => LikenessBody {
            kind: LikenessKind::SameClient,
            text: locale.t("similar-client"),
        },
    }
}

/// Past incidents like this one, best first, in any of the four languages: those whose
/// retrospectives confirmed the same gap, or in which the finder sees the same gap, that tell
/// of the same things (concepts are the same in every language), with the same category or
/// client. Looks through the 1,000 most recent incidents.
#[utoipa::path(
    tag = "gaps",
    params(IncidentId, SimilarQuery),
    responses((status = 200, description = "Similar incidents, best first.", body = SimilarList), NotFound, Unprocessable)
)]
#[get("/incidents/{id}/similar")]
pub async fn similar_incidents(
    db: web::Data<Db>,
    finder: web::Data<GapFinder>,
    locale: Locale,
    query: web::Query<SimilarQuery>,
    id: IncidentId,
) -> Result<HttpResponse, ApiError> {
    let id = id.get();
    let mut v = Validator::new();
    let limit = match query.limit.as_deref() {
        None => DEFAULT_LIMIT,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                v.push(
                    "limit",
                    FieldProblem::OutOfRange {
                        min: 1,
                        max: MAX_LIMIT as i64,
                    },
                );
                DEFAULT_LIMIT
            }
        },
    };
    v.finish()?;
    let (own, others) = db.read(move |conn| stored::candidates(conn, id)).await?;
    // Reading a thousand texts is CPU work: off the workers that serve other requests.
    let hits = web::block(move || {
        let profile = |s: &stored::Stored| {
            finder.profile(Known {
                id: s.id,
                client: s.client,
                language: s.language,
                category: Some(s.category),
                texts: vec![&s.text],
                confirmed: s.confirmed.clone(),
                primary: s.primary,
            })
        };
        let mine = profile(&own);
        let profiles: Vec<_> = others.iter().map(profile).collect();
        similar::rank(&mine, &profiles, limit)
            .into_iter()
            .map(|(p, score, why)| {
                let summary = others
                    .iter()
                    .find(|o| o.id == p.id)
                    .map(|o| o.text.lines().next().unwrap_or_default().to_owned())
                    .unwrap_or_default();
                (p.id, p.language, summary, score, why)
            })
            .collect::<Vec<_>>()
    })
    .await
    .map_err(ApiError::internal)?;
    let items = hits
        .into_iter()
        .map(|(incident_id, language, summary, score, why)| SimilarBody {
            incident_id,
            language,
            summary,
            score: (score * 100.0).round() / 100.0,
            reasons: why.iter().map(|l| likeness_body(l, &locale)).collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(SimilarList { items }))
}
