//! A busy database is a 503 to retry, never a 500: a lock another connection holds past the busy
//! timeout (SQLite's write lock, a PostgreSQL table lock), and a pool with no free connection.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;
use diesel::connection::SimpleConnection;
use serde_json::json;

use crate::backend_tests;
use crate::helpers::{Reply, TestApp};

#[track_caller]
fn assert_busy(reply: &Reply) {
    reply.assert_problem(StatusCode::SERVICE_UNAVAILABLE, "service_unavailable");
    assert_eq!(reply.header("retry-after"), Some("1"), "{}", reply.text());
}

/// Takes every connection of `app`'s pool and keeps them until the returned sender is dropped.
pub async fn hold_the_pool(app: &TestApp, size: u32) -> mpsc::Sender<()> {
    let (release, wait) = mpsc::channel::<()>();
    let wait = std::sync::Arc::new(std::sync::Mutex::new(wait));
    let (held, taken) = mpsc::channel::<()>();
    for _ in 0..size {
        let db = app.db().clone();
        let wait = wait.clone();
        let held = held.clone();
        actix_web::rt::spawn(async move {
            let _ = db
                .read(move |_conn| {
                    let _ = held.send(());
                    // Every holder wakes when the sender is dropped.
                    let _ = wait.lock().map(|w| w.recv());
                    Ok(())
                })
                .await;
        });
    }
    let start = Instant::now();
    let mut count = 0;
    while count < size {
        match taken.try_recv() {
            Ok(()) => count += 1,
            Err(_) => {
                assert!(start.elapsed() < Duration::from_secs(10), "the pool was not taken");
                actix_web::rt::time::sleep(Duration::from_millis(10)).await;
            }
        }
    }
    release
}

backend_tests! {
    async fn a_lock_held_past_the_busy_timeout_answers_503_and_writes_nothing(app) {
        let quick = app.replica_with(|config| config.busy_timeout = Duration::from_millis(300));
        let client = quick.client("Atelier", "ro").await;
        let path = format!("/v1/clients/{client}");
        let mut holder = app.connection();
        // SQLite: the write lock, as another process writing would hold it. PostgreSQL: the
        // table, as a migration would.
        match app.backend() {
            "sqlite" => holder.batch_execute("BEGIN EXCLUSIVE").expect("lock"),
            _ => holder.batch_execute("BEGIN; LOCK TABLE clients IN ACCESS EXCLUSIVE MODE").expect("lock"),
        }
        let started = Instant::now();
        let created = quick.post("/v1/clients?lang=pl", json!({"name": "Nowy", "preferred_language": "pl"})).await;
        assert_busy(&created);
        assert_eq!(created.json()["title"], "Usługa niedostępna");
        assert_busy(&quick.patch(&path, json!({"name": "Renamed"})).await);
        assert!(started.elapsed() < Duration::from_secs(5), "the busy timeout is the configured one: {:?}", started.elapsed());
        holder.batch_execute("ROLLBACK").expect("unlock");

        // Nothing was written, and the same requests pass once the lock is gone.
        assert_eq!(quick.get(&path).await.json()["name"], "Atelier");
        quick.patch(&path, json!({"name": "Renamed"})).await.assert_status(StatusCode::OK);
        quick.post("/v1/clients", json!({"name": "Nowy", "preferred_language": "pl"})).await.assert_status(StatusCode::CREATED);
    }

    async fn a_pool_with_no_free_connection_answers_503(app) {
        let tiny = app.replica_with(|config| {
            config.pool_size = 2;
            config.pool_timeout = Duration::from_millis(200);
        });
        // The key is not cached yet: its lookup is what waits for a connection.
        let release = hold_the_pool(&tiny, 2).await;
        assert_busy(&tiny.get("/v1/clients?lang=el").await);
        drop(release);
        tiny.get("/v1/clients").await.assert_status(StatusCode::OK);

        // The key is cached now: the handler's read waits. A write waits too on PostgreSQL;
        // SQLite's writes have a connection of their own (the group commit's), so reads that
        // hold the pool do not stop them.
        let release = hold_the_pool(&tiny, 2).await;
        assert_busy(&tiny.get("/v1/clients").await);
        let write = tiny.send(TestRequest::post().uri("/v1/clients").set_json(json!({"name": "X", "preferred_language": "en"}))).await;
        match tiny.backend() {
            "sqlite" => write.assert_status(StatusCode::CREATED),
            _ => assert_busy(&write),
        }
        drop(release);
        tiny.get("/v1/clients").await.assert_status(StatusCode::OK);
    }
}
