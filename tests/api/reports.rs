//! Reports, checked against figures computed by hand from a small history.

use actix_web::http::{Method, StatusCode};
use chrono::{Duration, SecondsFormat, Utc};
use serde_json::{json, Value};

use crate::helpers::TestApp;

fn days_ago(days: i64) -> String {
    (Utc::now() - Duration::days(days)).to_rfc3339_opts(SecondsFormat::Secs, true)
}

async fn publish(app: &TestApp, incident: &str, gaps: Value) {
    let body = json!({"what_happened": "x", "gaps": gaps, "status": "published", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."});
    let reply = app
        .json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), body)
        .await;
    assert!(reply.status.is_success(), "{}", reply.text());
}

async fn action(app: &TestApp, gap: &str, incident: &str, due: &str, done: bool) -> String {
    let id = app
        .post(
            "/v1/actions",
            json!({"gap": gap, "incident_ids": [incident], "title": gap, "owner": "o", "due_date": due}),
        )
        .await
        .json()["id"]
        .as_str()
        .expect("id")
        .to_owned();
    if done {
        for body in [
            json!({"status": "in_progress"}),
            json!({"status": "done", "completion_note": "done"}),
        ] {
            app.patch(&format!("/v1/actions/{id}"), body)
                .await
                .assert_status(StatusCode::OK);
        }
    }
    id
}

/// Client A: I1 (10 days ago) and I2 (4 days ago); client B: I3 (2 days ago).
/// I1 confirms payment_followup and contact_cadence; action X (payment_followup, done) answers I1;
/// I2 then confirms payment_followup again: a repeat, X is reopened. Action Y (contact_cadence)
/// is overdue; action Z (scope_undefined, client B) is done on time.
async fn history(app: &TestApp) -> (String, String) {
    let a = app.client("A", "en").await;
    let b = app.client("B", "en").await;
    let i1 = app.incident(&a, json!({"occurred_at": days_ago(10)})).await;
    let i2 = app.incident(&a, json!({"occurred_at": days_ago(4)})).await;
    let i3 = app
        .incident(&b, json!({"occurred_at": days_ago(2), "category": "scope_dispute"}))
        .await;
    publish(
        app,
        &i1,
        json!([{"code": "payment_followup", "primary": true}, {"code": "contact_cadence"}]),
    )
    .await;
    action(app, "payment_followup", &i1, "2099-01-01", true).await;
    action(app, "contact_cadence", &i1, "2020-01-01", false).await;
    action(app, "scope_undefined", &i3, "2099-01-01", true).await;
    publish(app, &i2, json!([{"code": "payment_followup", "primary": true}])).await;
    (a, b)
}

fn row(report: &Value, gap: &str) -> Value {
    report["items"]
        .as_array()
        .and_then(|items| items.iter().find(|r| r["gap"] == gap))
        .cloned()
        .unwrap_or(Value::Null)
}

fn figures(row: &Value) -> (i64, i64, i64, i64) {
    let n = |k: &str| row[k].as_i64().unwrap_or(-1);
    (n("incidents"), n("repeats"), n("open_actions"), n("overdue_actions"))
}

fn median(row: &Value) -> Option<f64> {
    row["median_days_to_done"].as_f64()
}

