//! The service judges the effectiveness of an action with a criterion: effective when its window
//! ends with no repeat, ineffective when an incident that occurred inside the window repeats its
//! gap, also when that incident's retrospective is published after the effective verdict.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use chrono::{Duration, NaiveDate};
use serde_json::{json, Value};

use crate::capa::publishable;
use crate::helpers::TestApp;

const GAPS: [&str; 10] = [
    "scope_undefined",
    "expectations_misaligned",
    "contact_cadence",
    "conduct_boundaries",
    "escalation_path",
    "payment_followup",
    "intake_checklist",
    "complaint_timebox",
    "response_commitment",
    "evidence_trail",
];

struct Planned {
    client: usize,
    gap: usize,
    any_client: bool,
    window_days: i64,
    completed_on: NaiveDate,
    id: String,
}

impl Planned {
    fn window_ends_on(&self) -> NaiveDate {
        self.completed_on + Duration::days(self.window_days)
    }
}

struct Repeat {
    client: usize,
    gap: usize,
    occurred_on: NaiveDate,
    publish_on: NaiveDate,
}

fn at(day: NaiveDate) -> String {
    format!("{day}T10:00:00Z")
}

async fn id_of(reply: crate::helpers::Reply) -> String {
    assert!(reply.status.is_success(), "{}", reply.text());
    reply.json()["id"].as_str().expect("id").to_owned()
}

/// Every action the list holds (several pages).
async fn all_actions(app: &TestApp, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app.get(&format!("/v1/actions?limit=200&{query}{cursor}")).await.json();
        items.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return items,
        }
    }
}

/// How many deliveries of `event` the webhook has queued.
async fn queued(app: &TestApp, webhook: &str, event: &str) -> usize {
    let mut count = 0;
    let mut cursor = String::new();
    loop {
        let page = app
            .get(&format!("/v1/webhooks/{webhook}/deliveries?limit=200{cursor}"))
            .await
            .json();
        let items = page["items"].as_array().cloned().unwrap_or_default();
        count += items.iter().filter(|d| d["event_type"] == event).count();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => return count,
        }
    }
}

