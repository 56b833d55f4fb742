//! Keeps the background worker running: a task that ends (a panic included) is logged and
//! started again, and `/readyz` answers 503 while none runs, so an orchestrator sees a replica
//! that no longer delivers webhooks.

use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use actix_web::web;

/// Whether the worker runs now. Shared with `/readyz`; a server without a worker (the tests'
/// in-process app) counts as running.
#[derive(Debug)]
pub struct WorkerHealth {
    running: AtomicBool,
    restarts: AtomicU32,
}

impl Default for WorkerHealth {
    fn default() -> Self {
        Self {
            running: AtomicBool::new(true),
            restarts: AtomicU32::new(0),
        }
    }
}

impl WorkerHealth {
    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::Acquire)
    }

    /// Records whether the worker runs now.
    pub fn mark(&self, running: bool) {
        self.running.store(running, Ordering::Release);
    }

    /// How often the worker had to be started again since the server started.
    pub fn restarts(&self) -> u32 {
        self.restarts.load(Ordering::Acquire)
    }
}

/// The pause before a stopped worker is started again: long enough not to spin on a fault that
/// repeats at once, short enough that deliveries barely notice.
const RESTART_PAUSE: Duration = Duration::from_secs(1);

/// Runs `start()`'s task, and again whenever it ends, until this future is dropped.
pub async fn supervise<F, Fut>(health: web::Data<WorkerHealth>, start: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + 'static,
{
    supervise_pausing(health, RESTART_PAUSE, start).await
}

/// `supervise`, pausing `pause` before each new start.
async fn supervise_pausing<F, Fut>(health: web::Data<WorkerHealth>, pause: Duration, mut start: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = ()> + 'static,
{
    loop {
        health.mark(true);
        let ended = actix_web::rt::spawn(start()).await;
        health.mark(false);
        match ended {
            Err(error) if error.is_panic() => {
                tracing::error!("the background worker panicked; starting it again")
            }
            _ => tracing::error!("the background worker stopped; starting it again"),
        }
        actix_web::rt::time::sleep(pause).await;
        health.restarts.fetch_add(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;

    use super::*;

    /// A supervised worker that panics at its first start and then runs; counts its starts.
    fn panicking_once(
        health: &web::Data<WorkerHealth>,
        pause: Duration,
    ) -> (Rc<Cell<u32>>, actix_web::rt::task::JoinHandle<()>) {
        let starts = Rc::new(Cell::new(0u32));
        let counted = starts.clone();
        let supervisor = actix_web::rt::spawn(supervise_pausing(health.clone(), pause, move || {
            counted.set(counted.get() + 1);
            let first = counted.get() == 1;
            async move {
                if first {
                    panic!("a receiver's reply broke the worker");
                }
                std::future::pending::<()>().await;
            }
        }));
        (starts, supervisor)
    }

    /// Waits until `done` holds, or fails after 10 s.
    async fn until(what: &str, done: impl Fn() -> bool) {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while !done() {
            assert!(std::time::Instant::now() < deadline, "not {what} after 10 s");
            actix_web::rt::time::sleep(Duration::from_millis(10)).await;
        }
    }

    #[actix_web::test]
    async fn a_worker_that_panics_is_reported_as_stopped_during_the_pause() {
        // A pause far longer than the test: what it sees cannot depend on how fast it runs.
        let health = web::Data::new(WorkerHealth::default());
        let (starts, supervisor) = panicking_once(&health, Duration::from_secs(3600));
        until("stopped", || !health.is_running() && starts.get() == 1).await;
        assert_eq!(health.restarts(), 0);
        supervisor.abort();
    }

    #[actix_web::test]
    async fn a_worker_that_panics_is_started_again_after_the_pause() {
        let health = web::Data::new(WorkerHealth::default());
        let (starts, supervisor) = panicking_once(&health, Duration::from_millis(10));
        until("started again", || starts.get() == 2 && health.is_running()).await;
        assert_eq!(health.restarts(), 1);
        supervisor.abort();
    }
}
