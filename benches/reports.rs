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

const CLIENTS: u32 = 500;
const INCIDENTS: u32 = 100_000;
const ACTIONS: u32 = 50_000;
const RUNS: usize = 7;

/// Seeds the data with set-based SQL: a numbers table, then one INSERT … SELECT per table.
fn seed(conn: &mut DbConnection, postgres: bool) {
    let id = |prefix: &str, n: &str| {
        if postgres {
            format!("'{prefix}' || lpad(({n})::text, 12, '0')")
        } else {
            format!("'{prefix}' || printf('%012d', {n})")
        }
    };
    let numbers = if postgres {
        "CREATE TEMP TABLE numbers AS SELECT generate_series(0, 99999) AS n;".to_owned()
    } else {
        "CREATE TEMP TABLE numbers AS WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < 99999) SELECT n FROM s;".to_owned()
    };
    let time = |days: &str| {
        if postgres {
            format!("TIMESTAMP '2025-01-01 00:00:00' + ({days}) * INTERVAL '1 day'")
        } else {
            format!("datetime('2025-01-01 00:00:00', '+' || ({days}) || ' days')")
        }
    };
    let date = |days: &str| {
        if postgres {
            format!("DATE '2025-06-01' + ({days})")
        } else {
            format!("date('2025-06-01', '+' || ({days}) || ' days')")
        }
    };
    let categories = "CASE n % 9 WHEN 0 THEN 'late_payment' WHEN 1 THEN 'abusive_conduct' WHEN 2 THEN 'unresponsive' \
        WHEN 3 THEN 'scope_dispute' WHEN 4 THEN 'chronic_complaints' WHEN 5 THEN 'dissatisfaction' \
        WHEN 6 THEN 'out_of_scope_request' WHEN 7 THEN 'advice_rejected' ELSE 'other' END";
    let gap = |expr: &str| {
        format!(
            "CASE ({expr}) % 13 WHEN 0 THEN 'scope_undefined' WHEN 1 THEN 'expectations_misaligned' WHEN 2 THEN 'contact_cadence' \
             WHEN 3 THEN 'conduct_boundaries' WHEN 4 THEN 'escalation_path' WHEN 5 THEN 'payment_followup' \
             WHEN 6 THEN 'intake_checklist' WHEN 7 THEN 'complaint_timebox' WHEN 8 THEN 'response_commitment' \
             WHEN 9 THEN 'evidence_trail' WHEN 10 THEN 'service_catalog' WHEN 11 THEN 'advice_protocol' ELSE 'internal_handoff' END"
        )
    };
    let statuses = "CASE n % 6 WHEN 0 THEN 'open' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'done' WHEN 3 THEN 'verified' \
        WHEN 4 THEN 'cancelled' ELSE 'reopened' END";
    let client_of = |n: &str| id("00000000-0000-7000-8000-", &format!("({n}) % {CLIENTS}"));
    let incident = |n: &str| id("00000000-0000-7000-9000-", n);
    let action = |n: &str| id("00000000-0000-7000-a000-", n);
    let sql = format!(
        "{numbers}
        INSERT INTO clients SELECT {client}, 'Client ' || n, NULL, 'ro', {t0}, {t0} FROM numbers WHERE n < {CLIENTS};
        INSERT INTO incidents SELECT {incident}, {client_n}, {categories}, 'medium', 'open', {occurred}, 'bench', 'ro',
            'Incident ' || n, NULL, {t0}, {t0} FROM numbers WHERE n < {INCIDENTS};
        INSERT INTO retrospectives SELECT {incident}, 'what happened', NULL, NULL, NULL, 'published', {t0}, {t0}
            FROM numbers WHERE n < {INCIDENTS} AND n % 5 <> 0;
        INSERT INTO retrospective_gaps SELECT {incident}, {gap_a}, TRUE, NULL FROM numbers WHERE n < {INCIDENTS} AND n % 5 <> 0;
        INSERT INTO retrospective_gaps SELECT {incident}, {gap_b}, FALSE, NULL FROM numbers WHERE n < {INCIDENTS} AND n % 5 = 1;
        INSERT INTO actions SELECT {action}, {client_a}, {gap_a}, 'Action ' || n, NULL, 'owner', {due}, {statuses}, NULL, NULL,
            CASE WHEN n % 6 IN (2, 3, 5) THEN {done} ELSE NULL END, {t0}, {t0}, {first},
            CASE WHEN n % 6 IN (2, 3, 5) THEN 20.0 + n % 97 ELSE NULL END FROM numbers WHERE n < {ACTIONS};
        INSERT INTO action_incidents SELECT {action}, {action_incident} FROM numbers WHERE n < {ACTIONS};
        INSERT INTO incident_repeats SELECT {incident}, {repeat_action}, NULL, {gap_a}, {t0}
            FROM numbers WHERE n < {INCIDENTS} AND n % 20 = 3;",
        client = client_of("n"),
        client_n = client_of("n"),
        client_a = client_of("2 * n"),
        t0 = time("0"),
        incident = incident("n"),
        occurred = time("n % 700"),
        gap_a = gap("n"),
        gap_b = gap("n + 5"),
        action = action("n"),
        action_incident = incident("2 * n"),
        repeat_action = action(&format!("n % {ACTIONS}")),
        due = date("n % 400"),
        done = time("(2 * n) % 700 + 20"),
        first = time("(2 * n) % 700"),
    );
    conn.batch_execute(&sql).expect("seed");
    conn.batch_execute("ANALYZE").expect("analyze");
}

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

fn bench(name: &str, conn: &mut DbConnection, postgres: bool) {
    let started = Instant::now();
    seed(conn, postgres);
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
    bench("SQLite", &mut conn, false);

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
    bench("PostgreSQL", &mut conn, true);
    let _ = admin.batch_execute(&format!("DROP SCHEMA {schema} CASCADE"));
}
