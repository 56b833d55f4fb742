//! Corrective actions: creation, every allowed and refused transition, history, overdue, filters.

use actix_web::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{error_fields, TestApp};

async fn action(app: &TestApp, incidents: &[&str], extra: Value) -> Value {
    let mut body = json!({
        "gap": "payment_followup",
        "incident_ids": incidents,
        "title": "Automatic payment reminders",
        "owner": "Ioana",
        "due_date": "2099-12-31",
        "created_by": "Ana"
    });
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let reply = app.post("/v1/actions", body).await;
    reply.assert_status(StatusCode::CREATED);
    reply.json()
}

async fn set_status(app: &TestApp, id: &str, body: Value) -> crate::helpers::Reply {
    app.patch(&format!("/v1/actions/{id}"), body).await
}

fn ids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

crate::backend_tests! {
    async fn creates_an_action_for_the_client_of_its_incidents(app) {
        let client = app.client("C", "en").await;
        let one = app.incident(&client, json!({})).await;
        let two = app.incident(&client, json!({})).await;
        let created = action(&app, &[&one, &two, &one], json!({})).await;
        assert_eq!(created["client_id"], client.as_str());
        assert_eq!(created["status"], "open");
        assert_eq!(created["gap_name"], "Payments not followed up");
        assert_eq!(created["overdue"], false);
        let mut linked: Vec<_> = created["incident_ids"].as_array().expect("ids").iter().map(|i| i.as_str().unwrap_or_default().to_owned()).collect();
        linked.sort();
        let mut expected = vec![one.clone(), two.clone()];
        expected.sort();
        assert_eq!(linked, expected, "each incident once");
        let read = app.get(&format!("/v1/actions/{}", created["id"].as_str().expect("id"))).await.json();
        assert_eq!(read, created);
        let of_incident = app.get(&format!("/v1/incidents/{two}/actions")).await.json();
        assert_eq!(of_incident["items"][0]["id"], created["id"]);
    }

    async fn refuses_bad_actions(app) {
        let a = app.client("A", "en").await;
        let b = app.client("B", "en").await;
        let ia = app.incident(&a, json!({})).await;
        let ib = app.incident(&b, json!({})).await;
        let problem = app
            .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [ia, ib], "title": "t", "owner": "o", "due_date": "2026-12-01"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["code"], "different_clients");
        let problem = app
            .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [uuid::Uuid::now_v7()], "title": "t", "owner": "o", "due_date": "2026-12-01"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "incident_ids[0]");
        assert_eq!(problem["errors"][0]["code"], "unknown_id");
        let problem = app
            .post("/v1/actions", json!({"gap": "luck", "incident_ids": [], "due_date": "31.12.2026"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["gap", "incident_ids", "title", "owner", "due_date"]);
        assert_eq!(app.get("/v1/actions").await.json()["items"], json!([]));
        app.get(&format!("/v1/actions/{}", uuid::Uuid::now_v7())).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }

    async fn follows_the_lifecycle_and_keeps_the_history(app) {
        let app = app.with_verification_window(0);
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let id = action(&app, &[&incident], json!({})).await["id"].as_str().expect("id").to_owned();

        let problem = set_status(&app, &id, json!({"status": "done"})).await.assert_problem(StatusCode::CONFLICT, "invalid_transition");
        assert_eq!(problem["detail"], "An action that is “Open” cannot become “Done”. It can become: In progress, Cancelled.");
        set_status(&app, &id, json!({"status": "in_progress", "changed_by": "Ioana"})).await.assert_status(StatusCode::OK);
        let problem = set_status(&app, &id, json!({"status": "done"})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "completion_note");
        let done = set_status(&app, &id, json!({"status": "done", "completion_note": "Reminders are live.", "changed_by": "Ioana"})).await;
        done.assert_status(StatusCode::OK);
        assert!(done.json()["done_at"].is_string());
        let problem = set_status(&app, &id, json!({"status": "verified"})).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "verification_note");
        set_status(&app, &id, json!({"status": "verified", "verification_note": "No late payment since."})).await.assert_status(StatusCode::OK);
        let problem = set_status(&app, &id, json!({"status": "in_progress"}))
            .await
            .assert_problem(StatusCode::CONFLICT, "invalid_transition");
        assert!(problem["detail"].as_str().expect("detail").ends_with("It can become: Reopened."), "{problem}");
        set_status(&app, &id, json!({"status": "reopened", "note": "It happened again."})).await.assert_status(StatusCode::OK);
        set_status(&app, &id, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);

        let history = app.get(&format!("/v1/actions/{id}/history?lang=pl")).await.json();
        let steps: Vec<(Value, Value)> = history["items"].as_array().expect("items").iter().map(|h| (h["from"].clone(), h["to"].clone())).collect();
        assert_eq!(
            steps,
            [
                (json!(null), json!("open")),
                (json!("open"), json!("in_progress")),
                (json!("in_progress"), json!("done")),
                (json!("done"), json!("verified")),
                (json!("verified"), json!("reopened")),
                (json!("reopened"), json!("in_progress")),
            ]
        );
        assert_eq!(history["items"][0]["changed_by"], "Ana");
        assert_eq!(history["items"][2]["note"], "Reminders are live.");
        assert_eq!(history["items"][2]["to_label"], "Wykonane");
        assert_eq!(history["items"][4]["note"], "It happened again.");
    }

    async fn cancelled_is_final_and_verification_waits_for_the_window(app) {
        let client = app.client("C", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let cancelled = action(&app, &[&incident], json!({})).await["id"].as_str().expect("id").to_owned();
        set_status(&app, &cancelled, json!({"status": "cancelled"})).await.assert_status(StatusCode::OK);
        let problem = app
            .patch(&format!("/v1/actions/{cancelled}?lang=ro"), json!({"status": "open"}))
            .await
            .assert_problem(StatusCode::CONFLICT, "invalid_transition");
        assert_eq!(problem["detail"], "O acțiune „Anulată” nu poate deveni „Deschisă”. Poate deveni: nimic altceva, starea este finală.");

        let waiting = action(&app, &[&incident], json!({})).await["id"].as_str().expect("id").to_owned();
        set_status(&app, &waiting, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
        set_status(&app, &waiting, json!({"status": "done", "completion_note": "done"})).await.assert_status(StatusCode::OK);
        let problem = set_status(&app, &waiting, json!({"status": "verified", "verification_note": "ok"}))
            .await
            .assert_problem(StatusCode::CONFLICT, "verification_too_early");
        let expected = (chrono::Utc::now() + chrono::Duration::days(30)).date_naive().to_string();
        assert!(problem["detail"].as_str().expect("detail").contains(&expected), "{problem}");
        assert_eq!(app.get(&format!("/v1/actions/{waiting}")).await.json()["status"], "done", "nothing changed");
        app.patch(&format!("/v1/actions/{waiting}"), json!({"status": "finished"}))
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }

    async fn overdue_is_measured_against_the_clock_it_is_given(app) {
        let client = app.client("A", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let created = action(&app, &[&incident], json!({"due_date": "2030-06-15"})).await;
        let path = format!("/v1/actions/{}", created["id"].as_str().expect("id"));
        let on_the_day = app.replica().on_day("2030-06-15");
        assert_eq!(on_the_day.get(&path).await.json()["overdue"], false, "due today is not late");
        assert!(ids(&on_the_day.get("/v1/actions?overdue=true").await.json()).is_empty());
        let day_after = app.replica().on_day("2030-06-16");
        let late = day_after.get(&path).await;
        assert_eq!(late.json()["overdue"], true);
        assert_ne!(
            late.header("etag"),
            on_the_day.get(&path).await.header("etag"),
            "the version a client holds changes with the day"
        );
        assert_eq!(ids(&day_after.get("/v1/actions?overdue=true").await.json()), ["Automatic payment reminders"]);
    }

    async fn overdue_and_the_filters(app) {
        let a = app.client("A", "en").await;
        let b = app.client("B", "en").await;
        let ia = app.incident(&a, json!({})).await;
        let ib = app.incident(&b, json!({})).await;
        action(&app, &[&ia], json!({"title": "late", "due_date": "2020-01-31"})).await;
        let late_done = action(&app, &[&ia], json!({"title": "late but done", "due_date": "2020-01-31", "gap": "contact_cadence", "owner": "Marek"})).await;
        let id = late_done["id"].as_str().expect("id");
        set_status(&app, id, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
        set_status(&app, id, json!({"status": "done", "completion_note": "x"})).await.assert_status(StatusCode::OK);
        action(&app, &[&ib], json!({"title": "future", "due_date": "2099-06-30"})).await;

        let late = app.get("/v1/actions?overdue=true").await.json();
        assert_eq!(ids(&late), ["late"]);
        assert_eq!(late["items"][0]["overdue"], true);
        assert_eq!(ids(&app.get("/v1/actions?overdue=false").await.json()), ["future", "late but done"]);
        assert_eq!(ids(&app.get("/v1/actions?status=done").await.json()), ["late but done"]);
        assert_eq!(ids(&app.get("/v1/actions?gap=contact_cadence").await.json()), ["late but done"]);
        assert_eq!(ids(&app.get("/v1/actions?owner=Marek").await.json()), ["late but done"]);
        assert_eq!(ids(&app.get(&format!("/v1/actions?client_id={b}")).await.json()), ["future"]);
        assert_eq!(ids(&app.get(&format!("/v1/actions?incident_id={ia}")).await.json()), ["late but done", "late"]);
        assert_eq!(ids(&app.get("/v1/actions?due_before=2021-01-01").await.json()), ["late but done", "late"]);
        assert_eq!(ids(&app.get("/v1/actions?due_after=2021-01-01").await.json()), ["future"]);
        let first = app.get("/v1/actions?limit=2").await.json();
        assert_eq!(ids(&first), ["future", "late but done"]);
        let next = first["next_cursor"].as_str().expect("next page");
        assert_eq!(ids(&app.get(&format!("/v1/actions?limit=2&cursor={next}")).await.json()), ["late"]);
        let problem = app.get("/v1/actions?overdue=yes&due_before=soon").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(error_fields(&problem), ["overdue", "due_before"]);
        app.get(&format!("/v1/incidents/{}/actions", uuid::Uuid::now_v7())).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }
}

mod transitions {
    use super::*;

    /// The body that makes a move valid when the lifecycle allows it (notes where needed).
    fn move_to(status: &str) -> Value {
        match status {
            "done" => json!({"status": "done", "completion_note": "done"}),
            "verified" => json!({"status": "verified", "verification_note": "worked"}),
            other => json!({"status": other}),
        }
    }

    /// How to bring a new action to each state.
    fn path_to(status: &str) -> &'static [&'static str] {
        match status {
            "open" => &[],
            "in_progress" => &["in_progress"],
            "done" => &["in_progress", "done"],
            "verified" => &["in_progress", "done", "verified"],
            "cancelled" => &["cancelled"],
            "reopened" => &["in_progress", "done", "reopened"],
            _ => &[],
        }
    }

    crate::backend_tests! {
        async fn every_allowed_and_refused_transition(app) {
            let app = app.with_verification_window(0);
            let client = app.client("C", "en").await;
            let incident = app.incident(&client, json!({})).await;
            let states = ["open", "in_progress", "done", "verified", "cancelled", "reopened"];
            let allowed = |from: &str, to: &str| {
                matches!(
                    (from, to),
                    ("open", "in_progress") | ("open", "cancelled") | ("in_progress", "done") | ("in_progress", "cancelled")
                        | ("done", "verified") | ("done", "reopened") | ("verified", "reopened") | ("reopened", "in_progress")
                )
            };
            let mut checked = 0;
            for from in states {
                for to in states.iter().filter(|to| **to != from) {
                    let id = action(&app, &[&incident], json!({})).await["id"].as_str().expect("id").to_owned();
                    for step in path_to(from) {
                        set_status(&app, &id, move_to(step)).await.assert_status(StatusCode::OK);
                    }
                    let reply = set_status(&app, &id, move_to(to)).await;
                    if allowed(from, to) {
                        reply.assert_status(StatusCode::OK);
                        assert_eq!(reply.json()["status"], *to);
                    } else {
                        let problem = reply.assert_problem(StatusCode::CONFLICT, "invalid_transition");
                        assert!(problem["detail"].as_str().is_some_and(|d| d.contains("It can become")), "{from} → {to}: {problem}");
                        assert_eq!(app.get(&format!("/v1/actions/{id}")).await.json()["status"], from, "{from} → {to} changed nothing");
                    }
                    checked += 1;
                }
            }
            assert_eq!(checked, 30);
        }
    }
}
