//! The use cases: what happens when a client files an incident, moves an action, publishes a
//! retrospective. Each function is the whole body of one write transaction (the caller opens it
//! with `Db::write`, or `Idempotent::write` when the response is stored with the change): the
//! precondition, the change through `models/`, the rules that span tables, and the events it
//! causes, rendered through `views/`. A new use case gets a function here, not a handler closure.

pub mod actions;
pub mod batch;
pub mod clients;
pub mod events;
pub mod feed;
pub mod follow_up;
pub mod incidents;
pub mod keys;
pub mod recurrence;
pub mod retrospectives;
pub mod shares;
pub mod timeline;
pub mod warning;
pub mod webhooks;
