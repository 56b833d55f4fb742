//! ETags and `If-Match`: an update based on a stale read is refused, and of two updates sent at
//! once with the same ETag exactly one wins.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::TestApp;

async fn patch_if_match(app: &TestApp, path: &str, etag: &str, body: serde_json::Value) -> crate::helpers::Reply {
    app.send(
        TestRequest::patch()
            .uri(path)
            .insert_header(("If-Match", etag))
            .set_json(body),
    )
    .await
}

backend_tests! {
    async fn a_stale_etag_is_refused_and_changes_nothing(app) {
        let client = app.client("Ana", "en").await;
        let id = app.incident(&client, json!({})).await;
        let path = format!("/v1/incidents/{id}");
        let read = app.get(&path).await;
        let etag = read.header("etag").expect("an ETag").to_owned();
        assert!(etag.starts_with('"') && !etag.starts_with("W/"), "strong: {etag}");
        // Each language has its own tag of the same state: `"<state>-<lang>"`.
        assert!(etag.ends_with("-en\""), "{etag}");
        let greek = app.get(&format!("{path}?lang=el")).await.header("etag").expect("an ETag").to_owned();
        assert_eq!(greek, etag.replace("-en\"", "-el\""));

        let first = patch_if_match(&app, &path, &etag, json!({"severity": "high"})).await;
        first.assert_status(StatusCode::OK);
        let newer = first.header("etag").expect("a new ETag").to_owned();
        assert_ne!(newer, etag);

        let stale = patch_if_match(&app, &format!("{path}?lang=ro"), &etag, json!({"severity": "low"})).await;
        let problem = stale.assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        assert_eq!(problem["title"], "Resursa s-a modificat");
        assert_eq!(app.get(&path).await.json()["severity"], "high");

        patch_if_match(&app, &path, "*", json!({"severity": "low"})).await.assert_status(StatusCode::OK);
        patch_if_match(&app, &path, "not an etag", json!({"severity": "high"}))
            .await
            .assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        let problem = patch_if_match(&app, &format!("{path}?lang=pl"), " ", json!({"severity": "high"}))
            .await
            .assert_problem(StatusCode::BAD_REQUEST, "invalid_header");
        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("If-Match")), "{problem}");
        assert_eq!(app.get(&path).await.json()["severity"], "low");
    }

    async fn of_two_updates_with_the_same_etag_exactly_one_wins(app) {
        let client = app.client("Ana", "en").await;
        let id = app.incident(&client, json!({})).await;
        let path = format!("/v1/incidents/{id}");
        for round in 0..20 {
            let etag = app.get(&path).await.header("etag").expect("etag").to_owned();
            let a = format!("A{round}");
            let b = format!("B{round}");
            let (first, second) = futures_util::join!(
                patch_if_match(&app, &path, &etag, json!({"reported_by": a})),
                patch_if_match(&app, &path, &etag, json!({"reported_by": b})),
            );
            let mut statuses = [first.status, second.status];
            statuses.sort();
            assert_eq!(statuses, [StatusCode::OK, StatusCode::PRECONDITION_FAILED], "round {round}");
            let winner = if first.status == StatusCode::OK { &a } else { &b };
            assert_eq!(app.get(&path).await.json()["reported_by"], winner.as_str(), "round {round}");
        }
    }

    async fn of_two_status_changes_sent_at_once_without_if_match_exactly_one_wins(app) {
        let client = app.client("Ana", "en").await;
        let incident = app.incident(&client, json!({})).await;
        for round in 0..20 {
            let action = app
                .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident], "title": format!("round {round}"), "owner": "Ioana", "due_date": "2099-01-01"}))
                .await
                .json()["id"].as_str().expect("id").to_owned();
            let path = format!("/v1/actions/{action}");
            app.patch(&path, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
            // Neither `done` nor `cancelled` may follow the other. Both requests read
            // `in_progress`; without a row lock both would pass the lifecycle check.
            let (done, cancelled) = futures_util::join!(
                app.patch(&path, json!({"status": "done", "completion_note": "Set up."})),
                app.patch(&path, json!({"status": "cancelled"})),
            );
            let (winner, loser, status) = match (done.status, cancelled.status) {
                (StatusCode::OK, _) => (&done, &cancelled, "done"),
                _ => (&cancelled, &done, "cancelled"),
            };
            winner.assert_status(StatusCode::OK);
            loser.assert_problem(StatusCode::CONFLICT, "invalid_transition");
            assert_eq!(app.get(&path).await.json()["status"], status, "round {round}");
            let history = app.get(&format!("{path}/history")).await.json();
            assert_eq!(history["items"].as_array().map(Vec::len), Some(3), "open, in progress and one change, round {round}: {history}");
        }
    }

    async fn every_updatable_resource_carries_and_honours_its_etag(app) {
        let client = app.client("Ana", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let webhook = app
            .post("/v1/webhooks", json!({"url": "https://hooks.example.com/x", "event_types": ["incident.created"]}))
            .await
            .json()["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let action = app
            .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident], "title": "Reminders", "owner": "Ioana", "due_date": "2099-01-01"}))
            .await
            .json()["id"]
            .as_str()
            .expect("id")
            .to_owned();
        let retrospective = format!("/v1/incidents/{incident}/retrospective");
        app.json(Method::PUT, &retrospective, json!({"what_happened": "First"})).await.assert_status(StatusCode::CREATED);
        let by_ref = "/v1/clients/by-ref/hubspot/9";
        app.send(TestRequest::put().uri(by_ref).insert_header(("If-Match", "*")).set_json(json!({"name": "New"})))
            .await
            .assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
        app.json(Method::PUT, by_ref, json!({"name": "New"})).await.assert_status(StatusCode::CREATED);
        let ticket = "/v1/incidents/by-ref/hubspot/T-1";
        let whole = |summary: &str| {
            json!({"client_id": client, "category": "late_payment", "severity": "medium", "occurred_at": "2026-11-01T09:00:00Z",
                   "reported_by": "Ana", "summary": summary})
        };
        app.json(Method::PUT, ticket, whole("First")).await.assert_status(StatusCode::CREATED);

        // Every PATCH and PUT of the document, each with a change and the field that shows it.
        let updates = [
            (Method::PATCH, "/v1/clients/{id}", format!("/v1/clients/{client}"), json!({"name": "Ana B"}), "name"),
            (Method::PATCH, "/v1/incidents/{id}", format!("/v1/incidents/{incident}"), json!({"summary": "Changed"}), "summary"),
            (Method::PATCH, "/v1/actions/{id}", format!("/v1/actions/{action}"), json!({"title": "Changed"}), "title"),
            (Method::PATCH, "/v1/webhooks/{id}", format!("/v1/webhooks/{webhook}"), json!({"description": "Changed"}), "description"),
            (Method::PUT, "/v1/incidents/{id}/retrospective", retrospective.clone(), json!({"what_happened": "Changed"}), "what_happened"),
            (Method::PUT, "/v1/clients/by-ref/{source}/{external_id}", by_ref.to_owned(), json!({"name": "Changed"}), "name"),
            (Method::PUT, "/v1/incidents/by-ref/{source}/{external_id}", ticket.to_owned(), whole("Changed"), "summary"),
        ];
        let document = clientretro::openapi::published(&clientretro::openapi::document());
        let mut in_document: Vec<(String, String)> = Vec::new();
        for (template, item) in document["paths"].as_object().expect("paths") {
            for method in ["patch", "put"] {
                if item.get(method).is_some() {
                    in_document.push((method.to_uppercase(), template.clone()));
                }
            }
        }
        let mut tested: Vec<(String, String)> = updates.iter().map(|(m, t, ..)| (m.to_string(), (*t).to_owned())).collect();
        in_document.sort();
        tested.sort();
        assert_eq!(tested, in_document, "every update of the document is tested here");

        for (method, template, path, body, field) in updates {
            let read = app.get(&path).await;
            read.assert_status(StatusCode::OK);
            let etag = read.header("etag").unwrap_or_else(|| panic!("{template}: an ETag")).to_owned();
            let before = read.json()[field].clone();
            let send = |tag: &str| {
                app.send(TestRequest::default().method(method.clone()).uri(&path).insert_header(("If-Match", tag)).set_json(body.clone()))
            };
            let changed = send(&etag).await;
            assert!(changed.status.is_success(), "{template}: {} {}", changed.status, changed.text());
            assert_eq!(changed.json()[field], body[field], "{template}");
            assert_ne!(changed.header("etag"), Some(etag.as_str()), "{template}: a new version, a new tag");
            // Put it back with the new tag (the same body with the field as it was: a PUT of a
            // whole incident needs the whole body), then try the stale one: refused, nothing written.
            let current = changed.header("etag").expect("an ETag").to_owned();
            let mut restoring = body.clone();
            restoring[field] = before.clone();
            let restore = app
                .send(TestRequest::default().method(method.clone()).uri(&path).insert_header(("If-Match", current.as_str())).set_json(restoring))
                .await;
            assert!(restore.status.is_success(), "{template}: {} {}", restore.status, restore.text());
            send(&etag).await.assert_problem(StatusCode::PRECONDITION_FAILED, "precondition_failed");
            assert_eq!(app.get(&path).await.json()[field], before, "{template}: the stale write changed nothing");
        }
    }

    // Writes sent at once are all answered and all stored, and one refused among them changes
    // nothing for the others (on SQLite they may share a commit: `db::group_commit`).
    async fn concurrent_creates_are_each_stored_and_one_refused_changes_nothing_else(app) {
        let client = app.client("Ana", "en").await;
        let body = |n: usize| {
            json!({
                "client_id": client, "category": "late_payment", "severity": "medium",
                "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana",
                "summary": format!("Invoice {n} unpaid"),
                // Two of them claim the same CRM reference: exactly one may have it.
                "external_ref": {"source": "hubspot", "external_id": if n % 20 == 7 { "T-7".to_owned() } else { format!("T-{n}") }},
            })
        };
        let replies = futures_util::future::join_all((0..40).map(|n| app.post("/v1/incidents", body(n)))).await;
        let created = replies.iter().filter(|r| r.status == StatusCode::CREATED).count();
        let taken = replies.iter().filter(|r| r.status == StatusCode::CONFLICT).count();
        assert_eq!((created, taken), (39, 1), "every write but the second claim of T-7 is stored");
        let listed = app.get(&format!("/v1/incidents?client_id={client}&limit=100")).await.json();
        assert_eq!(listed["items"].as_array().map(Vec::len), Some(39));
    }
}

