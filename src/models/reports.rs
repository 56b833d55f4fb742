//! Reports: figures per gap, totals, a client's health. Every figure is computed by the database
//! (GROUP BY, window functions); no report loads the rows it counts.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::sql_types::{BigInt, Date, Double, Nullable, Text, Timestamp};
use diesel::{QueryableByName, RunQueryDsl};
use uuid::Uuid;

use super::stored_code;
use crate::db::DbConnection;
use crate::domain::{ActionStatus, Category, Code, Gap};
use crate::error::ApiError;

/// Which incidents a report counts.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    /// Occurred at or after.
    pub from: Option<NaiveDateTime>,
    /// Occurred before.
    pub to: Option<NaiveDateTime>,
    pub client_id: Option<Uuid>,
}

impl Scope {
    /// Counts everything.
    pub fn is_empty(&self) -> bool {
        self.from.is_none() && self.to.is_none() && self.client_id.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct GapFigures {
    pub gap: Option<Gap>,
    pub incidents: i64,
    pub repeats: i64,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// Median days from the (earliest) incident to the action being done.
    pub median_days_to_done: Option<f64>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    pub incidents: i64,
    pub repeat_incidents: i64,
    pub actions: i64,
    pub open_actions: i64,
    pub overdue_actions: i64,
    pub done_actions: i64,
    pub done_on_time: i64,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ClientHealth {
    pub incidents_by_category: Vec<(Category, i64)>,
    pub confirmed_gaps: Vec<(Gap, i64)>,
    pub open_actions: i64,
    pub overdue_actions: i64,
    pub repeats: i64,
}

/// A SQL text with its parameters, written once for both backends.
struct Sql {
    text: String,
    binds: Vec<Bind>,
    postgres: bool,
}

enum Bind {
    Text(String),
    Time(NaiveDateTime),
    Date(NaiveDate),
}

impl Sql {
    fn new(conn: &DbConnection) -> Self {
        Self {
            text: String::new(),
            binds: Vec::new(),
            postgres: matches!(conn, DbConnection::Postgresql(_)),
        }
    }

    fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    fn bind(&mut self, value: Bind) -> &mut Self {
        self.binds.push(value);
        let placeholder = if self.postgres {
            format!("${}", self.binds.len())
        } else {
            "?".to_owned()
        };
        self.text.push_str(&placeholder);
        self
    }

    /// ` AND …` conditions on the incidents aliased `i` (and the client of actions `a`, if given).
    fn scope(&mut self, scope: &Scope, action_alias: Option<&str>) -> &mut Self {
        if let Some(from) = scope.from {
            self.push(" AND i.occurred_at >= ").bind(Bind::Time(from));
        }
        if let Some(to) = scope.to {
            self.push(" AND i.occurred_at < ").bind(Bind::Time(to));
        }
        if let Some(client) = scope.client_id {
            let column = action_alias.map_or("i.client_id".to_owned(), |a| format!("{a}.client_id"));
            self.push(&format!(" AND {column} = "))
                .bind(Bind::Text(client.to_string()));
        }
        self
    }

    fn date_of(&self, timestamp: &str) -> String {
        if self.postgres {
            format!("CAST({timestamp} AS DATE)")
        } else {
            format!("date({timestamp})")
        }
    }

    fn load<R>(&self, conn: &mut DbConnection) -> Result<Vec<R>, ApiError>
    where
        R: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
    {
        macro_rules! run {
            ($conn:expr, $backend:ty) => {{
                let mut query = diesel::sql_query(self.text.clone()).into_boxed::<$backend>();
                for bind in &self.binds {
                    query = match bind {
                        Bind::Text(v) => query.bind::<Text, _>(v.clone()),
                        Bind::Time(v) => query.bind::<Timestamp, _>(*v),
                        Bind::Date(v) => query.bind::<Date, _>(*v),
                    };
                }
                query.load::<R>($conn)?
            }};
        }
        Ok(match conn {
            DbConnection::Sqlite(c) => run!(c, diesel::sqlite::Sqlite),
            DbConnection::Postgresql(c) => run!(c, diesel::pg::Pg),
        })
    }
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct KeyedMedian {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Nullable<Double>)]
    median: Option<f64>,
}

#[derive(QueryableByName)]
struct Median {
    #[diesel(sql_type = Nullable<Double>)]
    median: Option<f64>,
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// `FROM … WHERE …` for `table alias`, joined to its incidents `i` when the scope filters them,
/// ready for the scope's own conditions. Written as `incidents i CROSS JOIN …` with the join
/// condition in WHERE: SQLite then reads the incidents in range first (its newer planner otherwise
/// scans every gap row and looks each incident up, 7× slower at 100,000 incidents); PostgreSQL
/// plans it as any inner join.
fn scoped(table_and_alias: &str, scope: &Scope) -> String {
    if scope.is_empty() {
        return format!("FROM {table_and_alias} WHERE 1 = 1");
    }
    let alias = table_and_alias.rsplit(' ').next().unwrap_or(table_and_alias);
    format!("FROM incidents i CROSS JOIN {table_and_alias} WHERE {alias}.incident_id = i.id")
}

fn pending() -> String {
    [ActionStatus::Open, ActionStatus::InProgress, ActionStatus::Reopened]
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn counts(conn: &mut DbConnection, build: impl FnOnce(&mut Sql)) -> Result<Vec<(String, i64)>, ApiError> {
    let mut sql = Sql::new(conn);
    build(&mut sql);
    Ok(sql.load::<Count>(conn)?.into_iter().map(|c| (c.key, c.n)).collect())
}

fn total(conn: &mut DbConnection, build: impl FnOnce(&mut Sql)) -> Result<i64, ApiError> {
    let mut sql = Sql::new(conn);
    build(&mut sql);
    Ok(sql.load::<Total>(conn)?.first().map_or(0, |t| t.n))
}

/// Actions of the scope's client (all clients without one) that are pending, optionally overdue.
fn pending_actions(sql: &mut Sql, scope: &Scope, today: Option<NaiveDate>, group_by_gap: bool) {
    sql.push(if group_by_gap {
        "SELECT a.gap AS key, COUNT(*) AS n"
    } else {
        "SELECT COUNT(*) AS n"
    });
    sql.push(&format!(" FROM actions a WHERE a.status IN ({})", pending()));
    if let Some(client) = scope.client_id {
        sql.push(" AND a.client_id = ").bind(Bind::Text(client.to_string()));
    }
    if let Some(today) = today {
        sql.push(" AND a.due_date < ").bind(Bind::Date(today));
    }
    if group_by_gap {
        sql.push(" GROUP BY a.gap");
    }
}

/// The done actions in the scope, for the median: its dates apply to the action's earliest incident.
fn done_actions(sql: &mut Sql, scope: &Scope) {
    sql.push(" FROM actions a WHERE a.days_to_done IS NOT NULL");
    if let Some(from) = scope.from {
        sql.push(" AND a.first_incident_at >= ").bind(Bind::Time(from));
    }
    if let Some(to) = scope.to {
        sql.push(" AND a.first_incident_at < ").bind(Bind::Time(to));
    }
    if let Some(client) = scope.client_id {
        sql.push(" AND a.client_id = ").bind(Bind::Text(client.to_string()));
    }
}

#[derive(QueryableByName)]
struct KeptCounts {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    incidents: i64,
    #[diesel(sql_type = BigInt)]
    repeats: i64,
    #[diesel(sql_type = BigInt)]
    pending_actions: i64,
    #[diesel(sql_type = BigInt)]
    done_actions: i64,
}

/// Per gap over all clients and all time, the counts the database keeps as the data changes
/// (migration `gap_counts`): the folded counts plus the changes not folded yet, read in one
/// statement, so a fold committing meanwhile is seen wholly or not at all.
fn kept_counts(conn: &mut DbConnection) -> Result<Vec<KeptCounts>, ApiError> {
    let mut sql = Sql::new(conn);
    sql.push(
        "SELECT gap AS key, CAST(SUM(incidents) AS BIGINT) AS incidents, CAST(SUM(repeats) AS BIGINT) AS repeats, \
         CAST(SUM(pending_actions) AS BIGINT) AS pending_actions, CAST(SUM(done_actions) AS BIGINT) AS done_actions \
         FROM (SELECT gap, incidents, repeats, pending_actions, done_actions FROM gap_counts \
         UNION ALL SELECT gap, incidents, repeats, pending_actions, done_actions FROM gap_count_changes) t GROUP BY gap",
    );
    sql.load(conn)
}

/// Folds the changes the triggers appended into the kept counts; returns how many. On
/// PostgreSQL one statement deletes the changes and adds exactly what it deleted, so replicas
/// folding at once never count a change twice; SQLite has one writer at a time.
pub fn fold_gap_counts(conn: &mut DbConnection) -> Result<usize, ApiError> {
    const ADD: &str = "SELECT gap, SUM(incidents), SUM(repeats), SUM(pending_actions), SUM(done_actions)";
    const UPSERT: &str = "ON CONFLICT (gap) DO UPDATE SET incidents = gap_counts.incidents + excluded.incidents, \
        repeats = gap_counts.repeats + excluded.repeats, \
        pending_actions = gap_counts.pending_actions + excluded.pending_actions, \
        done_actions = gap_counts.done_actions + excluded.done_actions";
    const COLUMNS: &str = "INSERT INTO gap_counts (gap, incidents, repeats, pending_actions, done_actions)";
    match conn {
        DbConnection::Postgresql(c) => Ok(diesel::sql_query(format!(
            "WITH moved AS (DELETE FROM gap_count_changes RETURNING *) \
             {COLUMNS} {ADD} FROM moved GROUP BY gap {UPSERT}"
        ))
        .execute(c)?),
        DbConnection::Sqlite(c) => {
            let last: Vec<Count> =
                diesel::sql_query("SELECT 'last' AS key, COALESCE(MAX(id), 0) AS n FROM gap_count_changes").load(c)?;
            let last = last.first().map_or(0, |l| l.n);
            let folded = diesel::sql_query(format!(
                "{COLUMNS} {ADD} FROM gap_count_changes WHERE id <= {last} GROUP BY gap {UPSERT}"
            ))
            .execute(c)?;
            diesel::sql_query(format!("DELETE FROM gap_count_changes WHERE id <= {last}")).execute(c)?;
            Ok(folded)
        }
    }
}

/// Per gap, the median days from incident to action done. Counted first, then each median read
/// from the index on (gap, days_to_done) at its place: a window over every done action sorted
/// all of them (36 ms at 50,000 actions), this reads two rows a gap.
/// `done`: the done actions per gap when already known (the kept counts).
fn median_days_to_done(
    conn: &mut DbConnection,
    scope: &Scope,
    done: Option<Vec<(String, i64)>>,
) -> Result<Vec<(String, Option<f64>)>, ApiError> {
    if matches!(conn, DbConnection::Postgresql(_)) && done.is_none() {
        return median_days_in_one_statement(conn, scope);
    }
    let done = match done {
        Some(done) => done,
        None => counts(conn, |sql| {
            sql.push("SELECT a.gap AS key, COUNT(*) AS n");
            done_actions(sql, scope);
            sql.push(" GROUP BY a.gap");
        })?,
    };
    let mut medians = Vec::with_capacity(done.len());
    for (gap, n) in done.into_iter().filter(|(_, n)| *n > 0) {
        let mut sql = Sql::new(conn);
        sql.push("SELECT AVG(m.days) AS median FROM (SELECT a.days_to_done AS days");
        done_actions(&mut sql, scope);
        // The middle one of an odd count, the two middle ones of an even count.
        sql.push(" AND a.gap = ").bind(Bind::Text(gap.clone())).push(&format!(
            " ORDER BY a.days_to_done LIMIT {} OFFSET {}) m",
            2 - n % 2,
            (n - 1) / 2
        ));
        let median = sql.load::<Median>(conn)?.into_iter().next().and_then(|m| m.median);
        medians.push((gap, median));
    }
    Ok(medians)
}

/// The same in one statement, for PostgreSQL, whose LIMIT may name the outer query's count
/// (SQLite's may not): one round trip instead of one per gap.
fn median_days_in_one_statement(
    conn: &mut DbConnection,
    scope: &Scope,
) -> Result<Vec<(String, Option<f64>)>, ApiError> {
    let mut sql = Sql::new(conn);
    sql.push("SELECT g.gap AS key, (SELECT AVG(m.days) FROM (SELECT a.days_to_done AS days");
    done_actions(&mut sql, scope);
    sql.push(
        " AND a.gap = g.gap ORDER BY a.days_to_done LIMIT 2 - g.n % 2 OFFSET (g.n - 1) / 2) m) AS median \
         FROM (SELECT a.gap AS gap, COUNT(*) AS n",
    );
    done_actions(&mut sql, scope);
    sql.push(" GROUP BY a.gap) g");
    Ok(sql
        .load::<KeyedMedian>(conn)?
        .into_iter()
        .map(|m| (m.key, m.median))
        .collect())
}

/// Per gap: incidents whose retrospective confirmed it, repeats, open and overdue actions, and the
/// median days from incident to action done. Gaps with nothing to show are left out.
pub fn gaps(conn: &mut DbConnection, scope: &Scope, today: NaiveDate) -> Result<Vec<GapFigures>, ApiError> {
    if scope.is_empty() {
        return gaps_from_kept_counts(conn, scope, today);
    }
    // One row per (incident, gap) by the primary key, so COUNT(*) counts incidents.
    let incidents = counts(conn, |sql| {
        sql.push(&format!(
            "SELECT rg.gap AS key, COUNT(*) AS n {}",
            scoped("retrospective_gaps rg", scope)
        ))
        .scope(scope, None)
        .push(" GROUP BY rg.gap");
    })?;
    let repeats = counts(conn, |sql| {
        sql.push(&format!(
            "SELECT r.gap AS key, COUNT(*) AS n {}",
            scoped("incident_repeats r", scope)
        ))
        .scope(scope, None)
        .push(" GROUP BY r.gap");
    })?;
    let open = counts(conn, |sql| pending_actions(sql, scope, None, true))?;
    let overdue = counts(conn, |sql| pending_actions(sql, scope, Some(today), true))?;
    let medians = median_days_to_done(conn, scope, None)?;
    Ok(figures_per_gap(&incidents, &repeats, &open, &overdue, &medians))
}

/// The same over all clients and all time, from the kept counts: only what depends on the day
/// (overdue) and the medians are read from the rows.
fn gaps_from_kept_counts(
    conn: &mut DbConnection,
    scope: &Scope,
    today: NaiveDate,
) -> Result<Vec<GapFigures>, ApiError> {
    let kept = kept_counts(conn)?;
    let column = |pick: fn(&KeptCounts) -> i64| -> Vec<(String, i64)> {
        kept.iter().map(|k| (k.key.clone(), pick(k))).collect()
    };
    let (incidents, repeats, open, done) = (
        column(|k| k.incidents),
        column(|k| k.repeats),
        column(|k| k.pending_actions),
        column(|k| k.done_actions),
    );
    let overdue = counts(conn, |sql| pending_actions(sql, scope, Some(today), true))?;
    let medians = median_days_to_done(conn, scope, Some(done))?;
    Ok(figures_per_gap(&incidents, &repeats, &open, &overdue, &medians))
}

/// One row per gap with anything to show, in the catalog's order.
fn figures_per_gap(
    incidents: &[(String, i64)],
    repeats: &[(String, i64)],
    open: &[(String, i64)],
    overdue: &[(String, i64)],
    medians: &[(String, Option<f64>)],
) -> Vec<GapFigures> {
    let find = |list: &[(String, i64)], gap: Gap| list.iter().find(|(k, _)| k == gap.code()).map_or(0, |(_, n)| *n);
    let mut figures = Vec::new();
    for &gap in <Gap as strum::VariantArray>::VARIANTS {
        let median = medians.iter().find(|(key, _)| key == gap.code()).and_then(|(_, m)| *m);
        let row = GapFigures {
            gap: Some(gap),
            incidents: find(incidents, gap),
            repeats: find(repeats, gap),
            open_actions: find(open, gap),
            overdue_actions: find(overdue, gap),
            median_days_to_done: median.map(|d| (d * 10.0).round() / 10.0),
        };
        if row.incidents + row.repeats + row.open_actions + row.overdue_actions > 0 || median.is_some() {
            figures.push(row);
        }
    }
    figures
}

pub fn overview(conn: &mut DbConnection, scope: &Scope, today: NaiveDate) -> Result<Overview, ApiError> {
    let incidents = total(conn, |sql| {
        sql.push("SELECT COUNT(*) AS n FROM incidents i WHERE 1 = 1")
            .scope(scope, None);
    })?;
    let repeat_incidents = total(conn, |sql| {
        sql.push(&format!(
            "SELECT COUNT(DISTINCT r.incident_id) AS n {}",
            scoped("incident_repeats r", scope)
        ))
        .scope(scope, None);
    })?;
    let actions_of_client = |sql: &mut Sql| {
        if let Some(client) = scope.client_id {
            sql.push(" AND a.client_id = ").bind(Bind::Text(client.to_string()));
        }
    };
    let actions = total(conn, |sql| {
        sql.push("SELECT COUNT(*) AS n FROM actions a WHERE 1 = 1");
        actions_of_client(sql);
    })?;
    let open_actions = total(conn, |sql| pending_actions(sql, scope, None, false))?;
    let overdue_actions = total(conn, |sql| pending_actions(sql, scope, Some(today), false))?;
    let done_actions = total(conn, |sql| {
        sql.push("SELECT COUNT(*) AS n FROM actions a WHERE a.done_at IS NOT NULL");
        actions_of_client(sql);
    })?;
    let done_on_time = total(conn, |sql| {
        let done_day = sql.date_of("a.done_at");
        sql.push(&format!(
            "SELECT COUNT(*) AS n FROM actions a WHERE a.done_at IS NOT NULL AND {done_day} <= a.due_date"
        ));
        actions_of_client(sql);
    })?;
    Ok(Overview {
        incidents,
        repeat_incidents,
        actions,
        open_actions,
        overdue_actions,
        done_actions,
        done_on_time,
    })
}

pub fn client_health(conn: &mut DbConnection, client_id: Uuid, today: NaiveDate) -> Result<ClientHealth, ApiError> {
    let scope = Scope {
        client_id: Some(client_id),
        ..Scope::default()
    };
    let by_category = counts(conn, |sql| {
        sql.push("SELECT i.category AS key, COUNT(*) AS n FROM incidents i WHERE 1 = 1")
            .scope(&scope, None)
            .push(" GROUP BY i.category ORDER BY n DESC, i.category");
    })?;
    let gaps = counts(conn, |sql| {
        sql.push(&format!(
            "SELECT rg.gap AS key, COUNT(*) AS n {}",
            scoped("retrospective_gaps rg", &scope)
        ))
        .scope(&scope, None)
        .push(" GROUP BY rg.gap ORDER BY n DESC, rg.gap");
    })?;
    let repeats = total(conn, |sql| {
        sql.push(&format!(
            "SELECT COUNT(DISTINCT r.incident_id) AS n {}",
            scoped("incident_repeats r", &scope)
        ))
        .scope(&scope, None);
    })?;
    Ok(ClientHealth {
        incidents_by_category: by_category
            .into_iter()
            .map(|(k, n)| Ok((stored_code(&k)?, n)))
            .collect::<Result<_, ApiError>>()?,
        confirmed_gaps: gaps
            .into_iter()
            .map(|(k, n)| Ok((stored_code(&k)?, n)))
            .collect::<Result<_, ApiError>>()?,
        open_actions: total(conn, |sql| pending_actions(sql, &scope, None, false))?,
        overdue_actions: total(conn, |sql| pending_actions(sql, &scope, Some(today), false))?,
        repeats,
    })
}

#[cfg(test)]
mod tests {
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::config::{Config, DatabaseArgs, SqliteSynchronous};
    use crate::db::{migrations, ConnectionManager};

    /// Medians of odd and even counts, per gap and per client, read at their place.
    #[test]
    fn the_median_is_the_middle_day_or_the_mean_of_the_two_middle_days() {
        let dir = tempfile::tempdir().expect("temp dir");
        let args = DatabaseArgs {
            database_url: dir.path().join("r.db").to_str().expect("utf-8").to_owned(),
            sqlite_synchronous: SqliteSynchronous::Normal,
            pool_size: 1,
            busy_timeout: 5.0,
        };
        let mut conn = ConnectionManager::new(&Config::new(&args, String::new()))
            .establish()
            .expect("open");
        migrations::run_pending(&mut conn).expect("migrations");
        conn.batch_execute("PRAGMA foreign_keys = OFF").expect("pragma");
        let (ours, theirs) = (Uuid::from_u128(1), Uuid::from_u128(2));
        let done = [
            (ours, "payment_followup", 5.0),
            (ours, "payment_followup", 1.0),
            (ours, "payment_followup", 3.0),
            (theirs, "payment_followup", 100.0),
            (ours, "scope_undefined", 10.0),
            (ours, "scope_undefined", 2.0),
            (ours, "scope_undefined", 8.0),
            (ours, "scope_undefined", 4.0),
        ];
        for (i, (client, gap, days)) in done.iter().enumerate() {
            conn.batch_execute(&format!(
                "INSERT INTO actions (id, client_id, gap, title, owner, due_date, status, created_at, updated_at, \
                 days_to_done) VALUES ('a{i}', '{client}', '{gap}', 'T', 'O', '2026-12-01', 'done', \
                 '2026-11-01 00:00:00', '2026-11-01 00:00:00', {days})"
            ))
            .expect("insert");
        }
        let mut median = |scope: &Scope, gap: &str| {
            median_days_to_done(&mut conn, scope, None)
                .expect("medians")
                .into_iter()
                .find(|(g, _)| g == gap)
                .and_then(|(_, m)| m)
        };
        let everyone = Scope::default();
        // 1, 3, 5, 100: the two middle days.
        assert_eq!(median(&everyone, "payment_followup"), Some(4.0));
        // 2, 4, 8, 10.
        assert_eq!(median(&everyone, "scope_undefined"), Some(6.0));
        assert_eq!(median(&everyone, "contact_cadence"), None);
        let ours_only = Scope {
            client_id: Some(ours),
            ..Scope::default()
        };
        // 1, 3, 5: the middle day.
        assert_eq!(median(&ours_only, "payment_followup"), Some(3.0));
    }
}
