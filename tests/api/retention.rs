//! Webhook deliveries and their attempts are kept for the retention period after their last
//! attempt, then the worker's housekeeping deletes them; pending ones stay, however old.

use std::collections::BTreeSet;
use std::time::Duration;

use actix_web::http::StatusCode;
use chrono::{NaiveDateTime, TimeDelta, Utc};
use clientretro::config::WebhookSettings;
use clientretro::schema::{webhook_attempts, webhook_deliveries};
use diesel::prelude::*;
use serde_json::json;
use uuid::Uuid;

use crate::backend_tests;
use crate::helpers::TestApp;

fn days_ago(days: i64) -> NaiveDateTime {
    Utc::now().naive_utc() - TimeDelta::days(days)
}

/// The ids of the webhook's deliveries, as the API lists them.
async fn listed(app: &TestApp, webhook: &str) -> BTreeSet<String> {
    let reply = app.get(&format!("/v1/webhooks/{webhook}/deliveries?limit=200")).await;
    reply.assert_status(StatusCode::OK);
    reply.json()["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|d| d["id"].as_str().expect("id").to_owned())
        .collect()
}

fn attempts_of(app: &TestApp) -> BTreeSet<String> {
    let mut conn = app.connection();
    webhook_attempts::table
        .select(webhook_attempts::delivery_id)
        .load::<String>(&mut conn)
        .expect("attempts")
        .into_iter()
        .collect()
}

backend_tests! {
    async fn old_finished_deliveries_are_purged_and_recent_or_pending_ones_stay(app) {
        let reply = app
            .post("/v1/webhooks", json!({"url": "http://127.0.0.1:9/hook", "event_types": ["incident.created"]}))
            .await;
        reply.assert_status(StatusCode::CREATED);
        let webhook = reply.json()["id"].as_str().expect("id").to_owned();
        let client = app.client("Atelier", "ro").await;
        for n in 0..4 {
            app.incident(&client, json!({"summary": format!("late {n}")})).await;
        }
        let ids: Vec<String> = listed(&app, &webhook).await.into_iter().collect();
        assert_eq!(ids.len(), 4);
        // Delivered 40 days ago, failed 40 days ago, delivered 5 days ago, and an event of 40 days
        // ago still being retried.
        let states = [
            ("delivered", days_ago(40), days_ago(40)),
            ("failed", days_ago(40), days_ago(40)),
            ("delivered", days_ago(5), days_ago(5)),
            ("pending", days_ago(40), Utc::now().naive_utc() + TimeDelta::hours(1)),
        ];
        let mut conn = app.connection();
        for (id, (status, created, last)) in ids.iter().zip(states) {
            diesel::update(webhook_deliveries::table.find(id))
                .set((
                    webhook_deliveries::status.eq(status),
                    webhook_deliveries::created_at.eq(created),
                    webhook_deliveries::next_attempt_at.eq(last),
                    webhook_deliveries::attempts.eq(1),
                    webhook_deliveries::delivered_at.eq((status == "delivered").then_some(last)),
                ))
                .execute(&mut conn)
                .expect("backdate");
            diesel::insert_into(webhook_attempts::table)
                .values((
                    webhook_attempts::id.eq(Uuid::now_v7().to_string()),
                    webhook_attempts::delivery_id.eq(id),
                    webhook_attempts::attempted_at.eq(created),
                    webhook_attempts::response_status.eq(Some(500)),
                    webhook_attempts::duration_ms.eq(3),
                ))
                .execute(&mut conn)
                .expect("attempt");
        }

        // The default retention: 30 days.
        assert_eq!(WebhookSettings::default().retention, Duration::from_secs(30 * 86_400));
        let worker = app.webhook_worker();
        worker.housekeeping().await;
        let kept: BTreeSet<String> = [ids[2].clone(), ids[3].clone()].into();
        assert_eq!(listed(&app, &webhook).await, kept);
        assert_eq!(attempts_of(&app), kept, "the attempts of purged deliveries go with them");
        worker.housekeeping().await;
        assert_eq!(listed(&app, &webhook).await, kept);

        // A shorter retention takes the recent one too; a pending delivery always stays.
        let short = app.replica().with_webhook_settings(WebhookSettings {
            allow_private: true,
            retention: Duration::from_secs(86_400),
            ..WebhookSettings::default()
        });
        short.webhook_worker().housekeeping().await;
        let pending: BTreeSet<String> = [ids[3].clone()].into();
        assert_eq!(listed(&app, &webhook).await, pending);
        assert_eq!(attempts_of(&app), pending);
    }
}
