//! The command line: `serve` (the default), `migrate`, `openapi`.

use clap::{Parser, Subcommand};

use crate::app::{build_app, AppState};
use crate::config::{Config, DatabaseArgs};
use crate::db::{migrations, Db};
use crate::i18n::Localizer;

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

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug, Clone, Copy)]
pub enum Command {
    /// Serve the API and its docs (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
}

pub fn run(cli: Cli) -> anyhow::Result<()> {
    let mut config = Config::new(&cli.database, cli.bind.clone());
    config.verification_window_days = cli.verification_window_days;
    config.repeat_across_clients = cli.repeat_across_clients;
    match cli.command.unwrap_or(Command::Serve) {
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
    let policy = crate::models::action::Policy {
        verification_window_days: config.verification_window_days,
        repeat_across_clients: config.repeat_across_clients,
    };
    let state = AppState::new(db, localizer, finder, policy);
    let server = actix_web::HttpServer::new(move || build_app(state.clone()))
        .bind(&config.bind)
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.bind))?;
    for addr in server.addrs() {
        println!("clientretro listens on http://{addr} ({})", config.database);
        println!("API docs: http://{addr}/docs/");
    }
    server.run().await?;
    Ok(())
}

fn init_logging(filter: &str) {
    let filter =
        tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}
