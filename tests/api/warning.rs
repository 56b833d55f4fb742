//! Early warning: the contacts a CRM reports, the clients at risk measured against their own
//! cadence on a moved clock, and `client.at_risk` announced once per episode, also by two
//! workers at once.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use chrono::{Days, NaiveDate};
use clientretro::domain::Role;
use clientretro::schema::webhook_deliveries;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::{error_fields, TestApp};

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

/// Reports a contact on `on` (at 10:00 UTC) with these extra fields.
async fn contact(app: &TestApp, client: &str, kind: &str, on: NaiveDate, extra: Value) -> Value {
    let mut body = json!({"kind": kind, "direction": "outbound", "occurred_at": format!("{on}T10:00:00Z")});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let reply = app.post(&format!("/v1/clients/{client}/contacts"), body).await;
    reply.assert_status(StatusCode::CREATED);
    reply.json()
}

/// `count` calls, every `step` days from `start`.
async fn every(app: &TestApp, client: &str, start: NaiveDate, step: u64, count: u64) {
    for n in 0..count {
        contact(app, client, "call", start + Days::new(n * step), json!({})).await;
    }
}

/// The app on `on`, after its worker's housekeeping ran `rounds` times.
async fn on_day_after_housekeeping(app: &TestApp, on: &str, rounds: usize) -> TestApp {
    let later = app.replica().on_day(on);
    let worker = later.webhook_worker();
    for _ in 0..rounds {
        worker.housekeeping().await;
    }
    later
}

async fn at_risk(app: &TestApp, query: &str) -> Vec<Value> {
    let reply = app.get(&format!("/v1/clients/at-risk{query}")).await;
    reply.assert_status(StatusCode::OK);
    reply.json()["items"].as_array().cloned().unwrap_or_default()
}

