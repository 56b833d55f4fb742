#![cfg_attr(not(postgres_tests), allow(dead_code))]

//! The real `clientretro` binary as a child process on 127.0.0.1, for what only a process can
//! show: a restart, a crash. Killed when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::receiver::free_port;

pub struct Server {
    child: Child,
    pub base: String,
    database_url: String,
    env: Vec<(String, String)>,
    port: u16,
}

impl Server {
    /// Starts the server on `database_url` with these extra environment settings, and waits
    /// until it answers.
    pub async fn start(database_url: &str, env: &[(&str, &str)]) -> Self {
        let port = free_port();
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        let child = spawn(database_url, port, &env);
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            database_url: database_url.to_owned(),
            env,
            port,
        };
        server.wait_until_ready().await;
        server
    }

    /// SIGKILL: no shutdown, no flush; what the database committed is all that remains.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the same server again, on the same port and database.
    pub async fn restart(&mut self) {
        self.kill();
        self.child = spawn(&self.database_url, self.port, &self.env);
        self.wait_until_ready().await;
    }

    async fn wait_until_ready(&self) {
        let client = reqwest::Client::new();
        let start = Instant::now();
        loop {
            if let Ok(response) = client.get(format!("{}/healthz", self.base)).send().await {
                if response.status().is_success() {
                    return;
                }
            }
            assert!(start.elapsed() < Duration::from_secs(30), "the server did not start");
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn spawn(database_url: &str, port: u16, env: &[(String, String)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_clientretro"));
    command
        .env("DATABASE_URL", database_url)
        .env("CLIENTRETRO_BIND", format!("127.0.0.1:{port}"))
        .env("CLIENTRETRO_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the server binary starts");
    // Drain stdout so the server never blocks on a full pipe.
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || for _ in BufReader::new(stdout).lines() {});
    }
    child
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
