//! The change feed, `GET /v1/events`: every committed change once, in an order a consumer can
//! follow, with its actor, its resource as the GET showed it, and tombstones for deletions.

use actix_web::http::{Method, StatusCode};
use actix_web::test::TestRequest;
use clientretro::domain::Role;
use serde_json::{json, Value};

use crate::backend_tests;
use crate::helpers::TestApp;
use crate::mirror::{mirror_equals_the_api, Api, Mirror};

/// Every event from `query` on (its `after`, or the start), following `next_cursor`, once there
/// are at least `expect`. On PostgreSQL an event is served once every transaction older than
/// its own has ended, in the whole cluster, where the other tests write meanwhile: it may take
/// a moment to appear.
async fn events(app: &TestApp, query: &str, expect: usize) -> (Vec<Value>, String) {
    let started = std::time::Instant::now();
    loop {
        let (all, next) = read_events(app, query).await;
        if all.len() >= expect || started.elapsed() > std::time::Duration::from_secs(60) {
            return (all, next);
        }
        actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

async fn read_events(app: &TestApp, query: &str) -> (Vec<Value>, String) {
    let mut all = Vec::new();
    let mut after = String::new();
    let mut query = query.to_owned();
    loop {
        let path = format!("/v1/events?limit=3{query}{after}");
        let reply = app.get(&path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
        let page = reply.json();
        let items = page["items"].as_array().expect("items").clone();
        let next = page["next_cursor"].as_str().expect("always a cursor").to_owned();
        if items.is_empty() {
            return (all, next);
        }
        all.extend(items);
        after = format!("&after={next}");
        // The next pages start at the cursor, not where the first one did.
        query = query
            .split('&')
            .filter(|p| !p.starts_with("after="))
            .collect::<Vec<_>>()
            .join("&");
    }
}

fn types(events: &[Value]) -> Vec<&str> {
    events.iter().map(|e| e["type"].as_str().expect("type")).collect()
}

backend_tests! {
    async fn every_change_is_one_event_with_its_actor_and_no_change_is_none(app) {
        let writer = app.create_key("crm", Role::Writer);
        let key_id = app.get("/v1/api-keys").await.json()["items"].as_array().expect("keys").iter()
            .find(|k| k["name"] == "crm").expect("the crm key")["id"].clone();
        let as_crm = |request: TestRequest| app.send_as(request, Some(&writer));
        let created = as_crm(TestRequest::post().uri("/v1/clients").set_json(json!({"name": "Biuro Nowak", "preferred_language": "pl"}))).await;
        created.assert_status(StatusCode::CREATED);
        let client = created.json()["id"].as_str().expect("id").to_owned();
        let path = format!("/v1/clients/{client}");
        as_crm(TestRequest::patch().uri(&path).set_json(json!({"name": "Biuro Nowak i S-ka"}))).await.assert_status(StatusCode::OK);
        // The same name again changes nothing, so it is not an event.
        as_crm(TestRequest::patch().uri(&path).set_json(json!({"name": "Biuro Nowak i S-ka"}))).await.assert_status(StatusCode::OK);
        let current = app.get(&format!("{path}?lang=el")).await.json();
        as_crm(TestRequest::delete().uri(&path)).await.assert_status(StatusCode::NO_CONTENT);

        let (all, _) = events(&app, "&lang=el", 3).await;
        assert_eq!(types(&all), ["client.created", "client.updated", "client.deleted"]);
        for event in &all {
            assert_eq!(event["actor"], key_id, "the writer's key made every change: {event}");
            assert_eq!(event["resource_type"], "client");
            assert_eq!(event["resource_id"], client.as_str());
        }
        // `data` is the resource as its GET returned it then, labels in the reader's language.
        assert_eq!(all[1]["data"], current);
        assert_eq!(all[1]["data"]["preferred_language_label"], "Πολωνικά");
        assert!(all[2]["data"].is_null(), "a tombstone has no data");
        let ids: std::collections::BTreeSet<_> = all.iter().map(|e| e["id"].as_str().expect("id")).collect();
        assert_eq!(ids.len(), 3, "every event has an id of its own");
    }

    async fn a_consumer_starts_at_latest_and_filters_by_type(app) {
        let first = app.client("Before", "en").await;
        // `latest` is after every event served so far: wait until the first one is.
        events(&app, "", 1).await;
        let reply = app.get("/v1/events?after=latest").await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.json()["items"], json!([]));
        let latest = reply.json()["next_cursor"].as_str().expect("cursor").to_owned();
        let client = app.client("After", "ro").await;
        let incident = app.incident(&client, json!({})).await;
        app.patch(&format!("/v1/clients/{first}"), json!({"name": "Before, renamed"})).await.assert_status(StatusCode::OK);

        let (after, _) = events(&app, &format!("&after={latest}"), 3).await;
        assert_eq!(types(&after), ["client.created", "incident.created", "client.updated"]);
        assert_eq!(after[1]["resource_id"], incident.as_str());
        let (only, _) = events(&app, "&types=client.updated,%20client.deleted", 1).await;
        assert_eq!(types(&only), ["client.updated"]);
        let (from_start, cursor) = events(&app, "", 4).await;
        assert_eq!(types(&from_start), ["client.created", "client.created", "incident.created", "client.updated"]);
        // Nothing new: the same cursor comes back, to ask again later.
        let again = app.get(&format!("/v1/events?after={cursor}")).await.json();
        assert_eq!((again["items"].clone(), again["next_cursor"].as_str()), (json!([]), Some(cursor.as_str())));
    }

    async fn deleting_an_incident_leaves_tombstones_and_updates_what_named_it(app) {
        let client = app.client("Atelier", "ro").await;
        let incident = app.incident(&client, json!({})).await;
        let entry = app.post(&format!("/v1/incidents/{incident}/timeline"), json!({"kind": "call", "occurred_at": "2026-11-02T10:00:00Z", "author": "Ana", "body": "Called twice."})).await.json()["id"].as_str().expect("id").to_owned();
        app.json(Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), json!({"what_happened": "Late again.", "gaps": [{"code": "payment_followup", "primary": true}], "status": "draft"})).await.assert_status(StatusCode::CREATED);
        let other = app.incident(&client, json!({})).await;
        let action = app.post("/v1/actions", json!({"gap": "payment_followup", "incident_ids": [incident, other], "title": "Reminders", "owner": "Ioana", "due_date": "2026-12-20"})).await.json()["id"].as_str().expect("id").to_owned();
        let (_, cursor) = events(&app, "", 6).await;

        app.delete(&format!("/v1/incidents/{incident}")).await.assert_status(StatusCode::NO_CONTENT);
        let (after, _) = events(&app, &format!("&after={cursor}"), 4).await;
        assert_eq!(types(&after), ["timeline_entry.deleted", "retrospective.deleted", "incident.deleted", "action.updated"]);
        assert_eq!(after[0]["resource_id"], entry.as_str());
        assert_eq!(after[1]["resource_id"], incident.as_str());
        assert_eq!(after[3]["resource_id"], action.as_str());
        assert_eq!(after[3]["data"]["incident_ids"], json!([other]), "the action no longer answers the deleted incident");
        let mut now = app.get(&format!("/v1/actions/{action}")).await.json();
        now.as_object_mut().expect("object").remove("overdue");
        assert_eq!(after[3]["data"], now);
        assert!(after[3]["data"].get("overdue").is_none(), "a derived field is not in the feed");
    }

    async fn the_feed_query_is_checked(app) {
        let problem = app.get("/v1/events?types=incident.created,client.exploded").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(problem["errors"][0]["field"], "types");
        assert!(problem["errors"][0]["allowed"].as_array().expect("allowed").contains(&json!("timeline_entry.deleted")));
        app.get("/v1/events?limit=0").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        app.get("/v1/events?limit=201").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        app.get("/v1/events?after=bm90LWEtY3Vyc29y").await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor");
        // A list's cursor is not a feed cursor.
        app.client("A", "en").await;
        app.client("B", "en").await;
        let list_cursor = app.get("/v1/clients?limit=1").await.json()["next_cursor"].as_str().expect("cursor").to_owned();
        app.get(&format!("/v1/events?after={list_cursor}")).await.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "invalid_cursor");
        app.get("/v1/events?cursor=x").await.assert_problem(StatusCode::BAD_REQUEST, "unknown_field");
    }

    async fn a_cursor_older_than_the_events_kept_is_gone(app) {
        app.client("Old", "en").await;
        let (_, old_cursor) = events(&app, "", 1).await;
        app.client("Newer", "en").await;
        let (_, newer_cursor) = events(&app, "", 2).await;
        // Everything so far is past its retention: the housekeeping purge removes it.
        let cutoff = chrono::Utc::now().naive_utc() + chrono::TimeDelta::seconds(1);
        let purged = clientretro::models::feed::purge(&mut app.connection(), cutoff, 1000).expect("purge");
        assert_eq!(purged, 2);
        for lang in ["en", "ro", "pl", "el"] {
            let problem = app.get(&format!("/v1/events?after={old_cursor}&lang={lang}")).await.assert_problem(StatusCode::GONE, "cursor_expired");
            let detail = problem["detail"].as_str().expect("detail");
            assert!(detail.contains("30") && detail.contains("after=latest"), "{lang}: {detail}");
        }
        // The last purged event's own cursor missed nothing; nor does starting afresh.
        app.get(&format!("/v1/events?after={newer_cursor}")).await.assert_status(StatusCode::OK);
        app.get("/v1/events").await.assert_status(StatusCode::OK);
        app.client("Newest", "en").await;
        let (after, _) = events(&app, &format!("&after={newer_cursor}"), 1).await;
        assert_eq!(types(&after), ["client.created"]);
    }

    async fn a_mirror_rebuilt_from_the_feed_after_the_writers_equals_the_api(app) {
        mirror_equals_the_api(&Api::App(&app), false).await;
    }

    async fn a_mirror_following_the_feed_while_writers_write_sees_each_event_once(app) {
        let api = Api::App(&app);
        let following = mirror_equals_the_api(&api, true).await;
        // What a reader from the start gets now is exactly what the follower saw, in its order.
        let mut fresh = Mirror::default();
        fresh.catch_up(&api, 0).await;
        assert_eq!(fresh.seen, following.seen, "the follower missed, repeated or reordered events");
    }
}

