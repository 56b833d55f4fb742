//! `Idempotency-Key`: a retry replays the first response and does nothing else.

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use clientretro::domain::Role;
use serde_json::{json, Value};

use clientretro::http::idempotency::FAULT_ABORT_AFTER_COMMIT;

use crate::backend_tests;
use crate::helpers::{Reply, TestApp};
use crate::server::Server;

fn incident_body(client: &str, summary: &str) -> Value {
    json!({
        "client_id": client, "category": "late_payment", "severity": "medium",
        "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": summary
    })
}

async fn post_with_key(app: &TestApp, key: &str, body: &Value) -> Reply {
    app.send(
        TestRequest::post()
            .uri("/v1/incidents")
            .insert_header(("Idempotency-Key", key))
            .set_json(body),
    )
    .await
}

async fn incident_count(app: &TestApp) -> usize {
    app.get("/v1/incidents?limit=200").await.json()["items"]
        .as_array()
        .map_or(0, Vec::len)
}

/// Every row of the idempotency table, each column as text, for what it must never hold.
fn stored_keys(app: &TestApp) -> Vec<String> {
    use clientretro::schema::idempotency_keys as k;
    use diesel::prelude::*;
    let mut conn = app.connection();
    type Row = (String, String, String, Option<i32>, Option<String>, Option<String>);
    let rows: Vec<Row> = k::table
        .select((
            k::api_key_id,
            k::idempotency_key,
            k::fingerprint,
            k::response_status,
            k::response_headers,
            k::response_body,
        ))
        .load(&mut conn)
        .expect("idempotency keys");
    rows.into_iter().map(|row| format!("{row:?}")).collect()
}

/// Whether a text holds a webhook signing secret or an API key: more of one than the 12
/// characters (`crk_` and 8) that lists show of every key.
fn holds_secret(text: &str) -> bool {
    let key_chars = |rest: &str| {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .count()
    };
    text.contains("whsec_") || text.match_indices("crk_").any(|(at, _)| key_chars(&text[at + 4..]) > 8)
}

/// The rows in a table, counted in the database itself.
fn count_rows(app: &TestApp, table: &str) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.connection();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<Count>(&mut conn)
        .expect("count")
        .n
}

/// The only error codes a request with a key that another request holds may get.
fn assert_replay_or_in_use(reply: &Reply, first: &Reply) {
    match reply.status {
        StatusCode::CREATED => {
            assert_eq!(reply.header("idempotent-replayed"), Some("true"), "{}", reply.text());
            assert_eq!(reply.body, first.body, "a replay is the first response");
        }
        _ => {
            reply.assert_problem(StatusCode::CONFLICT, "idempotency_key_in_use");
        }
    }
}

/// Whether a transaction holds the advisory lock of this key (PostgreSQL; elsewhere true).
fn advisory_lock_held(app: &TestApp, api_key: uuid::Uuid, key: &str) -> bool {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let clientretro::db::DbConnection::Postgresql(mut conn) = app.connection() else {
        return true;
    };
    // The two-key form: classid is the class, objid the hash of "{api key}\n{key}".
    diesel::sql_query(
        "SELECT COUNT(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND granted \
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) \
         AND classid = $1 AND objid = oid(hashtext($2)::bigint & 4294967295) AND objsubid = 2",
    )
    .bind::<diesel::sql_types::BigInt, _>(i64::from(clientretro::models::idempotency::LOCK_CLASS))
    .bind::<diesel::sql_types::Text, _>(format!("{api_key}\n{key}"))
    .get_result::<Count>(&mut conn)
    .expect("pg_locks")
    .n == 1
}

/// Holds the database's write lock (SQLite) or the incidents table against writes (PostgreSQL)
/// until `release`, so that a request that files an incident waits inside its transaction.
struct Blocker(clientretro::db::DbConnection);

impl Blocker {
    fn new(app: &TestApp) -> Self {
        use diesel::connection::SimpleConnection;
        let mut conn = app.connection();
        let sql = match conn {
            clientretro::db::DbConnection::Sqlite(_) => "BEGIN IMMEDIATE",
            clientretro::db::DbConnection::Postgresql(_) => "BEGIN; LOCK TABLE incidents IN EXCLUSIVE MODE",
        };
        conn.batch_execute(sql).expect("lock");
        Self(conn)
    }

    fn release(mut self) {
        use diesel::connection::SimpleConnection;
        self.0.batch_execute("ROLLBACK").expect("unlock");
    }
}