crate::backend_tests! {
    async fn a_write_shows_in_the_next_report_at_once(app) {
        let client = app.client("C", "en").await;
        let first = app.incident(&client, json!({})).await;
        publish(&app, &first, json!([{"code": "evidence_trail", "primary": true}])).await;
        assert_eq!(row(&app.get("/v1/reports/gaps").await.json(), "evidence_trail")["incidents"], 1);
        // The figures are kept a few seconds, but not past a write of this server.
        let second = app.incident(&client, json!({})).await;
        publish(&app, &second, json!([{"code": "evidence_trail", "primary": true}])).await;
        assert_eq!(row(&app.get("/v1/reports/gaps").await.json(), "evidence_trail")["incidents"], 2);
        let svg = app.get("/v1/reports/gaps.svg").await;
        assert!(svg.text().contains("<svg"), "{}", svg.text());
    }

    async fn another_replicas_write_shows_once_kept_figures_expire_or_at_once_when_none_are_kept(app) {
        let keeping = app.replica();
        let counting = app.replica_with(|config| config.report_cache = std::time::Duration::ZERO);
        let client = app.client("C", "en").await;
        let first = app.incident(&client, json!({})).await;
        publish(&app, &first, json!([{"code": "evidence_trail", "primary": true}])).await;
        for replica in [&keeping, &counting] {
            assert_eq!(row(&replica.get("/v1/reports/gaps").await.json(), "evidence_trail")["incidents"], 1);
        }
        // A write on the first server: the replica that keeps figures still shows what it
        // counted; the one that keeps none counts again.
        let second = app.incident(&client, json!({})).await;
        publish(&app, &second, json!([{"code": "evidence_trail", "primary": true}])).await;
        assert_eq!(row(&keeping.get("/v1/reports/gaps").await.json(), "evidence_trail")["incidents"], 1);
        assert_eq!(row(&counting.get("/v1/reports/gaps").await.json(), "evidence_trail")["incidents"], 2);
    }

    // The report over everything reads counts kept by triggers as the data changes; the same
    // report over an explicit (all-embracing) period counts the rows. They agree after every
    // kind of change, before the worker folds the kept changes and after.
    async fn kept_gap_counts_agree_with_counting_the_rows_after_every_kind_of_change(app) {
        let app = app.with_webhook_settings(clientretro::config::WebhookSettings::default());
        let worker = app.webhook_worker();
        let check = |stage: &'static str| {
            let app = &app;
            async move {
                let kept = app.get("/v1/reports/gaps").await.json();
                let counted = app.get("/v1/reports/gaps?from=1900-01-01T00:00:00Z").await.json();
                assert_eq!(kept, counted, "{stage}");
            }
        };
        let a = app.client("A", "en").await;
        let b = app.client("B", "ro").await;
        let i1 = app.incident(&a, json!({"occurred_at": days_ago(30)})).await;
        let i2 = app.incident(&a, json!({"occurred_at": days_ago(20)})).await;
        let i3 = app.incident(&b, json!({"occurred_at": days_ago(10)})).await;
        publish(&app, &i1, json!([{"code": "payment_followup", "primary": true}, {"code": "contact_cadence"}])).await;
        publish(&app, &i3, json!([{"code": "scope_undefined", "primary": true}])).await;
        check("published").await;
        // Gaps replaced on a retrospective.
        publish(&app, &i3, json!([{"code": "evidence_trail", "primary": true}, {"code": "scope_undefined"}])).await;
        check("replaced").await;
        // Actions: one done, one cancelled, one left open and overdue.
        let done = action(&app, "payment_followup", &i1, &days_ago(1)[..10], true).await;
        let cancelled = action(&app, "contact_cadence", &i1, "2030-01-01", false).await;
        app.patch(&format!("/v1/actions/{cancelled}"), json!({"status": "cancelled", "note": "n"})).await.assert_status(StatusCode::OK);
        action(&app, "evidence_trail", &i3, &days_ago(3)[..10], false).await;
        check("actions").await;
        worker.housekeeping().await;
        check("folded").await;
        // A repeat: the same gap again reopens the done action.
        publish(&app, &i2, json!([{"code": "payment_followup", "primary": true}])).await;
        let reopened = app.get(&format!("/v1/actions/{done}")).await.json();
        assert_eq!(reopened["status"], "reopened", "{reopened}");
        check("repeat").await;
        // An incident deleted with its retrospective.
        let i4 = app.incident(&b, json!({"occurred_at": days_ago(5)})).await;
        publish(&app, &i4, json!([{"code": "conduct_boundaries", "primary": true}, {"code": "evidence_trail"}])).await;
        check("before the delete").await;
        app.delete(&format!("/v1/incidents/{i4}")).await.assert_status(StatusCode::NO_CONTENT);
        check("deleted").await;
        worker.housekeeping().await;
        check("folded again").await;
        let report = app.get("/v1/reports/gaps").await.json();
        assert_eq!(row(&report, "payment_followup")["incidents"], 2, "{report}");
    }

    async fn gap_report_matches_the_hand_computed_figures(app) {
        let (a, _) = history(&app).await;
        let report = app.get("/v1/reports/gaps?lang=pl").await.json();
        let payment = row(&report, "payment_followup");
        assert_eq!(figures(&payment), (2, 1, 1, 0));
        assert!((median(&payment).expect("a median") - 10.0).abs() <= 0.1, "{payment}");
        assert_eq!(payment["gap_name"], "Brak egzekwowania płatności");
        let contact = row(&report, "contact_cadence");
        assert_eq!(figures(&contact), (1, 0, 1, 1));
        assert_eq!(median(&contact), None);
        let scope = row(&report, "scope_undefined");
        assert_eq!(figures(&scope), (0, 0, 0, 0));
        assert!((median(&scope).expect("a median") - 2.0).abs() <= 0.1, "{scope}");
        assert_eq!(report["items"].as_array().map(Vec::len), Some(3), "gaps with nothing to show are left out");

        let of_a = app.get(&format!("/v1/reports/gaps?client_id={a}")).await.json();
        assert_eq!(figures(&row(&of_a, "payment_followup")), (2, 1, 1, 0));
        assert_eq!(row(&of_a, "scope_undefined"), Value::Null);

        let recent = app.get(&format!("/v1/reports/gaps?from={}", days_ago(7).replace('+', "%2B"))).await.json();
        let payment = row(&recent, "payment_followup");
        assert_eq!((payment["incidents"].clone(), payment["repeats"].clone()), (json!(1), json!(1)));
        assert_eq!(row(&recent, "contact_cadence")["incidents"], 0);

        app.get("/v1/reports/gaps?from=yesterday&client_id=x").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }

    async fn overview_matches_the_hand_computed_figures(app) {
        let (a, _) = history(&app).await;
        let all = app.get("/v1/reports/overview").await.json();
        assert_eq!(
            all,
            json!({"incidents": 3, "repeat_incidents": 1, "repeat_rate": 0.333, "actions": 3, "open_actions": 2,
                   "overdue_actions": 1, "done_actions": 2, "done_on_time": 2, "on_time_share": 1.0})
        );
        let of_a = app.get(&format!("/v1/reports/overview?client_id={a}")).await.json();
        assert_eq!(
            of_a,
            json!({"incidents": 2, "repeat_incidents": 1, "repeat_rate": 0.5, "actions": 2, "open_actions": 2,
                   "overdue_actions": 1, "done_actions": 1, "done_on_time": 1, "on_time_share": 1.0})
        );
        let empty = TestApp::sqlite();
        assert_eq!(empty.get("/v1/reports/overview").await.json()["repeat_rate"], json!(null));
    }

    async fn client_health_in_the_response_language(app) {
        let (a, b) = history(&app).await;
        let health = app.get(&format!("/v1/clients/{a}/health?lang=ro")).await.json();
        assert_eq!(
            health,
            json!({
                "client_id": a,
                "incidents_by_category": [{"category": "late_payment", "category_label": "Întârziere la plată", "incidents": 2}],
                "confirmed_gaps": [
                    {"gap": "payment_followup", "gap_name": "Plăți neurmărite", "incidents": 2},
                    {"gap": "contact_cadence", "gap_name": "Contact prea rar", "incidents": 1}
                ],
                "open_actions": 2,
                "overdue_actions": 1,
                "repeats": 1
            })
        );
        let other = app.get(&format!("/v1/clients/{b}/health")).await.json();
        assert_eq!(other["incidents_by_category"][0]["category"], "scope_dispute");
        assert_eq!((other["open_actions"].clone(), other["repeats"].clone()), (json!(0), json!(0)));
        app.get(&format!("/v1/clients/{}/health", uuid::Uuid::now_v7())).await.assert_problem(StatusCode::NOT_FOUND, "not_found");
    }
}

