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
struct Median {
    #[diesel(sql_type = Text)]
    key: String,
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

/// Per gap: incidents whose retrospective confirmed it, repeats, open and overdue actions, and the
/// median days from incident to action done. Gaps with nothing to show are left out.
pub fn gaps(conn: &mut DbConnection, scope: &Scope, today: NaiveDate) -> Result<Vec<GapFigures>, ApiError> {
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
    let medians = {
        let mut sql = Sql::new(conn);
        sql.push(
            "WITH r AS (SELECT a.gap AS gap, a.days_to_done AS days, \
             ROW_NUMBER() OVER (PARTITION BY a.gap ORDER BY a.days_to_done) AS rn, \
             COUNT(*) OVER (PARTITION BY a.gap) AS cnt FROM actions a WHERE a.days_to_done IS NOT NULL",
        );
        // The scope's dates apply to the action's earliest incident.
        if let Some(from) = scope.from {
            sql.push(" AND a.first_incident_at >= ").bind(Bind::Time(from));
        }
        if let Some(to) = scope.to {
            sql.push(" AND a.first_incident_at < ").bind(Bind::Time(to));
        }
        if let Some(client) = scope.client_id {
            sql.push(" AND a.client_id = ").bind(Bind::Text(client.to_string()));
        }
        sql.push(
            ") SELECT gap AS key, AVG(days) AS median FROM r WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2) GROUP BY gap",
        );
        sql.load::<Median>(conn)?
    };
    let find = |list: &[(String, i64)], gap: Gap| list.iter().find(|(k, _)| k == gap.code()).map_or(0, |(_, n)| *n);
    let mut figures = Vec::new();
    for &gap in <Gap as strum::VariantArray>::VARIANTS {
        let median = medians.iter().find(|m| m.key == gap.code()).and_then(|m| m.median);
        let row = GapFigures {
            gap: Some(gap),
            incidents: find(&incidents, gap),
            repeats: find(&repeats, gap),
            open_actions: find(&open, gap),
            overdue_actions: find(&overdue, gap),
            median_days_to_done: median.map(|d| (d * 10.0).round() / 10.0),
        };
        if row.incidents + row.repeats + row.open_actions + row.overdue_actions > 0 || median.is_some() {
            figures.push(row);
        }
    }
    Ok(figures)
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