/// Stands in for `authenticate`: every request comes from one writer key.
async fn as_writer(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>, actix_web::Error> {
    use actix_web::HttpMessage;
    req.extensions_mut().insert(clientretro::http::auth::Caller {
        key_id: uuid::Uuid::nil(),
        role: Role::Writer,
    });
    next.call(req).await
}

backend_tests! {
    async fn a_retry_replays_the_first_response_and_files_nothing_more(app) {
        let client = app.client("Ana", "en").await;
        let body = incident_body(&client, "Invoice unpaid");
        let first = post_with_key(&app, "retry-1", &body).await;
        first.assert_status(StatusCode::CREATED);
        assert!(first.header("idempotent-replayed").is_none());
        let again = post_with_key(&app, "retry-1", &body).await;
        again.assert_status(StatusCode::CREATED);
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.body, first.body, "the same body, byte for byte");
        assert_eq!(again.header("location"), first.header("location"));
        assert_eq!(again.header("etag"), first.header("etag"));
        assert_eq!(incident_count(&app).await, 1);

        // Another instance on the same database (a replica, or this one restarted) replays it too.
        let replica = app.replica();
        let elsewhere = post_with_key(&replica, "retry-1", &body).await;
        assert_eq!(elsewhere.header("idempotent-replayed"), Some("true"));
        assert_eq!(elsewhere.body, first.body);
        assert_eq!(incident_count(&app).await, 1);
    }

    async fn a_replay_says_the_language_of_the_body_it_repeats(app) {
        let client = app.client("Ana", "en").await;
        let body = incident_body(&client, "Factură neplătită");
        let in_language = |lang: &'static str| {
            TestRequest::post()
                .uri("/v1/incidents")
                .insert_header(("Idempotency-Key", "lang-1"))
                .insert_header(("Accept-Language", lang))
                .set_json(&body)
        };
        let first = app.send(in_language("ro")).await;
        first.assert_status(StatusCode::CREATED);
        assert_eq!(first.header("content-language"), Some("ro"));
        assert_eq!(first.json()["category_label"], "Întârziere la plată", "{}", first.text());
        let again = app.send(in_language("pl")).await;
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.body, first.body, "the first body, in Romanian");
        assert_eq!(again.header("content-language"), Some("ro"), "it says the body's language");
    }

    async fn the_same_key_with_another_body_is_refused(app) {
        let client = app.client("Ana", "en").await;
        post_with_key(&app, "k", &incident_body(&client, "One")).await.assert_status(StatusCode::CREATED);
        let reply = app
            .send(
                TestRequest::post()
                    .uri("/v1/incidents")
                    .insert_header(("Idempotency-Key", "k"))
                    .insert_header(("Accept-Language", "pl"))
                    .set_json(incident_body(&client, "Two")),
            )
            .await;
        let problem = reply.assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
        assert_eq!(problem["title"], "Klucz Idempotency-Key został już użyty");
        assert_eq!(incident_count(&app).await, 1);
    }

    async fn keys_belong_to_one_api_key(app) {
        let client = app.client("Ana", "en").await;
        let other = app.create_key("other crm", Role::Writer);
        let body = incident_body(&client, "Same key, other caller");
        post_with_key(&app, "shared", &body).await.assert_status(StatusCode::CREATED);
        let theirs = app
            .send_as(
                TestRequest::post().uri("/v1/incidents").insert_header(("Idempotency-Key", "shared")).set_json(&body),
                Some(&other),
            )
            .await;
        theirs.assert_status(StatusCode::CREATED);
        assert!(theirs.header("idempotent-replayed").is_none());
        assert_eq!(incident_count(&app).await, 2);
    }

    async fn a_failed_request_is_not_stored_so_a_corrected_retry_runs(app) {
        let client = app.client("Ana", "en").await;
        let mut invalid = incident_body(&client, "x");
        invalid["severity"] = json!("apocalyptic");
        post_with_key(&app, "fix-me", &invalid)
            .await
            .assert_problem(StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        let fixed = post_with_key(&app, "fix-me", &incident_body(&client, "x")).await;
        fixed.assert_status(StatusCode::CREATED);
        assert!(fixed.header("idempotent-replayed").is_none());
    }

    async fn a_malformed_key_is_a_bad_request(app) {
        let client = app.client("Ana", "en").await;
        for key in ["x".repeat(256), "with space".into()] {
            post_with_key(&app, &key, &incident_body(&client, "x"))
                .await
                .assert_problem(StatusCode::BAD_REQUEST, "invalid_header");
        }
        assert_eq!(incident_count(&app).await, 0);
    }
    async fn a_retry_while_the_first_runs_gets_409_at_once(app) {
        let client = app.client("Ana", "en").await;
        let body = incident_body(&client, "Slow");
        let replica = app.replica();
        let blocker = Blocker::new(&app);
        let api_key: uuid::Uuid = app.get("/v1/api-keys").await.json()["items"][0]["id"]
            .as_str()
            .expect("id")
            .parse()
            .expect("uuid");
        let first = post_with_key(&app, "running", &body);
        let meanwhile = async {
            // Until the first request holds the key (and, on PostgreSQL, its advisory lock:
            // it is then inside its transaction, waiting for the blocker).
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
            while !(app.db().holds_key(api_key, "running") && advisory_lock_held(&app, api_key, "running")) {
                assert!(std::time::Instant::now() < deadline, "the first request never took its key");
                actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            let started = std::time::Instant::now();
            let same_server = post_with_key(&app, "running", &body).await;
            same_server.assert_problem(StatusCode::CONFLICT, "idempotency_key_in_use");
            // On PostgreSQL another replica is told too, by the advisory lock the first holds.
            // (Replicas on one SQLite file queue for its write lock instead, then replay.)
            if app.backend() == "postgres" {
                let other_server = post_with_key(&replica, "running", &body).await;
                other_server.assert_problem(StatusCode::CONFLICT, "idempotency_key_in_use");
            }
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "a 409, not a wait");
            blocker.release();
        };
        let (first, ()) = futures_util::future::join(first, meanwhile).await;
        first.assert_status(StatusCode::CREATED);
        let again = post_with_key(&replica, "running", &body).await;
        assert_eq!(again.header("idempotent-replayed"), Some("true"));
        assert_eq!(again.body, first.body);
        assert_eq!(incident_count(&app).await, 1);
    }

    async fn thirty_two_concurrent_posts_with_one_key_file_one_incident(app) {
        let client = app.client("Ana", "en").await;
        let body = incident_body(&client, "Sent 32 times at once");
        // Four servers on one database: within one, its in-flight set answers 409; between
        // them, the advisory lock (PostgreSQL) or the write lock (SQLite) decides.
        let servers = [app.replica(), app.replica(), app.replica()];
        let requests = (0..32).map(|n| {
            let server = if n % 4 == 0 { &app } else { &servers[n % 3] };
            post_with_key(server, "burst", &body)
        });
        let replies = futures_util::future::join_all(requests).await;
        let fresh: Vec<&Reply> = replies
            .iter()
            .filter(|r| r.status == StatusCode::CREATED && r.header("idempotent-replayed").is_none())
            .collect();
        assert_eq!(fresh.len(), 1, "exactly one request ran: {:?}", replies.iter().map(|r| r.status).collect::<Vec<_>>());
        for reply in replies.iter().filter(|r| !std::ptr::eq(*r, fresh[0])) {
            assert_replay_or_in_use(reply, fresh[0]);
        }
        assert_eq!(count_rows(&app, "incidents"), 1);
        assert_eq!(count_rows(&app, "idempotency_keys"), 1);
        // Once it is done, every retry replays it.
        let after = post_with_key(&servers[0], "burst", &body).await;
        assert_eq!(after.header("idempotent-replayed"), Some("true"));
        assert_eq!(after.body, fresh[0].body);
    }

    async fn a_response_with_a_secret_is_never_stored_nor_replayed(app) {
        let send = |path: String, key: &'static str, lang: &'static str, body: Value| {
            let app = &app;
            async move {
                app.send(
                    TestRequest::post()
                        .uri(&path)
                        .insert_header(("Idempotency-Key", key))
                        .insert_header(("Accept-Language", lang))
                        .set_json(body),
                )
                .await
            }
        };
        let expected_titles = [
            ("en", "Response not repeated: it held a secret"),
            ("ro", "Răspunsul nu se repetă: conținea un secret"),
            ("pl", "Odpowiedź nie zostanie powtórzona: zawierała sekret"),
            ("el", "Η απάντηση δεν επαναλαμβάνεται: περιείχε μυστικό"),
        ];

        let keys_before = count_rows(&app, "api_keys");
        let created = send("/v1/api-keys".into(), "new-key", "en", json!({"name": "crm", "role": "writer"})).await;
        created.assert_status(StatusCode::CREATED);
        let secret_key = created.json()["key"].as_str().expect("key").to_owned();
        assert!(secret_key.starts_with("crk_"));

        let webhook = send(
            "/v1/webhooks".into(), "new-hook", "en",
            json!({"url": "https://hooks.invalid/x", "event_types": ["incident.created"]}),
        ).await;
        webhook.assert_status(StatusCode::CREATED);
        let webhook_id = webhook.json()["id"].as_str().expect("id").to_owned();
        let first_secret = webhook.json()["secret"].as_str().expect("secret").to_owned();
        let rotate = format!("/v1/webhooks/{webhook_id}/rotate-secret");
        let rotated = send(rotate.clone(), "rotate", "en", json!({})).await;
        rotated.assert_status(StatusCode::OK);
        let rotated_secret = rotated.json()["secret"].as_str().expect("secret").to_owned();
        assert!(rotated_secret.starts_with("whsec_") && rotated_secret != first_secret);

        let rows = stored_keys(&app);
        assert_eq!(rows.len(), 3, "{rows:?}");
        assert!(holds_secret(&secret_key) && holds_secret(&first_secret), "the check finds them");
        for row in &rows {
            assert!(!holds_secret(row), "a secret in the idempotency table: {row}");
            for secret in [&secret_key, &first_secret, &rotated_secret] {
                assert!(!row.contains(secret.as_str()), "{secret} stored in the idempotency table: {row}");
            }
        }

        // Each retry is told, in its language, and changes nothing.
        for ((lang, title), (path, key, body)) in expected_titles.iter().zip([
            ("/v1/api-keys".to_owned(), "new-key", json!({"name": "crm", "role": "writer"})),
            ("/v1/webhooks".to_owned(), "new-hook", json!({"url": "https://hooks.invalid/x", "event_types": ["incident.created"]})),
            (rotate.clone(), "rotate", json!({})),
            (rotate.clone(), "rotate", json!({})),
        ]) {
            let retry = send(path, key, lang, body).await;
            let problem = retry.assert_problem(StatusCode::CONFLICT, "idempotency_secret_not_replayed");
            assert_eq!(problem["title"], *title, "{problem}");
            assert!(!holds_secret(&retry.text()), "{}", retry.text());
        }
        assert_eq!(count_rows(&app, "api_keys"), keys_before + 1, "the retry made no second key");
        assert_eq!(count_rows(&app, "webhooks"), 1, "the retry made no second webhook");
        {
            use clientretro::schema::webhooks;
            use diesel::prelude::*;
            let secret: String = webhooks::table.select(webhooks::secret).first(&mut app.connection()).expect("secret");
            assert_eq!(secret, rotated_secret, "the retry did not rotate again");
        }
        assert_eq!(stored_keys(&app), rows, "retries store nothing");
    }

    async fn a_read_only_post_stores_nothing(app) {
        let body = json!({"summary": "Client paid late, no reminder was sent"});
        for _ in 0..2 {
            let reply = app
                .send(TestRequest::post().uri("/v1/gap-analysis").insert_header(("Idempotency-Key", "look")).set_json(&body))
                .await;
            reply.assert_status(StatusCode::OK);
            assert!(reply.header("idempotent-replayed").is_none(), "nothing kept, so nothing replayed");
        }
        assert_eq!(stored_keys(&app), Vec::<String>::new());
    }

    async fn every_post_of_the_api_writes_through_its_idempotency_key(app) {
        // Each POST of the OpenAPI document: its request, and whether it stores what it answers.
        // A new POST route fails here until it is added, with the proof that it goes through
        // `Db::write_response` (a handler that does not is answered 500 in debug builds).
        let client = app.client("Ana", "en").await;
        let incident = app.incident(&client, json!({})).await;
        let other_key = app.post("/v1/api-keys", json!({"name": "old", "role": "reader"})).await.json()["id"]
            .as_str().expect("id").to_owned();
        let webhook = app
            .post("/v1/webhooks", json!({"url": "https://hooks.invalid/x", "event_types": ["incident.created"]}))
            .await.json()["id"].as_str().expect("id").to_owned();
        app.incident(&client, json!({"summary": "announced"})).await;
        let delivery = app.get(&format!("/v1/webhooks/{webhook}/deliveries")).await.json()["items"][0]["id"]
            .as_str().expect("a delivery").to_owned();
        // A letter the client may read, for the share link's case.
        app.json(actix_web::http::Method::PUT, &format!("/v1/incidents/{incident}/retrospective"), json!({
            "what_happened": "w", "gaps": [{"code": "payment_followup", "primary": true}], "status": "published",
            "client_summary": "We did not send a reminder.", "correction": "Called the client.", "action_needed": false, "action_needed_rationale": "Covered by an existing action."
        })).await.assert_status(actix_web::http::StatusCode::CREATED);
        let incident_json = |summary: &str| json!({
            "client_id": client, "category": "late_payment", "severity": "medium",
            "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": summary
        });
        // (template, path, body, replayed: true = the response, false = 409 for its secret, None = stores nothing)
        let cases: Vec<(&str, String, Value, Option<bool>)> = vec![
            ("/v1/actions", "/v1/actions".into(),
             json!({"gap": "payment_followup", "incident_ids": [incident], "title": "t", "owner": "o", "due_date": "2026-12-01"}), Some(true)),
            ("/v1/api-keys", "/v1/api-keys".into(), json!({"name": "k", "role": "reader"}), Some(false)),
            ("/v1/api-keys/{id}/revoke", format!("/v1/api-keys/{other_key}/revoke"), json!({}), Some(true)),
            ("/v1/clients", "/v1/clients".into(), json!({"name": "Bea"}), Some(true)),
            ("/v1/clients/{id}/contacts", format!("/v1/clients/{client}/contacts"),
             json!({"kind": "call", "direction": "outbound", "occurred_at": "2026-11-01T09:00:00Z"}), Some(true)),
            ("/v1/clients/batch", "/v1/clients/batch".into(),
             json!({"items": [{"name": "Cai", "external_refs": [{"source": "crm", "external_id": "cai"}]}]}), Some(true)),
            ("/v1/incidents/batch", "/v1/incidents/batch".into(),
             json!({"items": [{"client_id": client, "external_ref": {"source": "crm", "external_id": "t-1"}, "category": "late_payment",
                               "severity": "low", "occurred_at": "2026-11-01T09:00:00Z", "reported_by": "Ana", "summary": "s"}]}), Some(true)),
            ("/v1/gap-analysis", "/v1/gap-analysis".into(), json!({"summary": "No reminder was sent"}), None),
            ("/v1/incidents", "/v1/incidents".into(), incident_json("x"), Some(true)),
            ("/v1/incidents/{id}/retrospective/share", format!("/v1/incidents/{incident}/retrospective/share"),
             json!({"expires_in_days": 3}), Some(false)),
            ("/v1/incidents/{id}/timeline", format!("/v1/incidents/{incident}/timeline"),
             json!({"kind": "note", "occurred_at": "2026-11-01T00:00:00Z", "author": "a", "body": "b"}), Some(true)),
            ("/v1/webhooks", "/v1/webhooks".into(),
             json!({"url": "https://hooks.invalid/y", "event_types": ["incident.created"]}), Some(false)),
            ("/v1/webhooks/{id}/rotate-secret", format!("/v1/webhooks/{webhook}/rotate-secret"), json!({}), Some(false)),
            ("/v1/webhooks/{id}/deliveries/redeliver", format!("/v1/webhooks/{webhook}/deliveries/redeliver"), json!({}), Some(true)),
            ("/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
             format!("/v1/webhooks/{webhook}/deliveries/{delivery}/redeliver"), json!({}), Some(true)),
        ];
        let document = clientretro::openapi::published(&clientretro::openapi::document());
        let posts: std::collections::BTreeSet<&str> = document["paths"]
            .as_object().expect("paths").iter()
            .filter(|(_, item)| item.get("post").is_some())
            .map(|(path, _)| path.as_str())
            .collect();
        let covered: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
        assert_eq!(posts, covered, "every POST of the document has a case here");

        for (n, (template, path, body, replayed)) in cases.into_iter().enumerate() {
            let key = format!("every-post-{n}");
            let send = || app.send(TestRequest::post().uri(&path).insert_header(("Idempotency-Key", key.as_str())).set_json(&body));
            let before = stored_keys(&app).len();
            let first = send().await;
            assert!(first.status.is_success(), "{template}: {} {}", first.status, first.text());
            let after = stored_keys(&app).len();
            assert_eq!(after - before, usize::from(replayed.is_some()), "{template}: rows stored");
            let again = send().await;
            match replayed {
                Some(true) => {
                    assert_eq!(again.header("idempotent-replayed"), Some("true"), "{template}: {}", again.text());
                    assert_eq!((again.status, &again.body), (first.status, &first.body), "{template}");
                }
                Some(false) => {
                    again.assert_problem(StatusCode::CONFLICT, "idempotency_secret_not_replayed");
                }
                None => {
                    assert!(again.header("idempotent-replayed").is_none(), "{template}");
                    assert!(again.status.is_success(), "{template}");
                }
            }
            assert_eq!(stored_keys(&app).len(), after, "{template}: a retry stores nothing");
        }
        for row in stored_keys(&app) {
            assert!(!holds_secret(&row), "a secret was stored: {row}");
        }
    }

    async fn a_server_killed_right_after_the_commit_files_the_retry_once(app) {
        let http = reqwest::Client::new();
        let post = |base: &str, path: &str, body: &Value, key: Option<&str>| {
            let mut request = http
                .post(format!("{base}{path}"))
                .bearer_auth(&app.key)
                .header("Content-Type", "application/json")
                .body(body.to_string());
            if let Some(key) = key {
                request = request.header("Idempotency-Key", key);
            }
            request.send()
        };
        let doomed = Server::start(&app.database_url(), &[(FAULT_ABORT_AFTER_COMMIT, "1")]).await;
        // Without a key, nothing is aborted: the client is filed and answered.
        let client = post(&doomed.base, "/v1/clients", &json!({"name": "Ana"}), None).await.expect("answers");
        assert_eq!(client.status().as_u16(), 201);
        let client: Value = serde_json::from_str(&client.text().await.expect("body")).expect("json");
        let body = incident_body(client["id"].as_str().expect("id"), "Filed as the server died");
        let lost = post(&doomed.base, "/v1/incidents", &body, Some("crm-42")).await;
        assert!(lost.is_err(), "the server died before it answered: {lost:?}");
        drop(doomed);
        assert_eq!(count_rows(&app, "incidents"), 1, "the change was committed");

        let server = Server::start(&app.database_url(), &[]).await;
        let retry = post(&server.base, "/v1/incidents", &body, Some("crm-42")).await.expect("answers");
        assert_eq!(retry.status().as_u16(), 201);
        assert_eq!(retry.headers().get("idempotent-replayed").and_then(|v| v.to_str().ok()), Some("true"));
        let etag = retry.headers().get("etag").and_then(|v| v.to_str().ok()).map(str::to_owned);
        let replayed: Value = serde_json::from_str(&retry.text().await.expect("body")).expect("json");
        assert_eq!(count_rows(&app, "incidents"), 1, "the retry filed nothing more");
        // The response the dead server built for its commit: the incident as it was filed.
        let stored = app.get(&format!("/v1/incidents/{}", replayed["id"].as_str().expect("id"))).await;
        stored.assert_status(StatusCode::OK);
        assert_eq!(replayed, stored.json());
        assert_eq!(etag.as_deref(), stored.header("etag"));
    }
    async fn a_post_that_answers_without_its_key_is_caught(app) {
        use actix_web::middleware::from_fn;
        use actix_web::{test, web, App, HttpResponse};
        use clientretro::http::idempotency::{idempotency, Idempotent};
        // A route written as before: its change would not be protected against a retry.
        let service = test::init_service(
            App::new()
                .app_data(web::Data::new(clientretro::db::Db::open(&app.config).expect("db")))
                .wrap(from_fn(idempotency))
                .wrap(from_fn(as_writer))
                .route("/bypass", web::post().to(|| async { HttpResponse::Created().finish() }))
                .route("/read-only", web::post().to(|keyed: Idempotent| async move {
                    keyed.read_only();
                    HttpResponse::Ok().finish()
                })),
        )
        .await;
        let call = |path: &'static str, key: Option<&'static str>| {
            let mut request = TestRequest::post().uri(path);
            if let Some(key) = key {
                request = request.insert_header(("Idempotency-Key", key));
            }
            test::call_service(&service, request.to_request())
        };
        assert_eq!(call("/bypass", Some("k")).await.status(), StatusCode::INTERNAL_SERVER_ERROR, "caught in debug builds");
        assert_eq!(call("/bypass", None).await.status(), StatusCode::CREATED, "no key, nothing to protect");
        assert_eq!(call("/read-only", Some("k")).await.status(), StatusCode::OK, "declared to store nothing");
        assert_eq!(stored_keys(&app), Vec::<String>::new());
    }
}