crate::backend_tests! {
    async fn two_hundred_actions_with_seeded_repeats_get_the_right_verdicts_on_time(app) {
        let mut app = app;
        let mut rng = fastrand::Rng::with_seed(0x16);
        let start = NaiveDate::from_ymd_opt(2026, 1, 5).expect("date");
        app.set_day(start);
        let webhook = id_of(app.post("/v1/webhooks", json!({"url": "http://127.0.0.1:9/hook", "event_types": ["action.verdict"]})).await).await;
        let mut clients = Vec::new();
        for c in 0..20 {
            clients.push(app.client(&format!("Client {c}"), "en").await);
        }
        // One action per client and gap, so that what each repeat hits is known.
        let mut plan = Vec::new();
        for i in 0..200 {
            let (client, gap) = (i / 10, i % 10);
            let any_client = rng.u8(..) < 64;
            let window_days = rng.i64(10..=60);
            let completed_on = start + Duration::days(rng.i64(0..=30));
            let incident = app.incident(&clients[client], json!({"occurred_at": at(start - Duration::days(10))})).await;
            let criterion = if any_client { "no_repeat_any_client" } else { "no_repeat_for_client" };
            let id = id_of(app.post("/v1/actions", json!({
                "gap": GAPS[gap], "incident_ids": [incident], "title": format!("Action {i}"), "owner": "Ioana",
                "due_date": "2099-01-01", "effectiveness": criterion, "window_days": window_days,
            })).await).await;
            plan.push(Planned { client, gap, any_client, window_days, completed_on, id });
        }
        // Repeats for about half the actions: inside the window or outside it (before its
        // completion, or after its end), of its client or (for some of those that count any
        // client) of another; published as they happen, or late, after the window's verdict.
        let mut repeats = Vec::new();
        for planned in &plan {
            if !rng.bool() {
                continue;
            }
            let occurred_on = match rng.u8(0..3) {
                0 | 1 => planned.completed_on + Duration::days(rng.i64(0..=planned.window_days)),
                _ if rng.bool() => planned.window_ends_on() + Duration::days(rng.i64(1..=20)),
                _ => planned.completed_on - Duration::days(rng.i64(1..=5)),
            };
            let client = if planned.any_client && rng.bool() { (planned.client + 1 + rng.usize(0..19)) % 20 } else { planned.client };
            let late = rng.bool();
            let publish_on = if late { occurred_on.max(planned.window_ends_on() + Duration::days(2)) } else { occurred_on };
            repeats.push(Repeat { client, gap: planned.gap, occurred_on, publish_on });
        }

        let last_day = plan.iter().map(Planned::window_ends_on).max().expect("plan") + Duration::days(25);
        let mut day = start - Duration::days(6);
        while day <= last_day {
            app.set_day(day);
            for planned in plan.iter().filter(|p| p.completed_on == day) {
                let path = format!("/v1/actions/{}", planned.id);
                app.patch(&path, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
                let done = app.patch(&path, json!({"status": "done", "completion_note": "Done."})).await.json();
                assert_eq!(done["completed_on"], planned.completed_on.to_string());
                assert_eq!(done["window_ends_on"], planned.window_ends_on().to_string());
            }
            for repeat in repeats.iter().filter(|r| r.publish_on == day) {
                let incident = app.incident(&clients[repeat.client], json!({"occurred_at": at(repeat.occurred_on)})).await;
                let reply = app.json(actix_web::http::Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), publishable(GAPS[repeat.gap])).await;
                reply.assert_status(StatusCode::CREATED);
            }
            app.webhook_worker().housekeeping().await;
            // None stays done past its window: judged by the housekeeping of the next day.
            for action in all_actions(&app, "status=done").await {
                let ends = action["window_ends_on"].as_str().expect("a window").parse::<NaiveDate>().expect("date");
                assert!(ends >= day, "{action} still done on {day}");
            }
            day += Duration::days(1);
        }

        // The expected verdict of each action, from the plan alone.
        let mut wrong = Vec::new();
        let mut judged = BTreeMap::new();
        let mut both = 0;
        let mut verdicts = 0;
        for planned in &plan {
            let ineffective = repeats.iter().any(|r| {
                r.gap == planned.gap
                    && (planned.any_client || r.client == planned.client)
                    && (planned.completed_on..=planned.window_ends_on()).contains(&r.occurred_on)
            });
            let action = app.get(&format!("/v1/actions/{}", planned.id)).await.json();
            let expected = if ineffective { ("ineffective", "reopened") } else { ("effective", "verified") };
            if (action["verdict"].as_str(), action["status"].as_str()) != (Some(expected.0), Some(expected.1)) {
                wrong.push(format!("{}: expected {expected:?}, got {} {}", planned.id, action["verdict"], action["status"]));
            }
            *judged.entry(expected.0).or_insert(0) += 1;
            let history = app.get(&format!("/v1/actions/{}/history", planned.id)).await.json();
            let kept: Vec<Value> = history["items"].as_array().expect("items").iter().filter(|h| !h["verdict"].is_null()).map(|h| h["verdict"].clone()).collect();
            verdicts += kept.len();
            if kept == [json!("effective"), json!("ineffective")] {
                both += 1;
            }
        }
        assert!(wrong.is_empty(), "{} of 200 verdicts wrong: {wrong:#?}", wrong.len());
        // The scenario exercised every case.
        assert!(judged.get("effective").copied().unwrap_or(0) > 40 && judged.get("ineffective").copied().unwrap_or(0) > 40, "{judged:?}");
        assert!(both > 5, "an effective verdict then an ineffective one: {both}");
        assert!(repeats.iter().any(|r| plan.iter().any(|p| p.any_client && p.gap == r.gap && p.client != r.client)));
        // Every verdict announced once.
        assert_eq!(queued(&app, &webhook, "action.verdict").await, verdicts);
    }

    async fn a_verdict_is_kept_in_the_history_with_a_note_in_the_readers_language(app) {
        let mut app = app;
        let first = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        app.set_day(first);
        let client = app.client("C", "ro").await;
        let incident = app.incident(&client, json!({"occurred_at": at(first)})).await;
        let action = id_of(app.post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident], "title": "Reminders", "owner": "Ioana", "due_date": "2099-01-01", "effectiveness": "no_repeat_for_client", "window_days": 30})).await).await;
        let path = format!("/v1/actions/{action}");
        app.patch(&path, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
        app.patch(&path, json!({"status": "done", "completion_note": "Live."})).await.assert_status(StatusCode::OK);
        // A person may not verify it before its window ends.
        let early = app.patch(&path, json!({"status": "verified", "verification_note": "Looks fine."})).await;
        let problem = early.assert_problem(StatusCode::CONFLICT, "verification_too_early");
        assert!(problem.to_string().contains("2026-04-02"), "{problem}");

        app.set_day(first + Duration::days(30));
        app.webhook_worker().housekeeping().await;
        assert_eq!(app.get(&path).await.json()["status"], "done", "the window's last day is inside it");
        app.set_day(first + Duration::days(31));
        app.webhook_worker().housekeeping().await;
        app.webhook_worker().housekeeping().await;
        let verified = app.get(&format!("{path}?lang=ro")).await.json();
        assert_eq!((verified["status"].clone(), verified["verdict"].clone(), verified["verdict_label"].clone()), (json!("verified"), json!("effective"), json!("Eficace")));

        // An incident of the window's last day, published after the verdict.
        let late = app.incident(&client, json!({"occurred_at": at(first + Duration::days(30))})).await;
        app.json(actix_web::http::Method::PUT, &format!("/v1/incidents/{late}/retrospective"), publishable("payment_followup")).await.assert_status(StatusCode::CREATED);
        let reopened = app.get(&path).await.json();
        assert_eq!((reopened["status"].clone(), reopened["verdict"].clone()), (json!("reopened"), json!("ineffective")));
        let history = app.get(&format!("{path}/history?lang=pl")).await.json();
        let items = history["items"].as_array().expect("items");
        let verdicts: Vec<&Value> = items.iter().filter(|h| !h["verdict"].is_null()).collect();
        assert_eq!(verdicts.len(), 2, "{history}");
        assert_eq!(verdicts[0]["note"], "Ocenione przez system jako skuteczne: między 2026-03-02 a 2026-04-01 żaden incydent nie ujawnił ponownie tej luki.");
        assert_eq!(verdicts[1]["repeat_incident_id"], late.as_str());
        assert_eq!(verdicts[1]["note"], format!("Ocenione przez system jako nieskuteczne i otwarte ponownie: incydent {late} znów ujawnił tę lukę między 2026-03-02 a 2026-04-01."));
        // Done again on day 40, its new window starts then: an incident between the two windows
        // reopens nothing.
        let after = app.incident(&client, json!({"occurred_at": at(first + Duration::days(31))})).await;
        app.set_day(first + Duration::days(40));
        app.patch(&path, json!({"status": "in_progress"})).await.assert_status(StatusCode::OK);
        app.patch(&path, json!({"status": "done", "completion_note": "Fixed again."})).await.assert_status(StatusCode::OK);
        app.json(actix_web::http::Method::PUT, &format!("/v1/incidents/{after}/retrospective"), publishable("payment_followup")).await.assert_status(StatusCode::CREATED);
        let done_again = app.get(&path).await.json();
        assert_eq!((done_again["status"].clone(), done_again["verdict"].clone()), (json!("done"), json!(null)));
        assert_eq!(done_again["window_ends_on"], (first + Duration::days(70)).to_string());
    }
}
