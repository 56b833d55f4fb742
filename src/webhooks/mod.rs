//! Signed webhooks: events go into an outbox with the change that caused them (`ops::events`);
//! a worker delivers them following the Standard Webhooks specification, with retries, until
//! delivered or given up.

pub mod address;
pub mod signature;
mod supervisor;
mod worker;

pub use supervisor::{supervise, WorkerHealth};
pub use worker::{retry_delay, Worker};
