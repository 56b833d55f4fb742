//! The command line: `serve` (the default), `migrate`, `openapi`.

use clap::{Parser, Subcommand};

use crate::app::{build_app, AppState};
use std::time::Duration;

use crate::config::RateLimit;
use crate::config::{Config, DatabaseArgs, WebhookSettings};
use crate::db::{migrations, Db};
use crate::domain::clock::Clock;
use crate::domain::{Code, Role};
use crate::i18n::Localizer;
use crate::models::api_key;

#[derive(Parser, Debug)]
#[command(
    name = "clientretro",
    version,
    about = "Learn from your hardest clients: incidents, the process gaps they expose, and the corrective actions that close them."
)]
pub struct Cli {
    #[command(flatten)]
    pub database: DatabaseArgs,

    /// Address to listen on.
    #[arg(long, env = "CLIENTRETRO_BIND", default_value = "127.0.0.1:8080", global = true)]
    pub bind: String,

    /// Log filter: `error`, `warn`, `info`, `debug`, or a tracing filter such as `clientretro=debug`.
    #[arg(long, env = "CLIENTRETRO_LOG", default_value = "info", global = true)]
    pub log_level: String,

    /// Days after an action is done before it may be verified (a repeat meanwhile reopens it).
    #[arg(
        long,
        env = "CLIENTRETRO_VERIFICATION_WINDOW_DAYS",
        default_value_t = 30,
        global = true
    )]
    pub verification_window_days: i64,

    /// Count a repeat across clients: an action closed for one client is reopened when another
    /// client's incident exposes the same gap.
    #[arg(long, env = "CLIENTRETRO_REPEAT_ACROSS_CLIENTS", global = true)]
    pub repeat_across_clients: bool,

    /// Seconds the gaps and actions reports' figures are kept once counted (0: counted for every
    /// request). A write on this server refreshes them at once; other replicas' within this time.
    #[arg(long, env = "CLIENTRETRO_REPORT_CACHE_SECONDS", default_value_t = 5, global = true)]
    pub report_cache_seconds: u64,

    /// Days the change feed (`GET /v1/events`) keeps its events, 30 to 3650; a consumer whose
    /// cursor is older must copy the lists again.
    #[arg(long, env = "CLIENTRETRO_EVENT_RETENTION_DAYS", default_value_t = 30, global = true,
          value_parser = clap::value_parser!(u32).range(30..=3650))]
    pub event_retention_days: u32,

    /// The firm's time zone (IANA name, e.g. `Europe/Bucharest`): days, and so every "due in N
    /// days", are counted there.
    #[arg(long, env = "CLIENTRETRO_TIMEZONE", default_value = "UTC", global = true, value_parser = parse_zone)]
    pub timezone: chrono_tz::Tz,

    /// The day the rules on time take as today (`YYYY-MM-DD`), instead of the system's: for
    /// rehearsing reminders and verdicts, and for tests. Never set it in production.
    #[arg(long, env = "CLIENTRETRO_TODAY", global = true)]
    pub today: Option<chrono::NaiveDate>,

    /// Days from filing an incident to its retrospective's due date, by severity
    /// (`critical=3,high=5,medium=10,low=20` are the defaults; name only those you change).
    #[arg(long, env = "CLIENTRETRO_RETROSPECTIVE_DUE_DAYS", default_value = "", global = true,
          value_parser = crate::config::FollowUp::parse_due_days)]
    pub retrospective_due_days: [u32; 4],

    /// Days before an action's due date when it is announced as due soon (`action.due_soon`;
    /// 0: never).
    #[arg(long, env = "CLIENTRETRO_ACTION_DUE_SOON_DAYS", default_value_t = 3, global = true,
          value_parser = clap::value_parser!(u32).range(0..=90))]
    pub action_due_soon_days: u32,

    /// Days between two `action.overdue` reminders of an unfinished action past its due date.
    #[arg(long, env = "CLIENTRETRO_ACTION_OVERDUE_EVERY_DAYS", default_value_t = 7, global = true,
          value_parser = clap::value_parser!(u32).range(1..=365))]
    pub action_overdue_every_days: u32,

    /// Requests per second each API key may sustain (0: no limit).
    #[arg(long, env = "CLIENTRETRO_RATE_LIMIT", default_value_t = 50, global = true)]
    pub rate_limit: u32,

    /// Requests each API key may send in a burst above its rate.
    #[arg(long, env = "CLIENTRETRO_RATE_LIMIT_BURST", default_value_t = 100, global = true)]
    pub rate_limit_burst: u32,

    /// Failed authentications one address may make in a minute; past it, an unknown key from
    /// that address is refused with 429 before any database lookup (0: no limit).
    #[arg(long, env = "CLIENTRETRO_AUTH_FAILURE_LIMIT", default_value_t = 20, global = true)]
    pub auth_failure_limit: u32,

    /// Address of a reverse proxy in front of the server (repeat the flag or separate with commas
    /// for several): for requests from it, the last address of `X-Forwarded-For` is the client's.
    #[arg(long, env = "CLIENTRETRO_TRUSTED_PROXY", value_delimiter = ',', global = true)]
    pub trusted_proxy: Vec<std::net::IpAddr>,

    /// The address clients reach this server at, e.g. `https://retro.example.com`: share links
    /// to a client's letter are written under it. Without it, no share link is made (409).
    #[arg(long, env = "CLIENTRETRO_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    #[command(flatten)]
    pub webhooks: WebhookArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Webhook delivery settings.
