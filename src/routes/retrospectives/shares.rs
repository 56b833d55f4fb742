//! `/v1/incidents/{id}/retrospective/share(s)`: links that open the incident's client letter
//! without an API key, at `/shared/{token}` under `--public-url`.

use actix_web::http::{header, StatusCode};
use actix_web::{delete, get, post, web, FromRequest, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;

use super::super::responses::{BadRequest, Conflict, NotFound, PayloadTooLarge, Unprocessable, UnsupportedMediaType};
use super::super::LangQuery;
use crate::config::PublicUrl;
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::domain::{DocumentFormat, Language};
use crate::error::{ApiError, FieldProblem};
use crate::http::idempotency::{Idempotent, Written};
use crate::http::json::ApiJson;
use crate::http::path::{IncidentId, ShareId};
use crate::i18n::Locale;
use crate::models::share;
use crate::ops::shares::{self, ShareRequest};
use crate::pagination::Page;
use crate::validation::{whole_number, Rule, Rules, Validator};
use crate::views::share::{CreatedShareBody, ShareBody};

const DAYS_DEFAULT: i64 = 14;
const DAYS_MIN: i64 = 1;
const DAYS_MAX: i64 = 90;

/// A new share link; the body may be left out, and every field has a default.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"expires_in_days": 14, "format": "html", "lang": "ro"}))]
pub struct CreateShare {
    /// Days until the link stops working, 1 to 90; 14 when absent.
    #[serde(default, deserialize_with = "whole_number")]
    #[schema(minimum = 1, maximum = 90)]
    pub expires_in_days: Option<i64>,
    /// The letter's format: `html` (the default, for a browser) or `markdown`.
    #[schema(value_type = Option<DocumentFormat>)]
    pub format: Option<String>,
    /// The letter's language; the client's preferred language when absent.
    #[schema(value_type = Option<Language>)]
    pub lang: Option<String>,
}

impl Rules for CreateShare {
    const RULES: &'static [(&'static str, Rule)] = &[];
}

impl CreateShare {
    fn validate(self) -> Result<ShareRequest, ApiError> {
        let mut v = Validator::new();
        let expires_in_days = match self.expires_in_days {
            None => Some(DAYS_DEFAULT),
            Some(days) if (DAYS_MIN..=DAYS_MAX).contains(&days) => Some(days),
            Some(_) => {
                v.push(
                    "expires_in_days",
                    FieldProblem::OutOfRange {
                        min: DAYS_MIN,
                        max: DAYS_MAX,
                    },
                );
                None
            }
        };
        let format = match self.format {
            Some(code) => v.code("format", &code),
            None => Some(DocumentFormat::Html),
        };
        let language = match self.lang {
            Some(code) => v.code::<Language>("lang", &code).map(Some),
            None => Some(None),
        };
        let (expires_in_days, format, language) = v.done((expires_in_days, format, language))?;
        Ok(ShareRequest {
            expires_in_days,
            format,
            language,
        })
    }
}

/// The body when there is one: a request with no body and no `Content-Type` takes the defaults;
/// anything else is read as any JSON body is (415 without JSON, 400 or 422 when it does not fit).
async fn optional_body(req: &HttpRequest, payload: web::Payload) -> Result<CreateShare, ApiError> {
    let headers = req.headers();
    let no_body = !headers.contains_key(header::CONTENT_TYPE)
        && !headers.contains_key(header::TRANSFER_ENCODING)
        && headers
            .get(header::CONTENT_LENGTH)
            .is_none_or(|length| length.as_bytes() == b"0");
    if no_body {
        return Ok(CreateShare::default());
    }
    let body = ApiJson::<CreateShare>::from_request(req, &mut payload.into_inner()).await?;
    Ok(body.0)
}

