//! Follow-through: retrospectives and actions fall due, are listed per owner, and are chased once
//! per occasion, by one replica or by several server processes on one PostgreSQL.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use chrono::{Duration, NaiveDate, Utc};
use clientretro::schema::webhook_deliveries;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::capa::publishable;
use crate::helpers::TestApp;

const EVENTS: [&str; 4] = [
    "retrospective.overdue",
    "action.due_soon",
    "action.overdue",
    "action.verdict",
];

/// Every (event, subject id) queued, with how many times.
fn announced(app: &TestApp) -> BTreeMap<(String, String), usize> {
    let mut conn = app.connection();
    let payloads: Vec<(String, String)> = webhook_deliveries::table
        .select((webhook_deliveries::event_type, webhook_deliveries::payload))
        .load(&mut conn)
        .expect("deliveries");
    let mut count = BTreeMap::new();
    for (event, payload) in payloads {
        let payload: Value = serde_json::from_str(&payload).expect("json");
        let subject = payload["data"]["id"].as_str().expect("a subject id").to_owned();
        *count.entry((event, subject)).or_insert(0) += 1;
    }
    count
}

async fn id_of(reply: crate::helpers::Reply) -> String {
    assert!(reply.status.is_success(), "{}", reply.text());
    reply.json()["id"].as_str().expect("id").to_owned()
}

async fn subscribe(app: &TestApp) {
    app.post(
        "/v1/webhooks",
        json!({"url": "http://127.0.0.1:9/hook", "event_types": EVENTS}),
    )
    .await
    .assert_status(StatusCode::CREATED);
}

/// An action of the incident's client, due on `due`.
async fn action(app: &TestApp, incident: &str, owner: &str, due: NaiveDate, extra: Value) -> String {
    let mut body = json!({"gap": "payment_followup", "incident_ids": [incident], "title": format!("Due {due}"), "owner": owner, "due_date": due.to_string()});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    id_of(app.post("/v1/actions", body).await).await
}