#[derive(clap::Args, Debug, Clone)]
pub struct WebhookArgs {
    /// Allow webhook URLs at loopback and private addresses (for a receiver on the same network).
    /// Link-local addresses, where cloud metadata services live, stay refused.
    #[arg(long, env = "CLIENTRETRO_WEBHOOK_ALLOW_PRIVATE", global = true)]
    pub webhook_allow_private: bool,

    /// Seconds one delivery attempt may take.
    #[arg(long, env = "CLIENTRETRO_WEBHOOK_TIMEOUT", default_value_t = 10.0, global = true)]
    pub webhook_timeout: f64,

    /// Seconds before the first retry of a failed delivery; each retry doubles it.
    #[arg(long, env = "CLIENTRETRO_WEBHOOK_FIRST_RETRY", default_value_t = 10.0, global = true)]
    pub webhook_first_retry: f64,

    /// The longest wait between two retries, in seconds.
    #[arg(long, env = "CLIENTRETRO_WEBHOOK_MAX_RETRY", default_value_t = 3600.0, global = true)]
    pub webhook_max_retry: f64,

    /// Hours after the event when a delivery that still fails is marked failed (at most 168: a week).
    #[arg(
        long,
        env = "CLIENTRETRO_WEBHOOK_GIVE_UP_HOURS",
        default_value_t = 24.0,
        global = true
    )]
    pub webhook_give_up_hours: f64,

    /// Hours a subscription's deliveries may fail with no success between before it is disabled.
    #[arg(
        long,
        env = "CLIENTRETRO_WEBHOOK_DISABLE_AFTER_HOURS",
        default_value_t = 72.0,
        global = true
    )]
    pub webhook_disable_after_hours: f64,

    /// Seconds between two looks for due deliveries.
    #[arg(long, env = "CLIENTRETRO_WEBHOOK_POLL", default_value_t = 1.0, global = true)]
    pub webhook_poll: f64,

    /// Days a delivered or failed delivery and its attempts are kept after the last attempt.
    #[arg(
        long,
        env = "CLIENTRETRO_WEBHOOK_RETENTION_DAYS",
        default_value_t = 30.0,
        global = true
    )]
    pub webhook_retention_days: f64,
}

/// The longest a failing delivery is retried: a week.
const MAX_GIVE_UP: Duration = Duration::from_secs(7 * 24 * 3600);

impl WebhookArgs {
    fn settings(&self) -> anyhow::Result<WebhookSettings> {
        let seconds = |name: &str, value: f64| {
            Duration::try_from_secs_f64(value)
                .ok()
                .filter(|d| !d.is_zero())
                .ok_or_else(|| anyhow::anyhow!("--{name} must be a positive number of seconds, not {value}"))
        };
        Ok(WebhookSettings {
            allow_private: self.webhook_allow_private,
            timeout: seconds("webhook-timeout", self.webhook_timeout)?,
            first_retry_delay: seconds("webhook-first-retry", self.webhook_first_retry)?,
            max_retry_delay: seconds("webhook-max-retry", self.webhook_max_retry)?,
            give_up_after: seconds("webhook-give-up-hours", self.webhook_give_up_hours * 3600.0).and_then(|d| {
                if d <= MAX_GIVE_UP {
                    Ok(d)
                } else {
                    Err(anyhow::anyhow!(
                        "--webhook-give-up-hours may be at most 168 (a week), not {}",
                        self.webhook_give_up_hours
                    ))
                }
            })?,
            disable_after: seconds("webhook-disable-after-hours", self.webhook_disable_after_hours * 3600.0)?,
            poll_interval: seconds("webhook-poll", self.webhook_poll)?,
            retention: seconds("webhook-retention-days", self.webhook_retention_days * 86_400.0)?,
        })
    }
}

