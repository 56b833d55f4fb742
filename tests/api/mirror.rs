#![cfg_attr(not(postgres_tests), allow(dead_code))]

//! The change feed's promise, checked the way a CRM would rely on it: 8 writers make 2,000
//! mixed creates, updates and deletes of every resource type, and a consumer that never hears a
//! webhook rebuilds its copy from `GET /v1/events` alone. Its copy must equal what the API's
//! GETs return, resource by resource, with no deleted one left, whether it reads the feed
//! after the writers or while they write (then it must see every event exactly once).

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::pin::Pin;

use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::helpers::TestApp;

const WRITERS: usize = 8;
const OPERATIONS: usize = 2_000;
/// The labels of the copy and of the reads are Romanian: `data` follows the reader's language.
const LANG: &str = "ro";

/// Where the requests go: the in-process app, or real server processes taken in turn.
pub enum Api<'a> {
    App(&'a TestApp),
    Servers {
        http: reqwest::Client,
        bases: Vec<String>,
        key: String,
    },
}

thread_local! {
    /// How many 503s the writers retried, for the test's output.
    static RETRIED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

type Answer<'f> = Pin<Box<dyn Future<Output = (u16, Value)> + 'f>>;

impl Api<'_> {
    /// Sends one request (to server `turn` modulo their number) and returns status and JSON.
    pub fn call<'f>(&'f self, turn: usize, method: Method, path: &str, body: Option<Value>) -> Answer<'f> {
        let separator = if path.contains('?') { '&' } else { '?' };
        let path = format!("{path}{separator}lang={LANG}");
        match self {
            Api::App(app) => Box::pin(async move {
                let mut request = TestRequest::default().method(method).uri(&path);
                if let Some(body) = body {
                    request = request.set_json(body);
                }
                let reply = app.send(request).await;
                let json = serde_json::from_slice(&reply.body).unwrap_or(Value::Null);
                (reply.status.as_u16(), json)
            }),
            Api::Servers { http, bases, key } => {
                let url = format!("{}{path}", bases[turn % bases.len()]);
                Box::pin(async move {
                    let method = reqwest::Method::from_bytes(method.as_str().as_bytes()).expect("method");
                    let mut request = http.request(method, url).bearer_auth(key);
                    if let Some(body) = body {
                        request = request
                            .header("content-type", "application/json")
                            .body(serde_json::to_vec(&body).expect("json"));
                    }
                    let response = request.send().await.expect("the server answers");
                    let status = response.status().as_u16();
                    let bytes = response.bytes().await.expect("a body");
                    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
                    (status, json)
                })
            }
        }
    }

    async fn ok(&self, turn: usize, method: Method, path: &str, body: Option<Value>) -> Value {
        let (status, json) = self.call_retrying(turn, method.clone(), path, body).await;
        assert!(
            (200..300).contains(&status),
            "{method} {path} answered {status}: {json}"
        );
        json
    }

    /// As a client told to retry a 503 does: should PostgreSQL end a transaction (a deadlock, a
    /// lock timeout), its request answers 503 and changed nothing. The test prints how often.
    async fn call_retrying(&self, turn: usize, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
        for _ in 0..40 {
            let (status, json) = self.call(turn, method.clone(), path, body.clone()).await;
            if status != 503 {
                return (status, json);
            }
            RETRIED.with(|n| n.set(n.get() + 1));
            // Apart, as clients are: two that retried in step could deadlock again in step.
            let pause = 20 + fastrand::u64(0..250);
            actix_web::rt::time::sleep(std::time::Duration::from_millis(pause)).await;
        }
        self.call(turn, method, path, body).await
    }
}

