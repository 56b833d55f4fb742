//! Runtime configuration: one typed struct, read from flags with environment fallbacks.

use std::fmt;
use std::net::IpAddr;
use std::time::Duration;

use clap::{Args, ValueEnum};

use crate::domain::clock::Clock;

/// Where the data lives. A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else
/// is the path of a SQLite file.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseTarget {
    Sqlite(String),
    Postgres(String),
}

impl DatabaseTarget {
    pub fn parse(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres(url.to_owned())
        } else {
            Self::Sqlite(url.strip_prefix("sqlite://").unwrap_or(url).to_owned())
        }
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Never prints a PostgreSQL password: the URL is shown without its user information.
impl fmt::Display for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "SQLite file {path}"),
            Self::Postgres(url) => {
                let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
                let host = rest.rsplit_once('@').map_or(rest, |(_, host)| host);
                write!(f, "PostgreSQL {scheme}://{host}")
            }
        }
    }
}

impl fmt::Debug for DatabaseTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// SQLite's `synchronous` pragma. `full` (the default) makes every commit durable, also across
/// power loss; `normal` is faster with WAL but may lose the last commits if the machine (not the
/// process) goes down.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum SqliteSynchronous {
    #[default]
    Full,
    Normal,
}

impl SqliteSynchronous {
    pub fn pragma_value(self) -> &'static str {
        match self {
            Self::Full => "FULL",
            Self::Normal => "NORMAL",
        }
    }
}

/// The busy timeout when none is given.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the reports' figures are kept once counted, unless `--report-cache-seconds` says.
pub const DEFAULT_REPORT_CACHE: Duration = Duration::from_secs(5);

/// Options shared by every subcommand that touches the database.
#[derive(Args, Clone, Debug)]
pub struct DatabaseArgs {
    /// Database: a `postgres://` URL, or the path of a SQLite file (created when missing).
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "clientretro.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,

    /// SQLite durability: `full` survives power loss, `normal` is faster but may lose the last commits.
    #[arg(
        long,
        env = "CLIENTRETRO_SQLITE_SYNCHRONOUS",
        value_enum,
        default_value_t,
        global = true
    )]
    pub sqlite_synchronous: SqliteSynchronous,

    /// Database connections kept in the pool.
    #[arg(long, env = "CLIENTRETRO_POOL_SIZE", default_value_t = 8, global = true)]
    pub pool_size: u32,

    /// Seconds a statement waits for a lock another connection holds (SQLite's busy timeout,
    /// PostgreSQL's `lock_timeout`) before the request answers 503 with `Retry-After`.
    #[arg(long, env = "CLIENTRETRO_BUSY_TIMEOUT", default_value_t = 10.0, global = true)]
    pub busy_timeout: f64,
}

impl DatabaseArgs {
    /// The busy timeout, or why the flag's value is not one.
    pub fn busy_timeout(&self) -> anyhow::Result<Duration> {
        Duration::try_from_secs_f64(self.busy_timeout)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "--busy-timeout must be a positive number of seconds, not {}",
                    self.busy_timeout
                )
            })
    }
}

/// Everything the running service needs, built once at start and passed to the app.
#[derive(Clone, Debug)]
pub struct Config {
    pub database: DatabaseTarget,
    pub sqlite_synchronous: SqliteSynchronous,
    pub pool_size: u32,
    /// How long a request waits for a free database connection before answering 503.
    pub pool_timeout: Duration,
    /// How long a statement waits for a lock held by another connection before answering 503.
    pub busy_timeout: Duration,
    pub bind: String,
    /// Days after an action is done before it may be verified.
    pub verification_window_days: i64,
    /// Whether an action of any client is reopened by a repeat.
    pub repeat_across_clients: bool,
    pub rate_limit: RateLimit,
    /// How long the reports' figures are kept once counted (zero: not kept).
    pub report_cache: Duration,
    /// How long the change feed keeps its events.
    pub event_retention: EventRetention,
    /// Failed authentications one address may make per minute before its unknown keys are
    /// refused with 429 without a database lookup (0: no limit).
    pub auth_failure_limit: u32,
    /// Proxies whose `X-Forwarded-For` (its last address) names the client instead of the peer.
    pub trusted_proxies: Vec<IpAddr>,
    pub webhooks: WebhookSettings,
    /// What the rules on time take as today, in the firm's time zone.
    pub clock: Clock,
    /// When retrospectives and actions are due, and how often they are chased.
    pub follow_up: FollowUp,
    /// Where clients reach this server (`https://retro.example.com`): share links are written
    /// under it. Without it no share link is made.
    pub public_url: PublicUrl,
}