/// On PostgreSQL every update path takes its row lock (`FOR UPDATE`) first, If-Match or not: a
/// key-share lock held elsewhere lets a plain `UPDATE` through but not `FOR UPDATE`, so each
/// update waits for it and, past the busy timeout, answers 503 having written nothing.
#[cfg(postgres_tests)]
#[actix_web::test]
async fn every_update_path_locks_its_row_without_if_match() {
    use diesel::connection::SimpleConnection;

    let app = TestApp::postgres();
    let quick = app.replica_with(|config| config.busy_timeout = std::time::Duration::from_millis(300));
    let client = app.client("Ana", "en").await;
    let incident = app.incident(&client, json!({})).await;
    let action = app
        .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident], "title": "Reminders", "owner": "Ioana", "due_date": "2099-01-01"}))
        .await
        .json()["id"].as_str().expect("id").to_owned();
    let webhook = app
        .post(
            "/v1/webhooks",
            json!({"url": "https://hooks.example.com/x", "event_types": ["incident.created"]}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.json(Method::PUT, "/v1/clients/by-ref/hubspot/7", json!({"name": "By ref"}))
        .await
        .assert_status(StatusCode::CREATED);
    let by_ref = app.get("/v1/clients/by-ref/hubspot/7").await.json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let retro = json!({"what_happened": "Late.", "gaps": [{"code": "payment_followup", "primary": true}]});
    let cases = [
        (
            "clients",
            client.clone(),
            Method::PATCH,
            format!("/v1/clients/{client}"),
            json!({"name": "Changed"}),
        ),
        (
            "clients",
            by_ref,
            Method::PUT,
            "/v1/clients/by-ref/hubspot/7".to_owned(),
            json!({"name": "Changed"}),
        ),
        (
            "incidents",
            incident.clone(),
            Method::PATCH,
            format!("/v1/incidents/{incident}"),
            json!({"severity": "high"}),
        ),
        (
            "actions",
            action.clone(),
            Method::PATCH,
            format!("/v1/actions/{action}"),
            json!({"owner": "Marek"}),
        ),
        (
            "webhooks",
            webhook.clone(),
            Method::PATCH,
            format!("/v1/webhooks/{webhook}"),
            json!({"description": "x"}),
        ),
        (
            "incidents",
            incident.clone(),
            Method::PUT,
            format!("/v1/incidents/{incident}/retrospective"),
            retro,
        ),
    ];
    for (table, id, method, path, body) in cases {
        let mut holder = app.connection();
        holder
            .batch_execute(&format!(
                "BEGIN; SELECT id FROM {table} WHERE id = '{id}' FOR KEY SHARE"
            ))
            .expect("lock");
        let reply = quick.json(method.clone(), &path, body.clone()).await;
        reply.assert_problem(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
        holder.batch_execute("ROLLBACK").expect("unlock");
        let reply = quick.json(method.clone(), &path, body).await;
        assert!(
            reply.status.is_success(),
            "{method} {path}: {} {}",
            reply.status,
            reply.text()
        );
    }
}
