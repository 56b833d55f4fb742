//! Several replicas on one database: housekeeping announces each overdue action once, however
//! many workers look at the same time.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use clientretro::schema::webhook_deliveries;
use diesel::prelude::*;
use serde_json::{json, Value};

use crate::backend_tests;

backend_tests! {
    async fn overdue_actions_are_announced_once_across_replicas(app) {
        let other = app.replica();
        let mut webhooks = Vec::new();
        for n in 0..2 {
            let reply = app
                .post("/v1/webhooks", json!({"url": format!("http://127.0.0.1:9/hook{n}"), "event_types": ["action.overdue"]}))
                .await;
            reply.assert_status(StatusCode::CREATED);
            webhooks.push(reply.json()["id"].as_str().expect("id").to_owned());
        }
        let (first, second) = (app.webhook_worker(), other.webhook_worker());
        let client = app.client("Atelier", "ro").await;
        let incident = app.incident(&client, json!({})).await;
        let mut actions = Vec::new();
        for round in 0..12 {
            // New overdue actions each round, so that every round both workers race for them.
            for n in 0..5 {
                let reply = app
                    .post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident], "title": format!("late {round}.{n}"), "owner": "Ioana", "due_date": "2020-01-01"}))
                    .await;
                reply.assert_status(StatusCode::CREATED);
                actions.push(reply.json()["id"].as_str().expect("id").to_owned());
            }
            futures_util::join!(first.housekeeping(), second.housekeeping(), first.housekeeping(), second.housekeeping());
        }

        let mut conn = app.connection();
        let payloads: Vec<(String, String)> = webhook_deliveries::table
            .filter(webhook_deliveries::event_type.eq("action.overdue"))
            .select((webhook_deliveries::webhook_id, webhook_deliveries::payload))
            .load(&mut conn)
            .expect("deliveries");
        let mut announced: BTreeMap<(String, String), usize> = BTreeMap::new();
        for (webhook, payload) in payloads {
            let payload: Value = serde_json::from_str(&payload).expect("json");
            let action = payload["data"]["id"].as_str().expect("action id").to_owned();
            *announced.entry((webhook, action)).or_default() += 1;
        }
        let twice: Vec<_> = announced.iter().filter(|(_, n)| **n != 1).collect();
        assert!(twice.is_empty(), "announced more than once: {twice:?}");
        assert_eq!(announced.len(), actions.len() * webhooks.len(), "every action to every subscriber");
    }
}
