//! How long the reports take with 100,000 incidents and 50,000 actions, on SQLite and (when
//! `TEST_POSTGRES_URL` is set) PostgreSQL: `cargo bench --bench reports`. Target: each report
//! under 200 ms. Prints the median of several runs of each.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use clientretro::config::{Config, DatabaseArgs, SqliteSynchronous};
use clientretro::db::{migrations, ConnectionManager, DbConnection};
use clientretro::models::reports::{self, Scope};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use uuid::Uuid;

#[path = "support/seed.rs"]
mod seed;

const CLIENTS: u64 = 500;
const INCIDENTS: u64 = 100_000;
const ACTIONS: u64 = 50_000;
const RUNS: usize = 7;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(mut run: impl FnMut() -> T) -> Duration {
    let _ = run();
    median(
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(run());
                start.elapsed()
            })
            .collect(),
    )
}

fn bench(name: &str, conn: &mut DbConnection) {
    let started = Instant::now();
    let sizes = seed::Sizes {
        clients: CLIENTS,
        incidents: INCIDENTS,
        actions: ACTIONS,
    };
    seed::seed(conn, &sizes, 0);
    println!(
        "{name}: seeded {INCIDENTS} incidents, {ACTIONS} actions in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let today: NaiveDate = Utc::now().date_naive();
    let all = Scope::default();
    let client = Uuid::parse_str("00000000-0000-7000-8000-000000000007").expect("uuid");
    let year = Scope {
        from: NaiveDate::from_ymd_opt(2025, 3, 1).and_then(|d| d.and_hms_opt(0, 0, 0)),
        to: NaiveDate::from_ymd_opt(2025, 9, 1).and_then(|d| d.and_hms_opt(0, 0, 0)),
        client_id: None,
    };
    let of_client = Scope {
        client_id: Some(client),
        ..Scope::default()
    };
    let rows: [(&str, Duration); 6] = [
        ("gaps, all", time(|| reports::gaps(conn, &all, today).expect("report"))),
        (
            "gaps, 6 months",
            time(|| reports::gaps(conn, &year, today).expect("report")),
        ),
        (
            "gaps, one client",
            time(|| reports::gaps(conn, &of_client, today).expect("report")),
        ),
        (
            "overview, all",
            time(|| reports::overview(conn, &all, today).expect("report")),
        ),
        (
            "overview, one client",
            time(|| reports::overview(conn, &of_client, today).expect("report")),
        ),
        (
            "client health",
            time(|| reports::client_health(conn, client, today).expect("report")),
        ),
    ];
    for (report, took) in rows {
        let verdict = if took < Duration::from_millis(200) {
            "ok"
        } else {
            "OVER 200 ms"
        };
        println!(
            "{name:<10} {report:<22} median {:>8.1} ms  {verdict}",
            took.as_secs_f64() * 1000.0
        );
    }
}

fn config(url: String) -> Config {
    Config::new(
        &DatabaseArgs {
            database_url: url,
            sqlite_synchronous: SqliteSynchronous::Normal,
            pool_size: 1,
            busy_timeout: 10.0,
        },
        String::new(),
    )
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    // BENCH_SQLITE_PATH keeps the seeded database, to look at its query plans afterwards.
    let path =
        std::env::var_os("BENCH_SQLITE_PATH").map_or_else(|| dir.path().join("bench.db"), std::path::PathBuf::from);
    let sqlite = config(path.to_string_lossy().into_owned());
    let mut conn = ConnectionManager::new(&sqlite).establish().expect("sqlite");
    migrations::run_pending(&mut conn).expect("migrations");
    bench("SQLite", &mut conn);

    let Ok(admin_url) = std::env::var("TEST_POSTGRES_URL") else {
        println!("PostgreSQL: skipped (set TEST_POSTGRES_URL)");
        return;
    };
    let schema = format!("bench_{}", Uuid::now_v7().simple());
    let mut admin = PgConnection::establish(&admin_url).expect("PostgreSQL");
    admin.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("schema");
    let separator = if admin_url.contains('?') { '&' } else { '?' };
    let pg = config(format!("{admin_url}{separator}options=-csearch_path%3D{schema}"));
    let mut conn = ConnectionManager::new(&pg).establish().expect("postgres");
    migrations::run_pending(&mut conn).expect("migrations");
    bench("PostgreSQL", &mut conn);
    let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
}
