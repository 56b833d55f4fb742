//! Share links: a token that opens the client's letter at `/shared/{token}` without an API key,
//! until it expires or is revoked; stored only as a hash.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use chrono::{Duration, NaiveDateTime, Utc};
use clientretro::schema::retrospective_shares;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{error_fields, Reply, TestApp};

const SUMMARY: &str = "Factura din octombrie nu a fost urmărită la timp.";

/// A Romanian client's incident with a published letter; the incident's id.
async fn a_letter(app: &TestApp) -> String {
    let client = app
        .post(
            "/v1/clients",
            json!({"name": "Atelier Popescu SRL", "preferred_language": "ro", "account_owner": "Ioana Marinescu"}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let incident = app.incident(&client, json!({"reported_by": "Zq-REPORTER"})).await;
    publish(app, &incident, SUMMARY).await;
    incident
}

async fn publish(app: &TestApp, incident: &str, summary: &str) {
    let reply = app
        .json(
            Method::PUT,
            &format!("/v1/incidents/{incident}/retrospective"),
            json!({"what_happened": "Zq-WHAT-HAPPENED", "our_view": "Zq-OUR-VIEW",
                   "gaps": [{"code": "payment_followup", "primary": true, "note": "Zq-NOTE"}],
                   "status": "published", "client_summary": summary, "next_answer_on": "2026-12-15", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."}),
        )
        .await;
    assert!(reply.status.is_success(), "{}", reply.text());
}

/// Makes a link; its answer and token.
async fn share(app: &TestApp, incident: &str, body: Option<Value>) -> (Value, String) {
    let request = TestRequest::post().uri(&format!("/v1/incidents/{incident}/retrospective/share"));
    let request = match body {
        Some(body) => request.set_json(body),
        None => request,
    };
    let reply = app.send(request).await;
    reply.assert_status(StatusCode::CREATED);
    let body = reply.json();
    let url = body["url"].as_str().expect("url");
    let token = url
        .strip_prefix("https://retro.example.com/shared/")
        .unwrap_or_else(|| panic!("an absolute link under --public-url: {url}"))
        .to_owned();
    assert_eq!(
        reply.header("location"),
        Some(
            format!(
                "/v1/incidents/{incident}/retrospective/shares/{}",
                body["id"].as_str().expect("id")
            )
            .as_str()
        ),
        "the record's address, never the token"
    );
    (body, token)
}

/// Opens a link as a browser would: no API key.
async fn open(app: &TestApp, token: &str, accept_language: &str) -> Reply {
    app.send_as(
        TestRequest::get()
            .uri(&format!("/shared/{token}"))
            .insert_header(("Accept-Language", accept_language)),
        None,
    )
    .await
}

/// What every answer of a share link carries, the letter or a notice.
#[track_caller]
fn assert_private(reply: &Reply) {
    assert_eq!(reply.header("referrer-policy"), Some("no-referrer"));
    assert_eq!(reply.header("cache-control"), Some("no-store"));
    assert!(reply.header("x-robots-tag").is_some_and(|v| v.contains("noindex")));
    assert_eq!(reply.header("x-content-type-options"), Some("nosniff"));
    let csp = reply.header("content-security-policy").expect("a CSP");
    assert!(csp.starts_with("default-src 'none'; style-src 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe") && !csp.contains("script"), "{csp}");
}

fn time(value: &Value) -> NaiveDateTime {
    value
        .as_str()
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.naive_utc())
        .unwrap_or_else(|| panic!("a time: {value}"))
}

backend_tests! {
    async fn a_link_opens_the_letter_without_a_key_until_it_is_revoked(app) {
        let incident = a_letter(&app).await;
        let (made, token) = share(&app, &incident, None).await;
        // 256 random bits, URL-safe base64.
        assert_eq!(token.len(), 43, "{token}");
        assert!(token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "{token}");
        assert_eq!(made["format"], "html");
        assert_eq!(made["language"], "ro", "the client's preferred language by default");
        let lasts = time(&made["expires_at"]) - time(&made["created_at"]);
        assert_eq!(lasts, Duration::days(14), "{made}");

        // Opened with no key: the letter, in Romanian whatever the browser prefers.
        let letter = open(&app, &token, "en").await;
        letter.assert_status(StatusCode::OK);
        assert_private(&letter);
        assert_eq!(letter.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(letter.header("content-language"), Some("ro"));
        let text = letter.text();
        assert!(text.contains("<meta name=\"robots\" content=\"noindex"), "{text}");
        assert!(text.contains(SUMMARY) && text.contains("Ioana Marinescu") && text.contains("15 decembrie 2026"), "{text}");
        for internal in ["Zq-REPORTER", "Zq-WHAT-HAPPENED", "Zq-OUR-VIEW", "Zq-NOTE"] {
            assert!(!text.contains(internal), "{internal}");
        }
        // `?lang=` does not change a link's letter either.
        let asked = app.send_as(TestRequest::get().uri(&format!("/shared/{token}?lang=en")), None).await;
        assert_eq!(asked.header("content-language"), Some("ro"));

        // The letter is written when it is opened: a correction shows at once.
        publish(&app, &incident, "Corectat: factura din octombrie.").await;
        assert!(open(&app, &token, "ro").await.text().contains("Corectat: factura din octombrie."));

        // Listed and read without its token; the database holds only its hash.
        let list = app.get(&format!("/v1/incidents/{incident}/retrospective/shares")).await;
        list.assert_status(StatusCode::OK);
        assert!(!list.text().contains(&token) && !list.text().contains("url"), "{}", list.text());
        let items = list.json()["items"].as_array().expect("items").clone();
        assert_eq!(items.len(), 1);
        assert_eq!(items[0]["id"], made["id"]);
        assert_eq!(items[0]["revoked_at"], Value::Null);
        let id = made["id"].as_str().expect("id").to_owned();
        let one = app.get(&format!("/v1/incidents/{incident}/retrospective/shares/{id}")).await;
        one.assert_status(StatusCode::OK);
        assert!(!one.text().contains(&token));
        let stored: Vec<String> = retrospective_shares::table
            .select(retrospective_shares::token_hash)
            .load(&mut app.connection())
            .expect("hashes");
        assert_eq!(stored, [clientretro::domain::secret::hash_api_key(&token)]);
        assert!(!stored[0].contains(&token));

        // Revoked: 410, a page in the link's language with the same headers.
        app.delete(&format!("/v1/incidents/{incident}/retrospective/shares/{id}"))
            .await
            .assert_status(StatusCode::NO_CONTENT);
        let gone = open(&app, &token, "en").await;
        gone.assert_status(StatusCode::GONE);
        assert_private(&gone);
        assert_eq!(gone.header("content-type"), Some("text/html; charset=utf-8"));
        assert_eq!(gone.header("content-language"), Some("ro"));
        assert!(gone.text().contains("Acest link nu mai este valabil"), "{}", gone.text());
        assert!(!gone.text().contains(SUMMARY) && !gone.text().contains("Corectat"));
        let revoked = app.get(&format!("/v1/incidents/{incident}/retrospective/shares/{id}")).await.json();
        let revoked_at = revoked["revoked_at"].clone();
        assert!(revoked_at.is_string(), "{revoked}");
        // Revoking again changes nothing.
        app.delete(&format!("/v1/incidents/{incident}/retrospective/shares/{id}"))
            .await
            .assert_status(StatusCode::NO_CONTENT);
        let again = app.get(&format!("/v1/incidents/{incident}/retrospective/shares/{id}")).await.json();
        assert_eq!(again["revoked_at"], revoked_at);
        // Another incident's link is not this incident's to revoke.
        let other = a_letter(&app).await;
        app.delete(&format!("/v1/incidents/{other}/retrospective/shares/{id}"))
            .await
            .assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn an_expired_link_answers_410_and_an_unknown_one_404(app) {
        let incident = a_letter(&app).await;
        let (made, token) = share(&app, &incident, Some(json!({"expires_in_days": 1, "format": "markdown", "lang": "el"}))).await;
        let letter = open(&app, &token, "pl").await;
        letter.assert_status(StatusCode::OK);
        assert_private(&letter);
        assert_eq!(letter.header("content-type"), Some("text/markdown; charset=utf-8"));
        assert_eq!(letter.header("content-language"), Some("el"));
        assert!(letter.text().contains("15 Δεκεμβρίου 2026"), "{}", letter.text());

        // Past its day, by the clock the rules read: 410.
        let later = app.replica().on_day(&(Utc::now().date_naive() + Duration::days(2)).to_string());
        let gone = open(&later, &token, "pl").await;
        gone.assert_status(StatusCode::GONE);
        assert_eq!(gone.header("content-language"), Some("el"));
        assert!(gone.text().contains("Αυτός ο σύνδεσμος δεν ισχύει πλέον"), "{}", gone.text());

        // And with its time set in the past in the database, on today's clock.
        let id = made["id"].as_str().expect("id").to_owned();
        diesel::update(retrospective_shares::table.find(&id))
            .set(retrospective_shares::expires_at.eq(Utc::now().naive_utc() - Duration::minutes(1)))
            .execute(&mut app.connection())
            .expect("expire");
        let gone = open(&app, &token, "pl").await;
        gone.assert_status(StatusCode::GONE);
        assert_private(&gone);

        // A token no link has, whatever it looks like: 404, in the browser's language.
        // The same but for its last character.
        let unknown_token = format!("{}{}", &token[..42], if token.ends_with('A') { 'B' } else { 'A' });
        for token in [unknown_token.as_str(), "x", "..", "%2e%2e", "AAAA%00", &"A".repeat(2000)] {
            let unknown = open(&app, token, "pl").await;
            unknown.assert_status(StatusCode::NOT_FOUND);
            assert_private(&unknown);
            assert_eq!(unknown.header("content-language"), Some("pl"), "{token}");
            assert!(unknown.text().contains("Nie znaleziono pisma"), "{token}: {}", unknown.text());
        }
    }

    async fn a_letter_taken_back_to_draft_is_not_shown_until_it_is_published_again(app) {
        let incident = a_letter(&app).await;
        let (_, token) = share(&app, &incident, None).await;
        app.json(
            Method::PUT,
            &format!("/v1/incidents/{incident}/retrospective"),
            json!({"what_happened": "Zq-WHAT-HAPPENED", "client_summary": SUMMARY}),
        )
        .await
        .assert_status(StatusCode::OK);
        let revised = open(&app, &token, "en").await;
        revised.assert_status(StatusCode::CONFLICT);
        assert_private(&revised);
        assert!(revised.text().contains("Această scrisoare este în curs de revizuire"), "{}", revised.text());
        assert!(!revised.text().contains(SUMMARY));
        publish(&app, &incident, SUMMARY).await;
        open(&app, &token, "en").await.assert_status(StatusCode::OK);
        // Deleting the incident takes its links with it.
        app.delete(&format!("/v1/incidents/{incident}")).await.assert_status(StatusCode::NO_CONTENT);
        open(&app, &token, "en").await.assert_status(StatusCode::NOT_FOUND);
    }

    async fn a_link_is_made_only_for_a_ready_letter_from_a_valid_request(app) {
        let incident = a_letter(&app).await;
        let path = format!("/v1/incidents/{incident}/retrospective/share?lang=ro");
        for (body, field, code) in [
            (json!({"expires_in_days": 0}), "expires_in_days", "out_of_range"),
            (json!({"expires_in_days": 91}), "expires_in_days", "out_of_range"),
            (json!({"format": "pdf"}), "format", "unknown_code"),
            (json!({"lang": "de"}), "lang", "unknown_code"),
        ] {
            let problem = app.post(&path, body).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
            assert_eq!(error_fields(&problem), [field], "{problem}");
            assert_eq!(problem["errors"][0]["code"], code, "{problem}");
            assert_eq!(problem["title"], "Date invalide", "{problem}");
        }
        let problem = app.post(&path, json!({"expires_in_days": 1, "format": "pdf"})).await;
        problem.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert!(problem.json()["errors"][0]["message"].as_str().is_some_and(|m| m.contains("markdown")), "{}", problem.text());
        app.post(&path, json!({"token": "mine"})).await.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
        app.post(&path, json!({"expires_in_days": "14"})).await.assert_status(StatusCode::UNPROCESSABLE_ENTITY);
        let not_json = app
            .send(TestRequest::post().uri(&path).insert_header(("Content-Type", "text/plain")).set_payload("14"))
            .await;
        not_json.assert_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
        // The longest link there is.
        let (longest, _) = share(&app, &incident, Some(json!({"expires_in_days": 90}))).await;
        assert_eq!(time(&longest["expires_at"]) - time(&longest["created_at"]), Duration::days(90));

        // A letter that is not ready gets no link.
        let client = app.client("Other", "pl").await;
        let draft = app.incident(&client, json!({})).await;
        let share_path = format!("/v1/incidents/{draft}/retrospective/share");
        app.post(&share_path, json!({})).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.json(Method::PUT, &format!("/v1/incidents/{draft}/retrospective"), json!({"what_happened": "w"}))
            .await
            .assert_status(StatusCode::CREATED);
        app.post(&share_path, json!({})).await.assert_problem(StatusCode::CONFLICT, "letter_not_ready");
        assert!(app.get(&format!("/v1/incidents/{draft}/retrospective/shares")).await.json()["items"]
            .as_array()
            .is_some_and(Vec::is_empty));

        // A server without --public-url says so instead of guessing an address.
        let unconfigured = app.replica().without_public_url();
        let refused = unconfigured.post(&path, json!({})).await;
        let problem = refused.assert_problem(StatusCode::CONFLICT, "public_url_missing");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("--public-url")), "{problem}");

        // A reader may list links but not make or revoke one.
        let reader = app.create_key("reader", clientretro::domain::Role::Reader);
        let list = app
            .send_as(TestRequest::get().uri(&format!("/v1/incidents/{incident}/retrospective/shares")), Some(&reader))
            .await;
        list.assert_status(StatusCode::OK);
        app.send_as(TestRequest::post().uri(&path).set_json(json!({})), Some(&reader))
            .await
            .assert_problem(StatusCode::FORBIDDEN, "forbidden");
    }
}
