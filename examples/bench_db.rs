//! The database side of `benches/load.sh`:
//!
//! - `bench_db seed INCIDENTS [FIRST]`: seeds the dataset (see `benches/support/seed.rs`) into
//!   `DATABASE_URL`, applying the migrations first;
//! - `bench_db seed-events EVENTS`: fills the change feed with EVENTS `client.updated` events
//!   (each with a client as the feed stores it), set-based like the seed;
//! - `bench_db ceiling SECONDS THREADS`: the database ceiling, the incident inserts the API does
//!   (one write transaction each, the same settings as `serve`), straight through diesel from
//!   THREADS threads for SECONDS; prints inserts per second and the p50/p99 of one insert.

use std::time::{Duration, Instant};

use clientretro::config::{Config, DatabaseArgs, SqliteSynchronous};
use clientretro::db::{write_transaction, ConnectionManager};
use clientretro::domain::{Category, IncidentStatus, Severity};
use clientretro::models::incident::{self, ClientChoice, NewIncident};

#[path = "../benches/support/seed.rs"]
mod seed;

fn config() -> Config {
    let url = std::env::var("DATABASE_URL").expect("DATABASE_URL names the database");
    Config::new(
        &DatabaseArgs {
            database_url: url,
            sqlite_synchronous: SqliteSynchronous::Full,
            pool_size: 8,
            busy_timeout: 10.0,
        },
        String::new(),
    )
}

fn arg(n: usize) -> Option<u64> {
    std::env::args().nth(n).and_then(|a| a.parse().ok())
}

fn main() {
    let config = config();
    let manager = ConnectionManager::new(&config);
    let mut conn = manager.establish().expect("connect");
    clientretro::db::migrations::run_pending(&mut conn).expect("migrations");
    match std::env::args().nth(1).as_deref() {
        Some("seed") => {
            let incidents = arg(2).expect("how many incidents");
            let first = arg(3).unwrap_or(0);
            let started = Instant::now();
            let sizes = seed::Sizes {
                clients: 500,
                incidents,
                actions: arg(4).unwrap_or(5_000),
            };
            seed::seed(&mut conn, &sizes, first);
            println!(
                "seeded incidents {first}..{incidents} in {:.1} s",
                started.elapsed().as_secs_f64()
            );
        }
        Some("seed-events") => {
            let events = arg(2).expect("how many events");
            let started = Instant::now();
            seed_events(&mut conn, events);
            println!("seeded {events} events in {:.1} s", started.elapsed().as_secs_f64());
        }
        Some("ceiling") => {
            let seconds = arg(2).unwrap_or(10);
            let threads = arg(3).unwrap_or(8);
            ceiling(&manager, Duration::from_secs(seconds), threads);
        }
        _ => eprintln!(
            "usage: bench_db seed INCIDENTS [FIRST [ACTIONS]] | bench_db seed-events EVENTS | \
             bench_db ceiling SECONDS THREADS"
        ),
    }
}

fn ceiling(manager: &ConnectionManager, length: Duration, threads: u64) {
    let client = uuid::Uuid::parse_str("00000000-0000-7000-8000-000000000001").expect("uuid");
    let until = Instant::now() + length;
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let mut conn = manager.establish().expect("connect");
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                while Instant::now() < until {
                    let new = NewIncident {
                        client: ClientChoice::Id(client),
                        external_ref: None,
                        category: Category::LatePayment,
                        severity: Severity::High,
                        status: IncidentStatus::Open,
                        occurred_at: chrono::Utc::now().naive_utc(),
                        reported_by: "Load".into(),
                        language: None,
                        summary: "Invoice unpaid after 45 days".into(),
                        description: Some("Two reminders, no answer.".into()),
                        tags: vec!["billing".into()],
                    };
                    let started = Instant::now();
                    write_transaction(&mut conn, |c| incident::create(c, new).map(|_| ())).expect("insert");
                    latencies.push(started.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = workers.into_iter().flat_map(|w| w.join().expect("worker")).collect();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1000.0;
    println!(
        "{{\"inserts\": {}, \"per_second\": {:.1}, \"p50_ms\": {:.2}, \"p99_ms\": {:.2}}}",
        latencies.len(),
        latencies.len() as f64 / length.as_secs_f64(),
        at(0.5),
        at(0.99)
    );
}

/// The feed as a busy installation's: every event a change of one of the seeded clients, its
/// data the client as the feed stores it. On PostgreSQL 100 events share a position, as the
/// events of one transaction do (positions stay below any transaction id the cluster will hand
/// out, so all are visible); SQLite's are 0, as its own always are.
fn seed_events(conn: &mut clientretro::db::DbConnection, events: u64) {
    use diesel::connection::SimpleConnection;
    let postgres = matches!(conn, clientretro::db::DbConnection::Postgresql(_));
    let client = clientretro::models::client::find(
        conn,
        uuid::Uuid::parse_str("00000000-0000-7000-8000-000000000001").expect("uuid"),
    )
    .expect("the seeded client 1");
    let snapshot = clientretro::models::feed::Snapshot::Client(&client);
    let data = serde_json::to_string(&snapshot)
        .expect("json")
        .replace("'", "''")
        .replace("00000000-0000-7000-8000-000000000001", "@ID@");
    let (numbers, id, position) = if postgres {
        (
            format!("SELECT generate_series(0::bigint, {events} - 1) AS n"),
            "'00000000-0000-7000-8000-' || lpad((n % 500)::text, 12, '0')",
            "n / 100",
        )
    } else {
        (
            format!("WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < {events} - 1) SELECT n FROM s"),
            "'00000000-0000-7000-8000-' || printf('%012d', n % 500)",
            "0",
        )
    };
    conn.batch_execute(&format!(
        "INSERT INTO events (position, type, resource_type, resource_id, actor, data, occurred_at) \
         SELECT {position}, 'client.updated', 'client', {id}, NULL, replace('{data}', '@ID@', {id}), CURRENT_TIMESTAMP \
         FROM ({numbers}) AS numbers;"
    ))
    .expect("seed events");
    if postgres {
        conn.batch_execute("ANALYZE events;").expect("analyze");
    } else {
        conn.batch_execute("ANALYZE;").expect("analyze");
    }
}