#[derive(Subcommand, Debug, Clone)]
pub enum Command {
    /// Serve the API and its docs (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Create, list and revoke API keys.
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Subcommand, Debug, Clone)]
pub enum KeysCommand {
    /// Create a key and print it (it is shown only this once).
    Create {
        /// Who or what uses the key, e.g. `crm`.
        #[arg(long)]
        name: String,
        /// `reader`, `writer` or `admin`.
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the keys (never their secrets).
    List,
    /// Revoke a key by its id.
    Revoke { id: uuid::Uuid },
}

fn parse_zone(value: &str) -> Result<chrono_tz::Tz, String> {
    value
        .parse()
        .map_err(|_| format!("not an IANA time zone such as Europe/Warsaw: {value}"))
}

fn parse_role(value: &str) -> Result<Role, String> {
    Role::parse(value).ok_or_else(|| format!("expected one of: {}", Role::allowed().join(", ")))
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::new(&cli.database, cli.bind.clone());
    config.busy_timeout = cli.database.busy_timeout()?;
    config.auth_failure_limit = cli.auth_failure_limit;
    config.trusted_proxies = cli.trusted_proxy.clone();
    config.verification_window_days = cli.verification_window_days;
    config.repeat_across_clients = cli.repeat_across_clients;
    config.report_cache = Duration::from_secs(cli.report_cache_seconds);
    config.event_retention = crate::config::EventRetention {
        days: cli.event_retention_days,
    };
    let clock = cli.today.map_or_else(Clock::system, Clock::fixed);
    config.clock = clock.in_zone(cli.timezone);
    config.follow_up = crate::config::FollowUp {
        retrospective_due_days: cli.retrospective_due_days,
        due_soon_days: cli.action_due_soon_days,
        overdue_every_days: cli.action_overdue_every_days,
    };
    config.rate_limit = RateLimit {
        per_second: cli.rate_limit,
        burst: cli.rate_limit_burst,
    };
    config.webhooks = cli.webhooks.settings()?;
    if let Some(url) = &cli.public_url {
        config.public_url = crate::config::PublicUrl::parse(url).map_err(|e| anyhow::anyhow!(e))?;
    }
    match cli.command.clone().unwrap_or(Command::Serve) {
        Command::Openapi => {
            print!("{}", crate::openapi::document_json());
            Ok(())
        }
        Command::Migrate => {
            init_logging(&cli.log_level);
            let manager = crate::db::ConnectionManager::new(&config);
            let mut conn = manager.establish()?;
            let applied = migrations::run_pending(&mut conn).map_err(|e| anyhow::anyhow!("migration failed: {e}"))?;
            println!("{} migration(s) applied to {}", applied.len(), config.database);
            Ok(())
        }
        Command::Keys(command) => {
            init_logging(&cli.log_level);
            // One connection, and none opened in the background: the pool refills itself on a
            // thread of its own, and a process that exits while that thread is inside libpq's
            // TLS set-up crashed there (SIGSEGV after the key was printed, one run in two).
            config.pool_size = 1;
            let db = Db::open(&config)?;
            actix_web::rt::System::new().block_on(keys(&db, command))
        }
        Command::Serve => {
            init_logging(&cli.log_level);
            actix_web::rt::System::new().block_on(serve(config))
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let localizer = Localizer::load()?;
    tracing::info!(database = %config.database, "opening the database");
    let db = Db::open(&config)?;
    let finder = crate::gapfinder::GapFinder::load()?;
    if let Some((key, token)) = db.write(api_key::bootstrap).await? {
        say(format_args!(
            "No API key existed, so an admin key was created (id {}).",
            key.id
        ));
        say(format_args!("It is shown only this once; keep it safe: {token}"));
    }
    let state = AppState::new(db.clone(), localizer, finder, &config);
    let worker = std::rc::Rc::new(
        crate::webhooks::Worker::new(db, state.localizer.clone(), &config.webhooks)?
            .with_event_retention(config.event_retention)
            .with_clock(config.clock)
            .with_follow_up(config.follow_up),
    );
    let worker = actix_web::rt::spawn(crate::webhooks::supervise(state.worker_health.clone(), move || {
        worker.clone().run()
    }));
    let server = actix_web::HttpServer::new(move || build_app(state.clone()))
        .bind(&config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
    crate::allocator::release_free_memory();
    for addr in server.addrs() {
        say(format_args!(
            "clientretro listens on http://{addr} ({})",
            config.database
        ));
        say(format_args!("API docs: http://{addr}/docs/"));
    }
    server.run().await?;
    worker.abort();
    Ok(())
}

async fn keys(db: &Db, command: KeysCommand) -> anyhow::Result<()> {
    match command {
        KeysCommand::Create { name, role } => {
            let (key, token) = db.write(move |conn| api_key::create(conn, &name, role)).await?;
            println!("Created {} key “{}” (id {}).", key.role.code(), key.name, key.id);
            println!("It is shown only this once; keep it safe:");
            println!("{token}");
        }
        KeysCommand::List => {
            let keys = db.read(api_key::list).await?;
            println!(
                "{:<36}  {:<6}  {:<12}  {:<20}  {:<20}  NAME",
                "ID", "ROLE", "PREFIX", "LAST USED", "REVOKED"
            );
            let time =
                |t: Option<chrono::NaiveDateTime>| t.map_or("-".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string());
            for key in keys {
                println!(
                    "{:<36}  {:<6}  {:<12}  {:<20}  {:<20}  {}",
                    key.id,
                    key.role.code(),
                    key.prefix,
                    time(key.last_used_at),
                    time(key.revoked_at),
                    key.name
                );
            }
        }
        KeysCommand::Revoke { id } => {
            let key = db.write(move |conn| api_key::revoke(conn, id)).await?;
            println!("Revoked key “{}” ({}).", key.name, key.id);
        }
    }
    Ok(())
}

/// Prints a line for the operator. A server whose standard output was closed (its supervisor
/// stopped reading) must keep serving, so write errors are ignored, unlike with `println!`.
fn say(line: std::fmt::Arguments) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn init_logging(filter: &str) {
    let filter =
        tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