/// The absolute address share links are written under, without a final slash; `None` when the
/// operator gave none (`--public-url`), and then no link is made (409 `public_url_missing`):
/// a link derived from the request's `Host` would follow whatever a proxy or a caller wrote there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicUrl(pub Option<String>);

impl PublicUrl {
    /// An absolute `http` or `https` URL with a host and no query or fragment; a final slash is dropped.
    pub fn parse(value: &str) -> Result<Self, String> {
        let url = url::Url::parse(value.trim()).map_err(|e| format!("--public-url {value:?}: {e}"))?;
        let fine = matches!(url.scheme(), "http" | "https")
            && url.host().is_some()
            && url.query().is_none()
            && url.fragment().is_none()
            && url.username().is_empty()
            && url.password().is_none();
        if !fine {
            return Err(format!(
                "--public-url {value:?}: expected an absolute http or https URL such as https://retro.example.com"
            ));
        }
        Ok(Self(Some(url.as_str().trim_end_matches('/').to_owned())))
    }

    /// The address of the shared letter with this token.
    pub fn shared(&self, token: &str) -> Option<String> {
        self.0.as_ref().map(|base| format!("{base}/shared/{token}"))
    }
}

/// The rate limit per API key: requests per second a key may sustain, and how many it may
/// send at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub per_second: u32,
    pub burst: u32,
}

/// How webhooks are delivered.
#[derive(Clone, Debug, PartialEq)]
pub struct WebhookSettings {
    /// Whether webhook URLs may point at loopback and private addresses (never link-local).
    pub allow_private: bool,
    /// How long one delivery attempt may take.
    pub timeout: Duration,
    /// The wait before the first retry; each retry doubles it, up to `max_retry_delay`.
    pub first_retry_delay: Duration,
    pub max_retry_delay: Duration,
    /// After this long since the event, a delivery that still fails is marked failed.
    pub give_up_after: Duration,
    /// A subscription whose deliveries have failed this long with no success between is
    /// disabled (`failing`); an admin's `PATCH {"enabled": true}` turns it on again.
    pub disable_after: Duration,
    /// How often the worker looks for due deliveries and overdue actions.
    pub poll_interval: Duration,
    /// How long delivered and failed deliveries (and their attempts) are kept after their last
    /// attempt, before the worker's housekeeping deletes them.
    pub retention: Duration,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        Self {
            allow_private: false,
            timeout: Duration::from_secs(10),
            first_retry_delay: Duration::from_secs(10),
            max_retry_delay: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(24 * 3600),
            disable_after: Duration::from_secs(72 * 3600),
            poll_interval: Duration::from_secs(1),
            retention: Duration::from_secs(30 * 24 * 3600),
        }
    }
}

