//! `/shared/{token}`: the client's letter behind a share link, the one route outside `/v1` that
//! shows stored data without an API key. The token is the whole authorization: it is looked up
//! by its hash, and every answer keeps it out of referrers, caches and search engines.

use actix_web::http::header;
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpResponse, HttpResponseBuilder};

use crate::db::Db;
use crate::documents::client_letter::{self, ClientLetter};
use crate::domain::clock::Clock;
use crate::domain::{Code, DocumentFormat};
use crate::error::ApiError;
use crate::http::problem::OwnBody;
use crate::i18n::Locale;
use crate::ops::shares::{self, Opened};

/// The headers of everything a share link answers: the token in the address must not leave in
/// a `Referer`, stay in a cache or be indexed, and the page may load and run nothing.
fn private(status: StatusCode, content_type: &'static str, locale: &Locale) -> HttpResponseBuilder {
    let mut response = HttpResponse::build(status);
    response
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((header::CONTENT_LANGUAGE, locale.lang.code()))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            client_letter::content_security_policy(),
        ))
        .insert_header((header::REFERRER_POLICY, "no-referrer"))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .insert_header(("X-Robots-Tag", "noindex, nofollow"));
    response
}

/// The letter with the headers of a private page; the API's `document?audience=client` answers
/// with it too.
pub fn letter_response(letter: &ClientLetter, format: DocumentFormat, locale: &Locale) -> HttpResponse {
    let body = match format {
        DocumentFormat::Markdown => letter.markdown(locale),
        DocumentFormat::Html => letter.html(locale),
    };
    private(StatusCode::OK, format.content_type(), locale).body(body)
}

/// A localized HTML notice in place of the letter, left as it is by the problem layer.
fn notice(status: StatusCode, locale: &Locale, title_id: &str, text_id: &str) -> HttpResponse {
    let mut response = private(status, DocumentFormat::Html.content_type(), locale)
        .body(client_letter::notice_page(locale, title_id, text_id));
    response.extensions_mut().insert(OwnBody);
    response
}

/// Open a client's letter from its share link, without an API key.
///
/// The letter is written when it is opened (a corrected summary shows at once), in the format
/// and language chosen when the link was made. An expired or revoked link answers 410, a token no
/// link has 404, and a letter taken back to draft 409, each as a short HTML page in the link's
/// language (404: in the `Accept-Language` of the browser). Every answer carries
/// `Referrer-Policy: no-referrer`, `Cache-Control: no-store`, `X-Robots-Tag: noindex` and a
/// `Content-Security-Policy` that allows only the page's own style.
#[utoipa::path(
    tag = "shared",
    params(("token" = String, Path, description = "The link's token, as in the `url` its creation returned.")),
    responses(
        (status = 200, description = "The letter.", content(
            (String = "text/html", example = "<!DOCTYPE html><html lang=\"ro\">…</html>"),
            (String = "text/markdown", example = "# Măsurile noastre după incidentul din 1 noiembrie 2026\n…")
        )),
        (status = 404, description = "No link has this token.", content_type = "text/html", body = String),
        (status = 409, description = "The letter is being revised (its retrospective is a draft again).", content_type = "text/html", body = String),
        (status = 410, description = "The link expired or was revoked.", content_type = "text/html", body = String)
    )
)]
#[get("/shared/{token}")]
pub async fn open_shared(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    locale: Locale,
    token: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let token = token.into_inner();
    let now = clock.now();
    // Whatever the token, one hash and one indexed lookup: an unknown one costs what a real one does.
    let opened = db.read(move |conn| shares::open(conn, &token, now)).await?;
    Ok(match opened {
        Opened::Letter(letter, share) => letter_response(&letter, share.format, &locale.in_language(share.language)),
        Opened::Gone(share) => notice(
            StatusCode::GONE,
            &locale.in_language(share.language),
            "shared-gone-title",
            "shared-gone",
        ),
        Opened::NotReady(share) => notice(
            StatusCode::CONFLICT,
            &locale.in_language(share.language),
            "shared-revised-title",
            "shared-revised",
        ),
        Opened::Unknown => notice(StatusCode::NOT_FOUND, &locale, "shared-unknown-title", "shared-unknown"),
    })
}
