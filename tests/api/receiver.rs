#![cfg_attr(not(postgres_tests), allow(dead_code))]

//! A webhook receiver for the tests: a real HTTP server on 127.0.0.1 that checks every
//! signature with the `standardwebhooks` crate (the specification's own library, with its own
//! HMAC implementation, so the server's signing code is not checking itself), and that can be
//! stopped and started again on the same port.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use serde_json::Value;

/// One request the receiver got.
#[derive(Clone, Debug)]
pub struct Received {
    pub webhook_id: String,
    pub verified: bool,
    pub body: Value,
}

#[derive(Default)]
struct Shared {
    secret: Option<String>,
    received: Vec<Received>,
    /// Answer with this status and `Retry-After` instead of accepting.
    refuse_with: Option<(u16, u64)>,
}

pub struct Receiver {
    pub port: u16,
    shared: Arc<Mutex<Shared>>,
    server: Option<(ServerHandle, std::thread::JoinHandle<()>)>,
}

/// A port nobody listens on now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

async fn receive(req: HttpRequest, body: web::Bytes, shared: web::Data<Arc<Mutex<Shared>>>) -> HttpResponse {
    let mut headers = http::HeaderMap::new();
    for (name, value) in req.headers() {
        if let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_str().as_bytes()),
            http::HeaderValue::from_bytes(value.as_bytes()),
        ) {
            headers.insert(name, value);
        }
    }
    let mut shared = shared.lock().expect("lock");
    let verified = shared.secret.as_deref().is_some_and(|secret| {
        standardwebhooks::Webhook::new(secret)
            .and_then(|hook| hook.verify(&body, &headers))
            .is_ok()
    });
    shared.received.push(Received {
        webhook_id: req
            .headers()
            .get("webhook-id")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned(),
        verified,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    });
    match (verified, shared.refuse_with) {
        (true, None) => HttpResponse::NoContent().finish(),
        (true, Some((status, retry_after))) => {
            HttpResponse::build(actix_web::http::StatusCode::from_u16(status).expect("status"))
                .insert_header(("Retry-After", retry_after.to_string()))
                .finish()
        }
        (false, _) => HttpResponse::BadRequest().finish(),
    }
}

impl Receiver {
    /// A receiver on a free port, not listening yet.
    pub fn new() -> Self {
        Self {
            port: free_port(),
            shared: Arc::default(),
            server: None,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    pub fn set_secret(&self, secret: &str) {
        self.shared.lock().expect("lock").secret = Some(secret.to_owned());
    }

    /// From now on, answer every request with `status` and this `Retry-After` (seconds).
    pub fn refuse_with(&self, status: u16, retry_after: u64) {
        self.shared.lock().expect("lock").refuse_with = Some((status, retry_after));
    }

    /// From now on, accept every request again.
    pub fn accept(&self) {
        self.shared.lock().expect("lock").refuse_with = None;
    }

    pub fn start(&mut self) {
        let shared = self.shared.clone();
        let port = self.port;
        let (tx, rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(web::Data::new(shared.clone()))
                        .route("/hook", web::post().to(receive))
                })
                .workers(1)
                .bind(("127.0.0.1", port))
                .expect("receiver binds its port")
                .run();
                tx.send(server.handle()).expect("handle sent");
                let _ = server.await;
            });
        });
        let handle = rx.recv().expect("receiver started");
        self.server = Some((handle, thread));
    }

    pub async fn stop(&mut self) {
        if let Some((handle, thread)) = self.server.take() {
            handle.stop(false).await;
            let _ = thread.join();
        }
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().expect("lock").received.clone()
    }

    /// Waits until `done` holds for what was received, or panics after `timeout`.
    pub async fn wait_for(&self, timeout: Duration, mut done: impl FnMut(&[Received]) -> bool) -> Vec<Received> {
        let start = Instant::now();
        loop {
            let received = self.received();
            if done(&received) {
                return received;
            }
            assert!(
                start.elapsed() < timeout,
                "the receiver did not get what was expected in {timeout:?}; it got {received:#?}"
            );
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        if let Some((handle, _)) = self.server.take() {
            // Stopping needs a runtime; a best effort when a test failed before `stop`.
            std::mem::drop(handle.stop(false));
        }
    }
}