impl Config {
    pub fn new(db: &DatabaseArgs, bind: String) -> Self {
        Self {
            database: DatabaseTarget::parse(&db.database_url),
            sqlite_synchronous: db.sqlite_synchronous,
            pool_size: db.pool_size.max(1),
            pool_timeout: Duration::from_secs(5),
            busy_timeout: db.busy_timeout().unwrap_or(DEFAULT_BUSY_TIMEOUT),
            bind,
            verification_window_days: 30,
            repeat_across_clients: false,
            rate_limit: RateLimit {
                per_second: 50,
                burst: 100,
            },
            report_cache: DEFAULT_REPORT_CACHE,
            event_retention: EventRetention::default(),
            auth_failure_limit: 20,
            trusted_proxies: Vec::new(),
            webhooks: WebhookSettings::default(),
            clock: Clock::system(),
            follow_up: FollowUp::default(),
            public_url: PublicUrl::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_urls_select_postgres_and_hide_passwords() {
        let target = DatabaseTarget::parse("postgresql://app:s3cret@db.local:5432/retro");
        assert_eq!(target.backend_name(), "postgres");
        let shown = target.to_string();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.local:5432/retro"), "{shown}");
    }

    #[test]
    fn a_public_url_is_absolute_and_loses_its_final_slash() {
        let url = PublicUrl::parse("https://retro.example.com/").expect("valid");
        assert_eq!(
            url.shared("abc").as_deref(),
            Some("https://retro.example.com/shared/abc")
        );
        let under = PublicUrl::parse("https://example.com/retro/").expect("valid");
        assert_eq!(under.shared("t").as_deref(), Some("https://example.com/retro/shared/t"));
        for bad in [
            "retro.example.com",
            "ftp://x.example",
            "https://x.example/?a=1",
            "https://u:p@x.example",
        ] {
            assert!(PublicUrl::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(PublicUrl::default().shared("t"), None);
    }

    #[test]
    fn retrospective_due_days_are_read_by_severity_and_checked() {
        assert_eq!(FollowUp::parse_due_days("critical=1, low=30"), Ok([30, 10, 5, 1]));
        assert_eq!(FollowUp::parse_due_days(""), Ok([20, 10, 5, 3]));
        for bad in ["urgent=2", "high", "high=0", "high=366", "high=two"] {
            assert!(FollowUp::parse_due_days(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn anything_else_is_a_sqlite_path() {
        assert_eq!(
            DatabaseTarget::parse("data/retro.db"),
            DatabaseTarget::Sqlite("data/retro.db".into())
        );
        assert_eq!(
            DatabaseTarget::parse("sqlite://x.db"),
            DatabaseTarget::Sqlite("x.db".into())
        );
    }
}

/// The follow-through rules: a retrospective is due a number of days (by severity) after its
/// incident was filed; an action is announced `due_soon` this many days before its due date, and
/// `overdue` again every so many days until it is finished.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FollowUp {
    /// Days from filing to the retrospective's due date: low, medium, high, critical.
    pub retrospective_due_days: [u32; 4],
    /// Days before an action's due date it is announced as due soon (0: never).
    pub due_soon_days: u32,
    /// Days between two overdue reminders of the same action.
    pub overdue_every_days: u32,
}

impl Default for FollowUp {
    fn default() -> Self {
        Self {
            retrospective_due_days: [20, 10, 5, 3],
            due_soon_days: 3,
            overdue_every_days: 7,
        }
    }
}

impl FollowUp {
    /// Days from filing to the retrospective's due date for an incident this severe.
    pub fn retrospective_due_days(&self, severity: crate::domain::Severity) -> u32 {
        use crate::domain::Severity::*;
        let [low, medium, high, critical] = self.retrospective_due_days;
        match severity {
            Low => low,
            Medium => medium,
            High => high,
            Critical => critical,
        }
    }

    /// Reads `critical=3,high=5,medium=10,low=20` (any of them; the others keep their default).
    pub fn parse_due_days(value: &str) -> Result<[u32; 4], String> {
        let mut days = Self::default().retrospective_due_days;
        for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, number) = part
                .split_once('=')
                .ok_or_else(|| format!("expected severity=days such as high=5, not {part:?}"))?;
            let number: u32 = number
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=365).contains(n))
                .ok_or_else(|| format!("{part:?}: days must be a whole number from 1 to 365"))?;
            let slot = match name.trim() {
                "low" => 0,
                "medium" => 1,
                "high" => 2,
                "critical" => 3,
                other => return Err(format!("{other:?} is not a severity: low, medium, high or critical")),
            };
            days[slot] = number;
        }
        Ok(days)
    }
}

/// Days the change feed keeps its events: at least 30, so that a consumer down for a month can
/// still catch up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventRetention {
    pub days: u32,
}

impl EventRetention {
    pub const MIN_DAYS: u32 = 30;
    pub const MAX_DAYS: u32 = 3650;
}

impl Default for EventRetention {
    fn default() -> Self {
        Self { days: Self::MIN_DAYS }
    }
}
