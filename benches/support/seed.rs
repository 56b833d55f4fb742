//! A seeded dataset for the benchmarks, written with set-based SQL (a numbers table, then one
//! INSERT … SELECT per table), so that a million incidents take seconds, not hours. Shared by
//! `benches/reports.rs` and `examples/bench_db.rs` through `#[path]`.
//!
//! Ids are predictable: client n is `00000000-0000-7000-8000-{n:012}`, incident n
//! `00000000-0000-7000-9000-{n:012}`, action n `00000000-0000-7000-a000-{n:012}`.

use clientretro::db::DbConnection;
use diesel::connection::SimpleConnection;

pub struct Sizes {
    pub clients: u64,
    pub incidents: u64,
    pub actions: u64,
}

/// Adds incidents `first..sizes.incidents` (and the clients and actions when `first` is 0).
pub fn seed(conn: &mut DbConnection, sizes: &Sizes, first: u64) {
    let postgres = matches!(conn, DbConnection::Postgresql(_));
    let Sizes {
        clients,
        incidents,
        actions,
    } = *sizes;
    let id = |prefix: &str, n: &str| {
        if postgres {
            format!("'{prefix}' || lpad(({n})::text, 12, '0')")
        } else {
            format!("'{prefix}' || printf('%012d', {n})")
        }
    };
    let numbers = if postgres {
        format!("CREATE TEMP TABLE numbers AS SELECT generate_series({first}::bigint, {incidents} - 1) AS n;")
    } else {
        format!(
            "CREATE TEMP TABLE numbers AS WITH RECURSIVE s(n) AS (SELECT {first} UNION ALL SELECT n + 1 FROM s WHERE n < {incidents} - 1) SELECT n FROM s;"
        )
    };
    let time = |days: &str| {
        if postgres {
            format!("TIMESTAMP '2025-01-01 00:00:00' + ({days}) * INTERVAL '1 day'")
        } else {
            format!("datetime('2025-01-01 00:00:00', '+' || ({days}) || ' days')")
        }
    };
    // Spread over 700 days to the second, so that pages in time order do not tie.
    let occurred = if postgres {
        "TIMESTAMP '2025-01-01 00:00:00' + (n * 60480 % 60480000) * INTERVAL '1 second'".to_owned()
    } else {
        "datetime('2025-01-01 00:00:00', '+' || (n * 60480 % 60480000) || ' seconds')".to_owned()
    };
    let date = |days: &str| {
        if postgres {
            format!("DATE '2025-06-01' + (({days}))::int")
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
    let action_statuses =
        "CASE n % 6 WHEN 0 THEN 'open' WHEN 1 THEN 'in_progress' WHEN 2 THEN 'done' WHEN 3 THEN 'verified' \
        WHEN 4 THEN 'cancelled' ELSE 'reopened' END";
    let incident_statuses = "CASE n % 3 WHEN 0 THEN 'open' WHEN 1 THEN 'in_review' ELSE 'closed' END";
    let client_of = |n: &str| id("00000000-0000-7000-8000-", &format!("({n}) % {clients}"));
    let incident = |n: &str| id("00000000-0000-7000-9000-", n);
    let action = |n: &str| id("00000000-0000-7000-a000-", n);
    let once = if first == 0 {
        format!(
            "INSERT INTO clients (id, name, contact_email, preferred_language, created_at, updated_at)
                SELECT {client}, 'Client ' || n, NULL, 'ro', {t0}, {t0} FROM numbers WHERE n < {clients};
            INSERT INTO actions (id, client_id, gap, title, description, owner, due_date, status, completion_note,
                verification_note, done_at, created_at, updated_at, first_incident_at, days_to_done)
                SELECT {action}, {client_a}, {gap_a}, 'Action ' || n, NULL, 'owner', {due}, {action_statuses}, NULL, NULL,
                CASE WHEN n % 6 IN (2, 3, 5) THEN {done} ELSE NULL END, {t0}, {t0}, {first_at},
                CASE WHEN n % 6 IN (2, 3, 5) THEN 20.0 + n % 97 ELSE NULL END FROM numbers WHERE n < {actions};",
            client = client_of("n"),
            client_a = client_of("2 * n"),
            t0 = time("0"),
            action = action("n"),
            gap_a = gap("n"),
            due = date("n % 400"),
            done = time("(2 * n) % 700 + 20"),
            first_at = time("(2 * n) % 700"),
        )
    } else {
        String::new()
    };
    let sql = format!(
        "{numbers}
        {once}
        INSERT INTO incidents (id, client_id, category, severity, status, occurred_at, reported_by, language, summary,
            description, created_at, updated_at)
            SELECT {incident}, {client_n}, {categories}, 'medium', {incident_statuses}, {occurred}, 'bench', 'ro',
            'Incident ' || n, NULL, {t0}, {t0} FROM numbers;
        INSERT INTO retrospectives (incident_id, what_happened, client_view, our_view, lessons, status, created_at, updated_at)
            SELECT {incident}, 'what happened', NULL, NULL, NULL, 'published', {t0}, {t0} FROM numbers WHERE n % 5 <> 0;
        INSERT INTO retrospective_gaps (incident_id, gap, is_primary, note)
            SELECT {incident}, {gap_a}, TRUE, NULL FROM numbers WHERE n % 5 <> 0;
        INSERT INTO retrospective_gaps (incident_id, gap, is_primary, note)
            SELECT {incident}, {gap_b}, FALSE, NULL FROM numbers WHERE n % 5 = 1;
        INSERT INTO action_incidents (action_id, incident_id)
            SELECT {action_n}, {incident} FROM numbers WHERE n % 2 = 0 AND n / 2 < {actions};
        INSERT INTO incident_repeats (incident_id, action_id, earlier_incident_id, gap, created_at)
            SELECT {incident}, {repeat_action}, NULL, {gap_a}, {t0} FROM numbers WHERE n % 20 = 3;
        DROP TABLE numbers;",
        client_n = client_of("n"),
        t0 = time("0"),
        incident = incident("n"),
        gap_a = gap("n"),
        gap_b = gap("n + 5"),
        action_n = action("n / 2"),
        repeat_action = action(&format!("n % {actions}")),
    );
    conn.batch_execute(&sql).expect("seed");
    // The triggers noted every seeded row as a change; fold them as the server's housekeeping would.
    clientretro::models::reports::fold_gap_counts(conn).expect("fold the gap counts");
    // On PostgreSQL, VACUUM too, as autovacuum soon would: until the visibility map is set, the
    // planner avoids index-only scans (a median per gap took 5 ms instead of 0.4).
    conn.batch_execute(if postgres { "VACUUM ANALYZE" } else { "ANALYZE" })
        .expect("analyze");
}