/// What one writer made and may still change or delete.
#[derive(Default)]
struct Own {
    clients: Vec<String>,
    incidents: Vec<String>,
    entries: Vec<(String, String)>,
    actions: Vec<(String, &'static str)>,
}

fn id_of(json: &Value) -> String {
    json["id"].as_str().expect("an id").to_owned()
}

/// One writer's share of the work: a seeded mix over every resource type, also on the client
/// and incident every writer shares (so that several transactions change one row at once).
async fn write(api: &Api<'_>, writer: usize, count: usize, shared: (&str, &str)) {
    let mut rng = fastrand::Rng::with_seed(writer as u64 * 7_919 + 1);
    let mut own = Own::default();
    let languages = ["en", "ro", "pl", "el"];
    let gaps = ["payment_followup", "contact_cadence"];
    for n in 0..count {
        let turn = writer + n;
        let tag = format!("w{writer}-{n}");
        match rng.u8(0..12) {
            0 | 1 => {
                let body = json!({"name": format!("Client {tag}"), "preferred_language": languages[rng.usize(0..4)]});
                own.clients
                    .push(id_of(&api.ok(turn, Method::POST, "/v1/clients", Some(body)).await));
            }
            2 => {
                let client = match rng.bool() {
                    true if !own.clients.is_empty() => own.clients[rng.usize(0..own.clients.len())].clone(),
                    _ => shared.0.to_owned(),
                };
                let body = json!({"name": format!("Renamed {tag}"), "preferred_language": languages[rng.usize(0..4)]});
                api.ok(turn, Method::PATCH, &format!("/v1/clients/{client}"), Some(body))
                    .await;
            }
            3 if !own.clients.is_empty() => {
                // Only clients without incidents can go: incidents are filed for `shared.0` or
                // for clients kept in `own.incidents`' owners, never for these once deleted.
                let client = own.clients.swap_remove(rng.usize(0..own.clients.len()));
                let (status, json) = api
                    .call_retrying(turn, Method::DELETE, &format!("/v1/clients/{client}"), None)
                    .await;
                match status {
                    204 => {}
                    409 => own.clients.push(client),
                    _ => panic!("deleting a client answered {status}: {json}"),
                }
            }
            4 | 5 => {
                let client = match rng.bool() {
                    true if !own.clients.is_empty() => own.clients[rng.usize(0..own.clients.len())].clone(),
                    _ => shared.0.to_owned(),
                };
                let body = json!({
                    "client_id": client, "category": "late_payment", "severity": "medium",
                    "occurred_at": format!("2026-11-{:02}T09:00:00Z", 1 + rng.u8(0..28)),
                    "reported_by": "Ana", "summary": format!("Incident {tag}"),
                });
                own.incidents
                    .push(id_of(&api.ok(turn, Method::POST, "/v1/incidents", Some(body)).await));
            }
            6 => {
                let incident = match rng.bool() {
                    true if !own.incidents.is_empty() => own.incidents[rng.usize(0..own.incidents.len())].clone(),
                    _ => shared.1.to_owned(),
                };
                let severity = ["low", "medium", "high", "critical"][rng.usize(0..4)];
                let body = json!({"summary": format!("Changed {tag}"), "severity": severity});
                api.ok(turn, Method::PATCH, &format!("/v1/incidents/{incident}"), Some(body))
                    .await;
            }
            7 if own.incidents.len() > 2 => {
                let incident = own.incidents.swap_remove(rng.usize(0..own.incidents.len()));
                api.ok(turn, Method::DELETE, &format!("/v1/incidents/{incident}"), None)
                    .await;
                own.entries.retain(|(of, _)| *of != incident);
            }
            8 => {
                let incident = match rng.bool() {
                    true if !own.incidents.is_empty() => own.incidents[rng.usize(0..own.incidents.len())].clone(),
                    _ => shared.1.to_owned(),
                };
                let body = json!({"kind": "email", "occurred_at": "2026-11-20T10:00:00Z", "author": "Ana", "body": format!("Note {tag}")});
                let entry = api
                    .ok(
                        turn,
                        Method::POST,
                        &format!("/v1/incidents/{incident}/timeline"),
                        Some(body),
                    )
                    .await;
                own.entries.push((incident, id_of(&entry)));
            }
            9 if !own.entries.is_empty() => {
                let (incident, entry) = own.entries.swap_remove(rng.usize(0..own.entries.len()));
                api.ok(
                    turn,
                    Method::DELETE,
                    &format!("/v1/incidents/{incident}/timeline/{entry}"),
                    None,
                )
                .await;
            }
            10 if !own.incidents.is_empty() => {
                let incident = own.incidents[rng.usize(0..own.incidents.len())].clone();
                let status = if rng.bool() { "published" } else { "draft" };
                let body = json!({
                    "what_happened": format!("Review {tag}"),
                    "gaps": [{"code": gaps[rng.usize(0..2)], "primary": true}],
                    "status": status,
                    "correction": "Called the client.",
                    "action_needed": false,
                    "action_needed_rationale": "Covered by an existing action.",
                });
                api.ok(
                    turn,
                    Method::PUT,
                    &format!("/v1/incidents/{incident}/retrospective"),
                    Some(body),
                )
                .await;
            }
            _ if !own.incidents.is_empty() && (own.actions.is_empty() || rng.bool()) => {
                let incident = own.incidents[rng.usize(0..own.incidents.len())].clone();
                // Due in the past: `overdue` is true, a derived field the feed leaves out.
                let body = json!({"gap": gaps[rng.usize(0..2)], "incident_ids": [incident], "title": format!("Action {tag}"), "owner": "Ioana", "due_date": "2020-01-01"});
                own.actions.push((
                    id_of(&api.ok(turn, Method::POST, "/v1/actions", Some(body)).await),
                    "open",
                ));
            }
            _ if !own.actions.is_empty() => {
                let i = rng.usize(0..own.actions.len());
                let (action, status) = own.actions[i].clone();
                let path = format!("/v1/actions/{action}");
                let (body, next) = match status {
                    "open" => (json!({"status": "in_progress"}), "in_progress"),
                    "in_progress" => (
                        json!({"status": "done", "completion_note": format!("Done {tag}")}),
                        "done",
                    ),
                    _ => (json!({"title": format!("Retitled {tag}")}), status),
                };
                let (code, json) = api.call_retrying(turn, Method::PATCH, &path, Some(body)).await;
                match code {
                    200 => own.actions[i].1 = next,
                    // A repeat reopened it meanwhile: read where it is now.
                    409 => {
                        let now = api.ok(turn, Method::GET, &path, None).await;
                        own.actions[i].1 = if now["status"] == "reopened" { "open" } else { "done" };
                    }
                    _ => panic!("PATCH {path} answered {code}: {json}"),
                }
            }
            _ => {
                let body = json!({"name": format!("Client {tag}")});
                own.clients
                    .push(id_of(&api.ok(turn, Method::POST, "/v1/clients", Some(body)).await));
            }
        }
    }
}

/// The consumer's copy: each resource's last `data`, by type and id; a tombstone removes it.
#[derive(Default)]
pub struct Mirror {
    pub live: BTreeMap<(String, String), Value>,
    pub seen: Vec<String>,
    pub cursor: Option<String>,
}

impl Mirror {
    /// Writes one more client, then follows the feed until its event arrives: on PostgreSQL an
    /// event waits for every older transaction of the cluster to end (other tests write there
    /// too), so an empty page does not yet say the writers' events are all in. Once this one,
    /// begun after they all committed, is served, every earlier one is.
    pub async fn settle(&mut self, api: &Api<'_>, turn: usize) {
        let sentinel = api
            .ok(turn, Method::POST, "/v1/clients", Some(json!({"name": "Sentinel"})))
            .await;
        let key = ("client".to_owned(), id_of(&sentinel));
        let started = std::time::Instant::now();
        loop {
            self.catch_up(api, turn).await;
            if self.live.contains_key(&key) {
                return;
            }
            assert!(
                started.elapsed() < std::time::Duration::from_secs(60),
                "the sentinel never arrived"
            );
            actix_web::rt::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }

    /// Reads the feed from where the copy stopped until a page comes back empty.
    pub async fn catch_up(&mut self, api: &Api<'_>, turn: usize) {
        loop {
            let after = self
                .cursor
                .as_deref()
                .map(|c| format!("&after={c}"))
                .unwrap_or_default();
            let page = api
                .ok(turn, Method::GET, &format!("/v1/events?limit=200{after}"), None)
                .await;
            let items = page["items"].as_array().expect("items").clone();
            self.cursor = Some(page["next_cursor"].as_str().expect("next_cursor").to_owned());
            if items.is_empty() {
                return;
            }
            for event in items {
                self.seen.push(event["id"].as_str().expect("event id").to_owned());
                let key = (
                    event["resource_type"].as_str().expect("resource_type").to_owned(),
                    event["resource_id"].as_str().expect("resource_id").to_owned(),
                );
                let deleted = event["type"].as_str().expect("type").ends_with(".deleted");
                assert_eq!(
                    deleted,
                    event["data"].is_null(),
                    "data is null exactly for a tombstone: {event}"
                );
                if deleted {
                    self.live.remove(&key);
                } else {
                    self.live.insert(key, event["data"].clone());
                }
            }
        }
    }
}

/// Every resource the API holds now, read through its lists and GETs, as the feed shows it
/// (without an action's derived `overdue`).
async fn everything(api: &Api<'_>) -> BTreeMap<(String, String), Value> {
    let mut all = BTreeMap::new();
    for (resource, list) in [
        ("client", "/v1/clients"),
        ("incident", "/v1/incidents"),
        ("action", "/v1/actions"),
    ] {
        let mut cursor = String::new();
        loop {
            let page = api.ok(0, Method::GET, &format!("{list}?limit=200{cursor}"), None).await;
            for item in page["items"].as_array().expect("items") {
                let mut item = item.clone();
                if resource == "action" {
                    item.as_object_mut().expect("object").remove("overdue");
                }
                all.insert((resource.to_owned(), id_of(&item)), item);
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = format!("&cursor={next}"),
                None => break,
            }
        }
    }
    let incidents: Vec<String> = all
        .keys()
        .filter(|(t, _)| t == "incident")
        .map(|(_, id)| id.clone())
        .collect();
    for incident in incidents {
        let (status, retro) = api
            .call(0, Method::GET, &format!("/v1/incidents/{incident}/retrospective"), None)
            .await;
        match status {
            200 => {
                all.insert(("retrospective".to_owned(), incident.clone()), retro);
            }
            404 => {}
            _ => panic!("reading a retrospective answered {status}: {retro}"),
        }
        let timeline = api
            .ok(
                0,
                Method::GET,
                &format!("/v1/incidents/{incident}/timeline?limit=200"),
                None,
            )
            .await;
        for entry in timeline["items"].as_array().expect("items") {
            all.insert(("timeline_entry".to_owned(), id_of(entry)), entry.clone());
        }
    }
    all
}

/// The copy equals the API: the same resources, each with the same JSON.
pub fn assert_same(mirror: &Mirror, api_now: &BTreeMap<(String, String), Value>) {
    let copied: BTreeSet<_> = mirror.live.keys().collect();
    let held: BTreeSet<_> = api_now.keys().collect();
    let stale: Vec<_> = copied.difference(&held).collect();
    let missing: Vec<_> = held.difference(&copied).collect();
    assert!(
        stale.is_empty(),
        "the copy keeps {} resources the API no longer has: {stale:?}",
        stale.len()
    );
    assert!(
        missing.is_empty(),
        "the copy lacks {} resources: {missing:?}",
        missing.len()
    );
    let differing: Vec<_> = api_now
        .iter()
        .filter(|(key, value)| mirror.live.get(*key) != Some(value))
        .map(|(key, value)| format!("{key:?}\n  api:  {value}\n  copy: {}", mirror.live[key]))
        .collect();
    assert!(
        differing.is_empty(),
        "{} resources differ:\n{}",
        differing.len(),
        differing.join("\n")
    );
}

/// Writes with 8 writers, the consumer reading meanwhile when `follow`, and checks the copy.
pub async fn mirror_equals_the_api(api: &Api<'_>, follow: bool) -> Mirror {
    let shared_client = id_of(
        &api.ok(0, Method::POST, "/v1/clients", Some(json!({"name": "Shared"})))
            .await,
    );
    let body = json!({"client_id": shared_client, "category": "unresponsive", "severity": "high",
                      "occurred_at": "2026-11-02T09:00:00Z", "reported_by": "Ana", "summary": "Shared incident"});
    let shared_incident = id_of(&api.ok(0, Method::POST, "/v1/incidents", Some(body)).await);
    let shared = (shared_client.as_str(), shared_incident.as_str());

    let mut mirror = Mirror::default();
    let writers = futures_util::future::join_all((0..WRITERS).map(|w| write(api, w, OPERATIONS / WRITERS, shared)));
    if follow {
        let done = std::cell::Cell::new(false);
        let writing = async {
            writers.await;
            done.set(true);
        };
        let following = async {
            let mut turn = 0;
            while !done.get() {
                mirror.catch_up(api, turn).await;
                turn += 1;
                actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        };
        futures_util::join!(writing, following);
    } else {
        writers.await;
    }
    mirror.settle(api, 1).await;

    let unique: BTreeSet<&String> = mirror.seen.iter().collect();
    assert_eq!(unique.len(), mirror.seen.len(), "an event was served twice");
    let held = everything(api).await;
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for (kind, _) in held.keys() {
        *kinds.entry(kind.as_str()).or_default() += 1;
    }
    eprintln!(
        "mirror: {} events; live resources by type: {kinds:?}; 503s retried: {}",
        mirror.seen.len(),
        RETRIED.with(std::cell::Cell::get)
    );
    // Every type took part, so the comparison below covers each.
    assert_eq!(kinds.len(), 5, "every resource type is live at the end: {kinds:?}");
    assert_same(&mirror, &held);
    mirror
}