/// Make a link that opens the incident's client letter without an API key.
///
/// The letter must be ready: the retrospective published, with a `client_summary` (else 409
/// `letter_not_ready`). The body may be left out: the link then lasts 14 days and opens the
/// letter as HTML in the client's preferred language. The letter is rendered when the link is
/// opened, so a later correction shows; its format and language stay those chosen here. The
/// answer holds the link's address, shown only this once (only a hash of its token is kept);
/// a retry with the same `Idempotency-Key` gets 409 `idempotency_secret_not_replayed`. A server
/// started without `--public-url` makes no link (409 `public_url_missing`).
#[utoipa::path(
    tag = "retrospectives",
    params(IncidentId, LangQuery),
    request_body = CreateShare,
    responses(
        (status = 201, description = "The link was made; `url` opens the letter.", body = CreatedShareBody,
         headers(("Location" = String, description = "The link's record (without its token)."))),
        BadRequest, NotFound, Conflict, PayloadTooLarge, UnsupportedMediaType, Unprocessable
    )
)]
#[post("/incidents/{id}/retrospective/share")]
pub async fn create_share(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    idempotent: Idempotent,
    id: IncidentId,
    req: HttpRequest,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let request = optional_body(&req, payload).await?.validate()?;
    let public_url = req
        .app_data::<web::Data<PublicUrl>>()
        .map(|url| url.get_ref().clone())
        .unwrap_or_default();
    if public_url.0.is_none() {
        return Err(ApiError::PublicUrlMissing);
    }
    let now = clock.now();
    idempotent
        .write(&db, move |conn| {
            let (share, token) = shares::create(conn, incident_id, &request, now)?;
            let url = public_url.shared(&token).ok_or(ApiError::PublicUrlMissing)?;
            // Not the `url`: the headers of an idempotent answer are kept, and the token must not be.
            let location = format!("/v1/incidents/{incident_id}/retrospective/shares/{}", share.id);
            Written::build(StatusCode::CREATED)
                .header((header::LOCATION, location))
                .secret()
                .json(&CreatedShareBody {
                    share: ShareBody::new(share, &locale),
                    url,
                })
        })
        .await
}

/// List the incident's share links, the oldest first, expired and revoked ones included (never
/// their tokens).
#[utoipa::path(
    tag = "retrospectives",
    params(IncidentId, LangQuery),
    responses((status = 200, description = "Every link of the incident (there are few, so one page).", body = Page<ShareBody>), NotFound)
)]
#[get("/incidents/{id}/retrospective/shares")]
pub async fn list_shares(db: web::Data<Db>, locale: Locale, id: IncidentId) -> Result<HttpResponse, ApiError> {
    let incident_id = id.get();
    let shares = db.read(move |conn| share::list(conn, incident_id)).await?;
    let items = shares.into_iter().map(|s| ShareBody::new(s, &locale)).collect();
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// Read one of the incident's share links (never its token).
#[utoipa::path(
    tag = "retrospectives",
    params(IncidentId, ShareId, LangQuery),
    responses((status = 200, description = "The link.", body = ShareBody), NotFound)
)]
#[get("/incidents/{id}/retrospective/shares/{share_id}")]
pub async fn get_share(
    db: web::Data<Db>,
    locale: Locale,
    id: IncidentId,
    share_id: ShareId,
) -> Result<HttpResponse, ApiError> {
    let (incident_id, share_id) = (id.get(), share_id.get());
    let share = db.read(move |conn| share::find(conn, incident_id, share_id)).await?;
    Ok(HttpResponse::Ok().json(ShareBody::new(share, &locale)))
}

/// Revoke a share link: from now on it answers 410. Revoking it again changes nothing.
#[utoipa::path(
    tag = "retrospectives",
    params(IncidentId, ShareId, LangQuery),
    responses((status = 204, description = "The link is revoked."), NotFound)
)]
#[delete("/incidents/{id}/retrospective/shares/{share_id}")]
pub async fn revoke_share(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    id: IncidentId,
    share_id: ShareId,
) -> Result<HttpResponse, ApiError> {
    let (incident_id, share_id) = (id.get(), share_id.get());
    let now = clock.now();
    db.write(move |conn| shares::revoke(conn, incident_id, share_id, now))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