/// Two server processes on one PostgreSQL: writers spread over both, the consumer reading from
/// both in turn while they write.
#[cfg(postgres_tests)]
#[actix_web::test]
async fn two_servers_on_one_postgresql_feed_a_mirror_that_misses_nothing() {
    let app = TestApp::postgres();
    let env = [("CLIENTRETRO_RATE_LIMIT", "0")];
    let first = crate::server::Server::start(&app.database_url(), &env).await;
    let second = crate::server::Server::start(&app.database_url(), &env).await;
    let api = Api::Servers {
        http: reqwest::Client::new(),
        bases: vec![first.base.clone(), second.base.clone()],
        key: app.key.clone(),
    };
    let following = mirror_equals_the_api(&api, true).await;
    let mut fresh = Mirror::default();
    fresh.catch_up(&api, 1).await;
    assert_eq!(
        fresh.seen, following.seen,
        "the follower missed, repeated or reordered events"
    );
}

/// The two ways a feed on PostgreSQL goes wrong, made to happen on purpose with two
/// connections: a transaction that began first but commits last must be neither skipped by a
/// reader that already passed later events, nor put before a later change of the same row.
#[cfg(postgres_tests)]
#[actix_web::test]
async fn a_transaction_committing_late_is_neither_skipped_nor_put_before_a_later_change() {
    use clientretro::domain::{Actor, ChangeType};
    use clientretro::http::etag::IfMatch;
    use clientretro::models::client::ClientChanges;
    use clientretro::models::feed::{self, FeedCursor};
    use diesel::connection::SimpleConnection;

    let app = TestApp::postgres();
    let client = app.client("Dimitriou AE", "el").await;
    let id: uuid::Uuid = client.parse().expect("uuid");
    let (mut early, mut late) = (app.connection(), app.connection());
    let rename = |conn: &mut clientretro::db::DbConnection, name: &str| {
        let changes = ClientChanges {
            name: Some(name.to_owned()),
            ..ClientChanges::default()
        };
        clientretro::ops::clients::update(conn, id, changes, &IfMatch::absent(), Actor::SERVICE).expect("update")
    };
    let read = |after: FeedCursor| feed::page(&mut app.connection(), after, 100, &[]).expect("page");
    let (_, start) = events(&app, "", 1).await;
    let start = FeedCursor::decode(&start).expect("cursor");

    // `early` takes its transaction id first (an unrelated write), then waits.
    early.batch_execute("BEGIN").expect("begin");
    let other = app.client("Other", "en").await;
    early
        .batch_execute(&format!(
            "UPDATE clients SET name = 'Other, renamed' WHERE id = '{other}'"
        ))
        .expect("an unrelated write");
    // `late` renames the client and commits, while `early` is still open.
    late.batch_execute("BEGIN").expect("begin");
    rename(&mut late, "Second name");
    late.batch_execute("COMMIT").expect("commit");
    // A reader now must not be served `late`'s event: `early` could still write before it.
    assert!(
        read(start).iter().all(|e| e.resource_id != client),
        "an event was served while an older transaction was open"
    );
    // `early` renames the same client after `late`, and commits last.
    rename(&mut early, "Third name");
    early.batch_execute("COMMIT").expect("commit");

    let served = read(start);
    let names: Vec<(ChangeType, String)> = served
        .iter()
        .filter(|e| e.resource_id == client)
        .map(|e| {
            let data: Value = serde_json::from_str(e.data.as_deref().expect("data")).expect("json");
            (e.change, data["name"].as_str().expect("name").to_owned())
        })
        .collect();
    assert_eq!(
        names,
        [
            (ChangeType::ClientUpdated, "Second name".to_owned()),
            (ChangeType::ClientUpdated, "Third name".to_owned())
        ],
        "the client's events in the order of its changes, the last one last"
    );
    let current = app.get(&format!("/v1/clients/{client}")).await.json();
    assert_eq!(current["name"], "Third name");
}