mod chart {
    use super::*;

    crate::backend_tests! {
        async fn the_chart_in_four_languages(app) {
            history(&app).await;
            let expected = [
                ("en", "Incidents per process gap", "Payments not followed up", "Repeats"),
                ("ro", "Incidente pentru fiecare lacună de proces", "Plăți neurmărite", "Repetări"),
                ("pl", "Incydenty według luk w procesach", "Brak egzekwowania płatności", "Powtórzenia"),
                ("el", "Περιστατικά ανά κενό διαδικασίας", "Πληρωμές χωρίς παρακολούθηση", "Επαναλήψεις"),
            ];
            for (lang, title, gap, legend) in expected {
                let reply = app.get(&format!("/v1/reports/gaps.svg?lang={lang}")).await;
                reply.assert_status(StatusCode::OK);
                assert_eq!(reply.header("content-type"), Some("image/svg+xml; charset=utf-8"));
                let svg = reply.text();
                assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{lang}: not an SVG document");
                for text in [title, gap, legend] {
                    assert!(svg.contains(text), "{lang}: {text} not in the chart");
                }
                assert!(svg.matches("<rect").count() >= 4, "{lang}: bars are drawn");
            }
            let empty = TestApp::sqlite();
            let svg = empty.get("/v1/reports/gaps.svg?lang=ro").await.text();
            assert!(svg.contains("Nicio lacună confirmată încă."));
        }
    }
}