crate::backend_tests! {
    async fn what_falls_due_is_listed_per_owner_and_chased_once_per_occasion(app) {
        let mut app = app;
        // Incidents are due by the day they were filed: today, for the service.
        let filed = Utc::now().date_naive();
        app.set_day(filed);
        subscribe(&app).await;
        let client = id_of(app.post("/v1/clients", json!({"name": "Atelier", "preferred_language": "ro", "account_owner": "Ana"})).await).await;
        let orphan = app.client("Nobody's", "en").await;
        let critical = app.incident(&client, json!({"severity": "critical", "summary": "Critical, not reviewed"})).await;
        let low = app.incident(&client, json!({"severity": "low", "summary": "Low, not reviewed"})).await;
        let reviewed = app.incident(&client, json!({"severity": "critical", "summary": "Reviewed in time"})).await;
        let unowned = app.incident(&orphan, json!({"severity": "high", "summary": "No account owner"})).await;
        app.json(actix_web::http::Method::PUT, &format!("/v1/incidents/{reviewed}/retrospective"), publishable("payment_followup")).await.assert_status(StatusCode::CREATED);
        let first = action(&app, &critical, "Ioana", filed + Duration::days(5), json!({})).await;
        let second = action(&app, &critical, "Ioana", filed + Duration::days(10), json!({})).await;
        let finished = action(&app, &critical, "Mihai", filed + Duration::days(5), json!({})).await;
        app.patch(&format!("/v1/actions/{finished}"), json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
        app.patch(&format!("/v1/actions/{finished}"), json!({"status": "done", "completion_note": "Done early."})).await.assert_status(StatusCode::OK);

        // The list on day 1: within the default 3 days, the critical retrospective (due on day 3).
        app.set_day(filed + Duration::days(1));
        let list = app.get("/v1/follow-up?lang=ro").await.json();
        assert_eq!(list["owners"].as_array().map(Vec::len), Some(1), "{list}");
        assert_eq!(list["owners"][0]["owner"], "Ana");
        let item = &list["owners"][0]["items"][0];
        assert_eq!((item["kind"].clone(), item["incident_id"].clone(), item["overdue"].clone()), (json!("retrospective"), json!(critical), json!(false)));
        assert_eq!(item["due_label"], format!("Termen: {}", filed + Duration::days(3)));
        assert_eq!(item["kind_label"], "Retrospectivă");

        for offset in 1..=30 {
            let day = filed + Duration::days(offset);
            app.set_day(day);
            let worker = app.webhook_worker();
            worker.housekeeping().await;
            worker.housekeeping().await;
            if offset == 12 {
                let list = app.get("/v1/follow-up?lang=pl&within_days=0").await.json();
                let owners: Vec<&Value> = list["owners"].as_array().expect("owners").iter().collect();
                let names: Vec<Value> = owners.iter().map(|o| o["owner"].clone()).collect();
                assert_eq!(names, [json!("Ana"), json!("Ioana"), json!(null)], "{list}");
                assert_eq!(owners[0]["overdue"], 1);
                assert_eq!(owners[0]["items"][0]["days_overdue"], 9);
                assert_eq!(owners[0]["items"][0]["due_label"], format!("Po terminie od {}", filed + Duration::days(3)));
                let ioana: Vec<Value> = owners[1]["items"].as_array().expect("items").iter().map(|i| i["action_id"].clone()).collect();
                assert_eq!(ioana, [json!(first), json!(second)]);
                assert_eq!(owners[2]["items"][0]["incident_id"], unowned.as_str(), "high: due on day 5");
                let only = app.get("/v1/follow-up?owner=Ioana&within_days=0").await.json();
                assert_eq!(only["owners"].as_array().map(Vec::len), Some(1));
            }
        }

        let count = announced(&app);
        let times = |event: &str, subject: &str| count.get(&(event.to_owned(), subject.to_owned())).copied().unwrap_or(0);
        assert_eq!(times("retrospective.overdue", &critical), 1);
        assert_eq!(times("retrospective.overdue", &low), 1, "low: due on day 20, chased once");
        assert_eq!(times("retrospective.overdue", &unowned), 1);
        assert_eq!(times("retrospective.overdue", &reviewed), 0);
        assert_eq!(times("action.due_soon", &first), 1);
        assert_eq!(times("action.due_soon", &second), 1);
        // Overdue the day after the due date, then every 7 days: days 6, 13, 20, 27 and 11, 18, 25.
        assert_eq!(times("action.overdue", &first), 4);
        assert_eq!(times("action.overdue", &second), 3);
        assert_eq!(times("action.due_soon", &finished) + times("action.overdue", &finished), 0);
        let occasions: usize = count.values().sum();
        assert_eq!(occasions, 3 + 2 + 7, "{count:?}");

        let problem = app.get("/v1/follow-up?within_days=91").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!((problem["errors"][0]["field"].clone(), problem["errors"][0]["code"].clone()), (json!("within_days"), json!("out_of_range")));
    }
}

/// Two server processes on one PostgreSQL database, each with its worker, on a day when
/// retrospectives are overdue, actions due soon and overdue, and effectiveness windows ended:
/// every reminder and every verdict is announced exactly once.
#[cfg(postgres_tests)]
#[actix_web::test]
async fn two_server_processes_announce_every_reminder_and_verdict_once() {
    let mut app = TestApp::postgres();
    let filed = Utc::now().date_naive();
    app.set_day(filed);
    subscribe(&app).await;
    let mut expected = Vec::new();
    for c in 0..6 {
        let client = id_of(
            app.post(
                "/v1/clients",
                json!({"name": format!("C{c}"), "preferred_language": "en", "account_owner": "Ana"}),
            )
            .await,
        )
        .await;
        for n in 0..4 {
            let incident = app
                .incident(
                    &client,
                    json!({"severity": "critical", "summary": format!("Unreviewed {c}.{n}")}),
                )
                .await;
            expected.push(("retrospective.overdue", incident.clone()));
            // Due soon, overdue, and done with a window that ends before the servers' day.
            let soon = action(&app, &incident, "Ioana", filed + Duration::days(21), json!({})).await;
            expected.push(("action.due_soon", soon));
            let late = action(&app, &incident, "Ioana", filed + Duration::days(5), json!({})).await;
            expected.push(("action.overdue", late));
            let judged = action(
                &app,
                &incident,
                "Ioana",
                filed + Duration::days(60),
                json!({"effectiveness": "no_repeat_for_client", "window_days": 10}),
            )
            .await;
            app.patch(&format!("/v1/actions/{judged}"), json!({"status": "in_progress"}))
                .await
                .assert_status(StatusCode::OK);
            app.patch(
                &format!("/v1/actions/{judged}"),
                json!({"status": "done", "completion_note": "Live."}),
            )
            .await
            .assert_status(StatusCode::OK);
            expected.push(("action.verdict", judged));
        }
    }
    let today = (filed + Duration::days(20)).to_string();
    let env = [
        ("CLIENTRETRO_TODAY", today.as_str()),
        ("CLIENTRETRO_WEBHOOK_POLL", "0.02"),
        ("CLIENTRETRO_WEBHOOK_ALLOW_PRIVATE", "true"),
    ];
    let url = app.database_url();
    let (first, second) = futures_util::join!(
        crate::server::Server::start(&url, &env),
        crate::server::Server::start(&url, &env)
    );
    // Both workers run housekeeping every 30 rounds: wait until every occasion is announced,
    // then some more rounds, in which nothing may be announced again.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let count = announced(&app);
        if expected
            .iter()
            .all(|(e, s)| count.contains_key(&((*e).to_owned(), s.clone())))
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not all announced: {} of {}",
            count.len(),
            expected.len()
        );
        actix_web::rt::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    actix_web::rt::time::sleep(std::time::Duration::from_secs(4)).await;
    drop((first, second));
    let count = announced(&app);
    let twice: Vec<_> = count.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "announced more than once: {twice:?}");
    for (event, subject) in &expected {
        assert_eq!(
            count.get(&((*event).to_owned(), subject.clone())),
            Some(&1),
            "{event} {subject}"
        );
    }
    // The verdict also moved the action, and the status change was announced once with it.
    assert_eq!(count.len(), expected.len(), "nothing else was announced: {count:?}");
}
