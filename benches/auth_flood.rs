//! A flood of made-up API keys must not take the database from real clients.
//!
//! Starts the release server on a fresh SQLite database and measures a valid key's
//! `GET /v1/clients/{id}` from 127.0.0.1 (4 connections, closed loop) three times: quiet; while
//! garbage tokens arrive from 127.0.0.2 at a fixed rate (open loop) on a default server, whose
//! failed-authentication limit refuses them from memory once 127.0.0.2 has failed 20 times; and,
//! for comparison, the same flood on a server started with `--auth-failure-limit 0`, where every
//! garbage token costs a blocking-pool hop and a database lookup. Prints p50/p99 of each and the
//! ratio of each flood p99 to the quiet one (the target: at most 2 with the limit).
//!
//! `cargo bench --bench auth_flood` (`AUTH_FLOOD_RATE`, requests per second, default 1000;
//! `AUTH_FLOOD_SECONDS` per phase, default 5).

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONNECTIONS: usize = 4;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

fn client_from(address: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(address))
        .pool_max_idle_per_host(256)
        .build()
        .expect("client")
}

struct Server {
    child: Child,
    base: String,
    admin_key: String,
}

impl Server {
    fn start(db: &std::path::Path, extra: &[(&str, &str)]) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut command = Command::new(env!("CARGO_BIN_EXE_clientretro"));
        command
            .env("DATABASE_URL", db)
            .env("CLIENTRETRO_BIND", format!("127.0.0.1:{port}"))
            .env("CLIENTRETRO_LOG", "error")
            .env("CLIENTRETRO_RATE_LIMIT", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (key, value) in extra {
            command.env(key, value);
        }
        let mut child = command.spawn().expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines().map_while(Result::ok);
        let mut admin_key = String::new();
        for line in lines.by_ref() {
            if let Some((_, key)) = line.split_once("keep it safe: ") {
                admin_key = key.trim().to_owned();
            }
            if line.contains("listens on") {
                break;
            }
        }
        std::thread::spawn(move || for _ in lines {});
        Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            admin_key,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Figures {
    p50: f64,
    p99: f64,
    count: usize,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(rank).copied().unwrap_or(f64::NAN)
}

/// The valid key's GETs for `seconds`, from 127.0.0.1 over `CONNECTIONS` connections.
fn measure(url: &str, key: &str, seconds: u64) -> Figures {
    let rt = runtime();
    let client = client_from(Ipv4Addr::LOCALHOST);
    let latencies = rt.block_on(async {
        let end = Instant::now() + Duration::from_secs(seconds);
        let tasks = (0..CONNECTIONS).map(|_| {
            let client = client.clone();
            async move {
                let mut own = Vec::new();
                while Instant::now() < end {
                    let start = Instant::now();
                    let response = client.get(url).bearer_auth(key).send().await.expect("answers");
                    assert_eq!(response.status().as_u16(), 200, "the valid key is served");
                    let _ = response.bytes().await;
                    own.push(start.elapsed().as_secs_f64() * 1000.0);
                }
                own
            }
        });
        futures_util::future::join_all(tasks).await.concat()
    });
    let mut sorted = latencies;
    sorted.sort_by(f64::total_cmp);
    Figures {
        p50: percentile(&sorted, 0.50),
        p99: percentile(&sorted, 0.99),
        count: sorted.len(),
    }
}

/// What the flood's requests were answered.
#[derive(Default)]
struct FloodCounts {
    unauthorized: AtomicUsize,
    refused: AtomicUsize,
    other: AtomicUsize,
    skipped: AtomicUsize,
}

/// Garbage tokens from 127.0.0.2 at `rate` per second until `stop`, on a thread of its own.
fn flood(url: String, rate: u64, stop: Arc<AtomicBool>, counts: Arc<FloodCounts>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let rt = runtime();
        let local = tokio::task::LocalSet::new();
        local.block_on(&rt, async move {
            let client = client_from(Ipv4Addr::new(127, 0, 0, 2));
            let in_flight = Rc::new(AtomicUsize::new(0));
            let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate as f64));
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            let mut n = 0u64;
            while !stop.load(Ordering::Relaxed) {
                ticker.tick().await;
                if in_flight.load(Ordering::Relaxed) >= 256 {
                    counts.skipped.fetch_add(1, Ordering::Relaxed);
                    continue;
                }
                n += 1;
                in_flight.fetch_add(1, Ordering::Relaxed);
                let (client, url, counts, in_flight) = (client.clone(), url.clone(), counts.clone(), in_flight.clone());
                tokio::task::spawn_local(async move {
                    let token = format!("crk_made_up_{n:020}");
                    let counter = match client.get(&url).bearer_auth(token).send().await {
                        Ok(r) if r.status().as_u16() == 401 => &counts.unauthorized,
                        Ok(r) if r.status().as_u16() == 429 => &counts.refused,
                        _ => &counts.other,
                    };
                    counter.fetch_add(1, Ordering::Relaxed);
                    in_flight.fetch_sub(1, Ordering::Relaxed);
                });
            }
        });
    })
}