fn names(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["client"]["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn subscribe(app: &TestApp) -> String {
    let reply = app
        .post(
            "/v1/webhooks",
            json!({"url": "http://127.0.0.1:9/hook", "event_types": ["client.at_risk"]}),
        )
        .await;
    reply.assert_status(StatusCode::CREATED);
    reply.json()["id"].as_str().expect("id").to_owned()
}

/// The `client.at_risk` deliveries queued, by client id.
fn announced(app: &TestApp) -> BTreeMap<String, usize> {
    let mut conn = app.connection();
    let payloads: Vec<String> = webhook_deliveries::table
        .filter(webhook_deliveries::event_type.eq("client.at_risk"))
        .select(webhook_deliveries::payload)
        .load(&mut conn)
        .expect("deliveries");
    let mut by_client = BTreeMap::new();
    for payload in payloads {
        let payload: Value = serde_json::from_str(&payload).expect("json");
        let client = payload["data"]["client"]["id"].as_str().expect("client id").to_owned();
        *by_client.entry(client).or_default() += 1;
    }
    by_client
}

backend_tests! {
    async fn a_weekly_client_gone_quiet_for_five_weeks_is_flagged_and_a_monthly_one_is_not(app) {
        let weekly = app.client("Weekly SRL", "ro").await;
        every(&app, &weekly, day("2026-01-05"), 7, 10).await; // the last on 2026-03-09
        let monthly = app.client("Monthly sp. z o.o.", "pl").await;
        every(&app, &monthly, day("2026-03-20") - Days::new(270), 30, 10).await; // the last on 2026-03-20
        let steady = app.client("Steady Ltd", "en").await;
        every(&app, &steady, day("2026-01-09"), 7, 14).await; // the last on 2026-04-10

        // Three weeks of silence is still within the weekly client's habit.
        let three_weeks = on_day_after_housekeeping(&app, "2026-03-30", 1).await;
        assert!(at_risk(&three_weeks, "").await.is_empty());

        let five_weeks = on_day_after_housekeeping(&app, "2026-04-13", 1).await;
        let items = at_risk(&five_weeks, "").await;
        assert_eq!(names(&items), ["Weekly SRL"], "{items:?}");
        let item = &items[0];
        assert_eq!(item["client"]["id"], weekly.as_str());
        assert_eq!(item["since"], "2026-03-31", "the first day past three weeks");
        assert_eq!(item["evaluated_on"], "2026-04-13");
        let reason = &item["reasons"][0];
        assert_eq!(item["reasons"].as_array().map(Vec::len), Some(1));
        assert_eq!((reason["code"].as_str(), reason["observed"].as_i64(), reason["usual"].as_i64(), reason["threshold"].as_i64(), reason["unit"].as_str()),
            (Some("lapse"), Some(35), Some(7), Some(21), Some("days")));
        assert_eq!(reason["label"], "Contact has lapsed");
        assert_eq!(reason["message"], "No contact for 35 days; this client is usually contacted every 7 days.");

        // The monthly client is measured against its month: 24 days is nothing, 95 is a lapse.
        let later = on_day_after_housekeeping(&app, "2026-06-23", 1).await;
        let items = at_risk(&later, "").await;
        assert_eq!(names(&items), ["Weekly SRL", "Monthly sp. z o.o.", "Steady Ltd"]);
        // The weekly client's episode goes on, its figures measured again on the new day.
        assert_eq!((items[0]["since"].as_str(), items[0]["evaluated_on"].as_str()), (Some("2026-03-31"), Some("2026-06-23")));
        assert_eq!(items[0]["reasons"][0]["observed"], 106);
        assert_eq!(items[1]["reasons"][0]["usual"], 30);
    }

    async fn a_lapse_is_told_in_the_four_languages_with_their_plurals(app) {
        let client = app.client("Atelier Popescu SRL", "ro").await;
        every(&app, &client, day("2026-01-05"), 7, 10).await;
        let later = on_day_after_housekeeping(&app, "2026-04-13", 1).await;
        let expected = [
            ("en", "Contact has lapsed", "No contact for 35 days; this client is usually contacted every 7 days."),
            ("ro", "Contact întrerupt", "Niciun contact de 35 de zile; de obicei, acest client este contactat o dată la 7 zile."),
            ("pl", "Kontakt się urwał", "Ostatni kontakt: 35 dni temu; zwykle kontaktujemy się z tym klientem co 7 dni."),
            ("el", "Διακοπή επικοινωνίας", "Καμία επαφή εδώ και 35 ημέρες· συνήθως επικοινωνούμε με αυτόν τον πελάτη κάθε 7 ημέρες."),
        ];
        for (lang, label, message) in expected {
            let reply = later.send(TestRequest::get().uri("/v1/clients/at-risk").insert_header(("Accept-Language", lang))).await;
            reply.assert_status(StatusCode::OK);
            assert_eq!(reply.header("content-language"), Some(lang));
            let reason = &reply.json()["items"][0]["reasons"][0];
            assert_eq!((reason["label"].as_str(), reason["message"].as_str()), (Some(label), Some(message)), "{lang}");
        }
        // One day, and 22 (Romanian "de", Polish "dni").
        let fresh = app.client("Daily", "en").await;
        every(&app, &fresh, day("2026-05-01"), 1, 8).await; // the last on 2026-05-08
        let later = on_day_after_housekeeping(&app, "2026-05-30", 1).await;
        let daily = |items: Vec<Value>| items.into_iter().find(|i| i["client"]["name"] == "Daily").expect("Daily is at risk");
        assert_eq!(daily(at_risk(&later, "?lang=en").await)["reasons"][0]["message"],
            "No contact for 22 days; this client is usually contacted every 1 day.");
        assert_eq!(daily(at_risk(&later, "?lang=ro").await)["reasons"][0]["message"],
            "Niciun contact de 22 de zile; de obicei, acest client este contactat o dată la 1 zi.");
        assert_eq!(daily(at_risk(&later, "?lang=pl").await)["reasons"][0]["message"],
            "Ostatni kontakt: 22 dni temu; zwykle kontaktujemy się z tym klientem co 1 dzień.");
    }

    async fn replies_that_slow_down_and_payments_that_turn_late_are_flagged(app) {
        let client = app.client("Slow payer", "en").await;
        let start = day("2026-05-01");
        for (n, minutes) in [30, 45, 60, 40, 50, 600, 720, 540].into_iter().enumerate() {
            contact(&app, &client, "email", start + Days::new(2 * n as u64), json!({"direction": "inbound", "response_minutes": minutes})).await;
        }
        for (n, late) in [0, 0, 2, 0, 15, 21].into_iter().enumerate() {
            contact(&app, &client, "payment", start + Days::new(2 * n as u64 + 1), json!({"direction": "inbound", "days_late": late})).await;
        }
        // A client that always replied slowly and always paid late is not flagged for it.
        let habitual = app.client("Always slow", "en").await;
        for n in 0..8u64 {
            contact(&app, &habitual, "email", start + Days::new(2 * n), json!({"direction": "inbound", "response_minutes": 600})).await;
            contact(&app, &habitual, "payment", start + Days::new(2 * n + 1), json!({"direction": "inbound", "days_late": 20})).await;
        }
        // Our own slow answers are not the client's replies.
        for n in 0..3u64 {
            contact(&app, &habitual, "email", start + Days::new(15), json!({"direction": "outbound", "response_minutes": 5000 + n})).await;
        }
        let later = on_day_after_housekeeping(&app, "2026-05-17", 1).await;
        let items = at_risk(&later, "").await;
        assert_eq!(names(&items), ["Slow payer"], "{items:?}");
        let reasons = items[0]["reasons"].as_array().cloned().unwrap_or_default();
        let codes: Vec<&str> = reasons.iter().filter_map(|r| r["code"].as_str()).collect();
        assert_eq!(codes, ["slow_replies", "late_payments"]);
        assert_eq!((reasons[0]["observed"].as_i64(), reasons[0]["usual"].as_i64(), reasons[0]["unit"].as_str()), (Some(600), Some(45), Some("minutes")));
        assert_eq!((reasons[1]["observed"].as_i64(), reasons[1]["usual"].as_i64(), reasons[1]["threshold"].as_i64()), (Some(18), Some(0), Some(7)));
        let messages = |items: Vec<Value>| -> Vec<String> {
            items[0]["reasons"].as_array().into_iter().flatten().filter_map(|r| r["message"].as_str().map(str::to_owned)).collect()
        };
        assert_eq!(messages(items), [
            "Replies are slowing down: the latest took 10 hours, where this client usually replies within 45 minutes.",
            "Payments are late: the latest came 18 days late, where this client used to pay on time.",
        ]);
        assert_eq!(messages(at_risk(&later, "?lang=ro").await), [
            "Răspunsurile sunt tot mai lente: ultimul a venit după 10 ore, deși de obicei acest client răspunde în 45 de minute.",
            "Plățile întârzie: ultima a sosit cu 18 zile întârziere, deși înainte acest client plătea la timp.",
        ]);
        assert_eq!(messages(at_risk(&later, "?lang=pl").await), [
            "Klient odpowiada coraz wolniej. Czas odpowiedzi: ostatnio 10 godzin, zwykle 45 minut.",
            "Klient płaci z opóźnieniem. Ostatnia płatność: 18 dni po terminie, choć wcześniej płatności wpływały w terminie.",
        ]);
        // A call does not make replies faster or payments punctual: the client stays at risk.
        contact(&later, &client, "call", day("2026-05-17"), json!({})).await;
        assert_eq!(names(&at_risk(&later, "").await), ["Slow payer"]);
        assert_eq!(messages(at_risk(&later, "?lang=el").await), [
            "Ο πελάτης απαντά όλο και πιο αργά. Χρόνος απάντησης: πρόσφατα 10 ώρες, συνήθως 45 λεπτά.",
            "Ο πελάτης πληρώνει με καθυστέρηση. Τελευταία πληρωμή: 18 ημέρες μετά την προθεσμία, ενώ παλαιότερα πλήρωνε εμπρόθεσμα.",
        ]);
    }

    async fn a_client_at_risk_is_announced_once_per_episode(app) {
        let webhook = subscribe(&app).await;
        let client = app.client("Quiet SRL", "ro").await;
        every(&app, &client, day("2026-01-05"), 7, 10).await;

        let first = on_day_after_housekeeping(&app, "2026-04-13", 3).await;
        assert_eq!(announced(&app), BTreeMap::from([(client.clone(), 1)]));
        assert_eq!(names(&at_risk(&first, "").await), ["Quiet SRL"]);
        let deliveries = app.get(&format!("/v1/webhooks/{webhook}/deliveries")).await.json();
        assert_eq!(deliveries["items"].as_array().map(Vec::len), Some(1), "{deliveries}");

        // A new contact ends the episode at once, and housekeeping does not open it again.
        contact(&first, &client, "meeting", day("2026-04-13"), json!({"direction": "inbound"})).await;
        assert!(at_risk(&first, "").await.is_empty());
        let next_day = on_day_after_housekeeping(&app, "2026-04-14", 2).await;
        assert!(at_risk(&next_day, "").await.is_empty());
        assert_eq!(announced(&app), BTreeMap::from([(client.clone(), 1)]));

        // A later lapse is a second episode, announced once more.
        let second = on_day_after_housekeeping(&app, "2026-06-01", 3).await;
        let items = at_risk(&second, "").await;
        assert_eq!(names(&items), ["Quiet SRL"]);
        assert_eq!(items[0]["since"], "2026-05-05");
        assert_eq!(announced(&app), BTreeMap::from([(client.clone(), 2)]));
        let mut conn = app.connection();
        let payload: String = webhook_deliveries::table
            .filter(webhook_deliveries::event_type.eq("client.at_risk"))
            .select(webhook_deliveries::payload)
            .order(webhook_deliveries::id.desc())
            .first(&mut conn)
            .expect("a delivery");
        let payload: Value = serde_json::from_str(&payload).expect("json");
        assert_eq!(payload["type"], "client.at_risk");
        assert_eq!(payload["data"]["reasons"][0]["code"], "lapse");
        assert_eq!(payload["data"]["reasons"][0]["message"], "No contact for 49 days; this client is usually contacted every 7 days.");
    }

    async fn two_workers_at_once_announce_each_episode_once(app) {
        subscribe(&app).await;
        let mut clients = Vec::new();
        for n in 0..6 {
            let client = app.client(&format!("Quiet {n}"), "en").await;
            every(&app, &client, day("2026-01-05"), 7, 6).await;
            clients.push(client);
        }
        let (one, two) = (app.replica().on_day("2026-04-13"), app.replica().on_day("2026-04-13"));
        let (first, second) = (one.webhook_worker(), two.webhook_worker());
        for _ in 0..3 {
            futures_util::join!(first.housekeeping(), second.housekeeping(), first.housekeeping(), second.housekeeping());
        }
        let expected: BTreeMap<String, usize> = clients.iter().map(|c| (c.clone(), 1)).collect();
        assert_eq!(announced(&app), expected);
        assert_eq!(at_risk(&one, "").await.len(), clients.len());
    }

    async fn contacts_are_validated_with_localized_field_errors(app) {
        let client = app.client("Ana", "en").await;
        let path = format!("/v1/clients/{client}/contacts");
        let reply = app.post(&format!("{path}?lang=pl"), json!({
            "kind": "call", "direction": "sideways", "occurred_at": "2999-01-01T00:00:00Z",
            "response_minutes": 200_000, "days_late": 2, "external_ref": "  "
        })).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["direction", "occurred_at", "response_minutes", "days_late", "external_ref"]);
        let codes: Vec<&str> = problem["errors"].as_array().into_iter().flatten().filter_map(|e| e["code"].as_str()).collect();
        assert_eq!(codes, ["unknown_code", "in_future", "out_of_range", "only_for_payment", "blank"]);
        assert_eq!(problem["errors"][0]["allowed"], json!(["inbound", "outbound"]));
        assert_eq!(problem["errors"][1]["message"], "Ten moment jest w przyszłości; kontakt należy zgłosić dopiero wtedy, gdy się odbędzie.");
        assert_eq!(problem["errors"][3]["message"], "To pole dotyczy tylko płatności.");

        let reply = app.post(&format!("{path}?lang=el"), json!({"kind": "fax", "days_late": -1, "response_minutes": 1.5})).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["response_minutes"], "a number that is not whole is the wrong type");
        let reply = app.post(&format!("{path}?lang=el"), json!({"kind": "fax", "days_late": -1})).await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["kind", "direction", "occurred_at", "days_late"]);
        assert_eq!(problem["errors"][3]["code"], "out_of_range");

        let unknown = "019a0000-0000-7000-8000-000000000000";
        let valid = json!({"kind": "call", "direction": "outbound", "occurred_at": "2026-11-01T09:00:00Z"});
        app.post(&format!("/v1/clients/{unknown}/contacts?lang=ro"), valid.clone()).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.get(&format!("/v1/clients/{unknown}/contacts")).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        app.get("/v1/clients/not-an-id/contacts").await.assert_problem(StatusCode::NOT_FOUND, "not_found");
        // Nothing was stored by the refused requests.
        assert_eq!(app.get(&path).await.json()["items"], json!([]));
        // The at-risk list is its own route, not a client id.
        app.get("/v1/clients/at-risk").await.assert_status(StatusCode::OK);
        app.get("/v1/clients/at-risk?limit=0").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }

    async fn contacts_are_listed_newest_first_and_a_resend_counts_once(app) {
        let client = app.client("Ana", "en").await;
        let path = format!("/v1/clients/{client}/contacts");
        let first = contact(&app, &client, "email", day("2026-11-02"), json!({"external_ref": "hubspot:1", "response_minutes": 30, "direction": "inbound"})).await;
        assert_eq!((first["kind_label"].as_str(), first["direction_label"].as_str()), (Some("E-mail"), Some("From the client")));
        assert!(first["days_late"].is_null());
        let again = app.post(&path, json!({"kind": "email", "direction": "inbound", "occurred_at": "2026-11-02T10:00:00Z", "external_ref": "hubspot:1"})).await;
        again.assert_status(StatusCode::OK);
        assert_eq!(again.json()["id"], first["id"]);
        let paid = contact(&app, &client, "payment", day("2026-11-03"), json!({"direction": "inbound"})).await;
        assert_eq!(paid["days_late"], 0, "a payment without a delay was on time");
        contact(&app, &client, "meeting", day("2026-11-01"), json!({})).await;

        let page = app.get(&format!("{path}?limit=2&lang=ro")).await.json();
        let kinds: Vec<&str> = page["items"].as_array().into_iter().flatten().filter_map(|c| c["kind"].as_str()).collect();
        assert_eq!(kinds, ["payment", "email"]);
        assert_eq!(page["items"][0]["kind_label"], "Plată");
        let cursor = page["next_cursor"].as_str().expect("a next page");
        let rest = app.get(&format!("{path}?limit=2&cursor={cursor}")).await.json();
        assert_eq!(rest["items"].as_array().map(Vec::len), Some(1));
        assert_eq!(rest["items"][0]["kind"], "meeting");
        assert!(rest.get("next_cursor").is_none());

        // A reader reads the contacts but cannot report one; a writer can.
        let reader = app.create_key("reader", Role::Reader);
        let writer = app.create_key("writer", Role::Writer);
        let body = json!({"kind": "call", "direction": "outbound", "occurred_at": "2026-11-04T09:00:00Z"});
        let as_reader = app.send_as(TestRequest::post().uri(&path).set_json(&body), Some(&reader)).await;
        as_reader.assert_problem(StatusCode::FORBIDDEN, "forbidden");
        app.send_as(TestRequest::get().uri(&path), Some(&reader)).await.assert_status(StatusCode::OK);
        app.send_as(TestRequest::get().uri("/v1/clients/at-risk"), Some(&reader)).await.assert_status(StatusCode::OK);
        app.send_as(TestRequest::post().uri(&path).set_json(&body), Some(&writer)).await.assert_status(StatusCode::CREATED);

        // Deleting the client deletes its contacts.
        app.delete(&format!("/v1/clients/{client}")).await.assert_status(StatusCode::NO_CONTENT);
        app.get(&path).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn the_real_server_routes_at_risk_before_a_client_id_and_guards_the_roles(app) {
        let client = app.client("Ana", "en").await;
        let reader = app.create_key("reader", Role::Reader);
        let server = crate::server::Server::start(&app.database_url(), &[]).await;
        let http = reqwest::Client::new();
        let at_risk = format!("{}/v1/clients/at-risk?lang=el", server.base);
        let anonymous = http.get(&at_risk).send().await.expect("answer");
        assert_eq!(anonymous.status().as_u16(), 401);
        let listed = http.get(&at_risk).bearer_auth(&reader).send().await.expect("answer");
        assert_eq!(listed.status().as_u16(), 200);
        assert_eq!(listed.headers().get("content-language").and_then(|v| v.to_str().ok()), Some("el"));
        let body: Value = serde_json::from_slice(&listed.bytes().await.expect("body")).expect("json");
        assert_eq!(body["items"], json!([]));
        let contacts = format!("{}/v1/clients/{client}/contacts", server.base);
        let contact = r#"{"kind": "call", "direction": "outbound", "occurred_at": "2026-11-01T09:00:00Z"}"#;
        let post = |key: &str| http.post(&contacts).bearer_auth(key).header("content-type", "application/json").body(contact).send();
        assert_eq!(post(&reader).await.expect("answer").status().as_u16(), 403);
        assert_eq!(post(&app.key).await.expect("answer").status().as_u16(), 201);
        let read = http.get(&contacts).bearer_auth(&reader).send().await.expect("answer");
        let read: Value = serde_json::from_slice(&read.bytes().await.expect("body")).expect("json");
        assert_eq!(read["items"].as_array().map(Vec::len), Some(1));
    }
}
