//! clientretro: client incidents, the process gaps they expose, and the corrective actions that
//! close them. The library builds the whole service; `main.rs` only parses the command line.

#![cfg_attr(not(test), deny(clippy::unwrap_used))]

pub mod allocator;
pub mod app;
pub mod charts;
pub mod cli;
pub mod config;
pub mod db;
pub mod documents;
pub mod domain;
pub mod error;
pub mod gapfinder;
pub mod http;
pub mod i18n;
pub mod learning;
pub mod models;
pub mod openapi;
pub mod ops;
pub mod pagination;
pub mod routes;
pub mod schema;
pub mod validation;
pub mod views;
pub mod webhooks;