/// Measures while the flood runs; returns the figures and what the flood was answered.
fn measure_under_flood(url: &str, key: &str, seconds: u64, rate: u64) -> (Figures, FloodCounts) {
    let stop = Arc::new(AtomicBool::new(false));
    let counts = Arc::new(FloodCounts::default());
    let flooding = flood(url.to_owned(), rate, stop.clone(), counts.clone());
    // Let the flood reach its rate (and the limit refuse it) before measuring.
    std::thread::sleep(Duration::from_secs(1));
    let figures = measure(url, key, seconds);
    stop.store(true, Ordering::Relaxed);
    let _ = flooding.join();
    let counts = Arc::try_unwrap(counts).unwrap_or_default();
    (figures, counts)
}

fn seed_client(server: &Server) -> String {
    let rt = runtime();
    rt.block_on(async {
        let text = reqwest::Client::new()
            .post(format!("{}/v1/clients", server.base))
            .bearer_auth(&server.admin_key)
            .header("Content-Type", "application/json")
            .body(r#"{"name": "Atelier Popescu SRL", "preferred_language": "ro"}"#)
            .send()
            .await
            .expect("answers")
            .text()
            .await
            .expect("body");
        let body: serde_json::Value = serde_json::from_str(&text).expect("json");
        body["id"].as_str().expect("id").to_owned()
    })
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names another bench skips this one.
    if std::env::args()
        .skip(1)
        .any(|a| !a.starts_with('-') && !"auth_flood".contains(a.as_str()))
    {
        return;
    }
    let rate = env_number("AUTH_FLOOD_RATE", 1000).max(1);
    let seconds = env_number("AUTH_FLOOD_SECONDS", 5).max(1);
    let dir = tempfile::tempdir().expect("temp dir");

    let guarded_db = dir.path().join("guarded.db");
    let server = Server::start(&guarded_db, &[]);
    let url = format!("{}/v1/clients/{}", server.base, seed_client(&server));
    // Warm up: connections, the key cache, SQLite's pages.
    measure(&url, &server.admin_key, 1);
    let quiet = measure(&url, &server.admin_key, seconds);
    let (guarded, guarded_counts) = measure_under_flood(&url, &server.admin_key, seconds, rate);
    drop(server);

    let open_db = dir.path().join("unguarded.db");
    let server = Server::start(&open_db, &[("CLIENTRETRO_AUTH_FAILURE_LIMIT", "0")]);
    let url = format!("{}/v1/clients/{}", server.base, seed_client(&server));
    measure(&url, &server.admin_key, 1);
    let open_quiet = measure(&url, &server.admin_key, seconds);
    let (open, open_counts) = measure_under_flood(&url, &server.admin_key, seconds, rate);
    drop(server);

    let line = |name: &str, f: &Figures| {
        println!(
            "{name:<44} p50 {:>7.2} ms  p99 {:>7.2} ms  ({} requests)",
            f.p50, f.p99, f.count
        );
    };
    let answered = |c: &FloodCounts| {
        format!(
            "garbage answered 401 ×{}, 429 ×{}, other ×{}; not sent (256 in flight) ×{}",
            c.unauthorized.load(Ordering::Relaxed),
            c.refused.load(Ordering::Relaxed),
            c.other.load(Ordering::Relaxed),
            c.skipped.load(Ordering::Relaxed)
        )
    };
    println!(
        "auth flood: a valid key's GET /v1/clients/{{id}} from 127.0.0.1 ({CONNECTIONS} connections, {seconds} s), \
         garbage tokens from 127.0.0.2 at {rate} req/s; release server, SQLite"
    );
    line("quiet", &quiet);
    line("flood, limit 20 failures/min (default)", &guarded);
    println!("    {}", answered(&guarded_counts));
    println!(
        "    p99 ratio flood/quiet: {:.2} ({})",
        guarded.p99 / quiet.p99,
        if guarded.p99 <= 2.0 * quiet.p99 {
            "ok: at most 2"
        } else {
            "MISSED: over 2"
        }
    );
    line("quiet, --auth-failure-limit 0", &open_quiet);
    line("flood, --auth-failure-limit 0 (no limit)", &open);
    println!("    {}", answered(&open_counts));
    println!("    p99 ratio flood/quiet: {:.2}", open.p99 / open_quiet.p99);
}
