//! The delivery worker: claims due deliveries, sends them signed, and schedules retries with
//! exponential backoff and jitter until the receiver accepts or the give-up time has passed.
//! It also sends the follow-up reminders, judges the actions whose window ended, forgets expired idempotency keys, folds the changes to the
//! kept gap counts and deletes deliveries past their retention.

use std::sync::OnceLock;
use std::time::{Duration, Instant, SystemTime};

use actix_web::web;
use chrono::{NaiveDateTime, TimeDelta, Utc};
use futures_util::future::join_all;
use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER, USER_AGENT};

use super::address::{AddressPolicy, GuardedResolver};
use super::signature;
use crate::config::{FollowUp, WebhookSettings};
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::domain::Language;
use crate::i18n::{Locale, Localizer};
use crate::models::delivery::{self, Attempt, Due, Next};
use crate::models::webhook::{self, Outcome};
use crate::models::{feed, idempotency, reports};
use crate::ops::{actions, follow_up, warning};
use crate::validation::now;

/// Deliveries claimed per round.
const BATCH: i64 = 16;
/// Housekeeping (overdue actions, expired keys) runs once every this many rounds.
const HOUSEKEEPING_EVERY: u32 = 30;
/// Clients the early warning evaluates per transaction.
const AT_RISK_BATCH: i64 = 200;
/// Old deliveries deleted per transaction.
const PURGE_BATCH: i64 = 1000;

pub struct Worker {
    db: Db,
    /// Made at the first delivery: it loads the system's certificates, several MiB that a server
    /// without webhooks need not hold.
    client: OnceLock<Result<reqwest::Client, String>>,
    policy: AddressPolicy,
    settings: WebhookSettings,
    localizer: web::Data<Localizer>,
    /// What "overdue" is measured against.
    clock: Clock,
    /// How long the change feed keeps its events.
    event_retention: crate::config::EventRetention,
    /// When retrospectives and actions are due, and how often they are chased.
    follow_up: FollowUp,
}

/// The wait before retry number `attempt` (1 for the first): doubling from the first delay up
/// to the longest, then spread by ±25% so that receivers coming back are not hit all at once.
pub fn retry_delay(settings: &WebhookSettings, attempt: u32, jitter: f64) -> Duration {
    let doubled = settings
        .first_retry_delay
        .saturating_mul(2u32.saturating_pow(attempt.saturating_sub(1)));
    doubled
        .min(settings.max_retry_delay)
        .mul_f64(0.75 + 0.5 * jitter.clamp(0.0, 1.0))
}

fn random_unit() -> f64 {
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).map_or(0.5, |()| f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX))
}

impl Worker {
    pub fn new(db: Db, localizer: web::Data<Localizer>, settings: &WebhookSettings) -> anyhow::Result<Self> {
        let policy = AddressPolicy {
            allow_private: settings.allow_private,
        };
        Ok(Self {
            db,
            client: OnceLock::new(),
            policy,
            settings: settings.clone(),
            localizer,
            clock: Clock::system(),
            event_retention: crate::config::EventRetention::default(),
            follow_up: FollowUp::default(),
        })
    }

    /// The same worker keeping the change feed's events this long.
    pub fn with_event_retention(mut self, retention: crate::config::EventRetention) -> Self {
        self.event_retention = retention;
        self
    }

    /// The same worker chasing retrospectives and actions by these rules.
    pub fn with_follow_up(mut self, rules: FollowUp) -> Self {
        self.follow_up = rules;
        self
    }

    /// The same worker reading this clock (the server's, or a test's fixed day).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Runs until the task is dropped. Shared, so that the supervisor can start it again.
    pub async fn run(self: std::rc::Rc<Self>) {
        let mut round = 0u32;
        loop {
            if round.is_multiple_of(HOUSEKEEPING_EVERY) {
                self.housekeeping().await;
            }
            round = round.wrapping_add(1);
            match self.deliver_due().await {
                // A full batch: more may be waiting.
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(error) => tracing::warn!(%error, "webhook delivery round failed"),
            }
            tokio::time::sleep(self.settings.poll_interval).await;
        }
    }

    /// Claims and attempts the due deliveries; returns how many.
    pub async fn deliver_due(&self) -> Result<usize, crate::error::ApiError> {
        let lease = TimeDelta::from_std(self.settings.timeout * 2 + Duration::from_secs(5)).unwrap_or(TimeDelta::MAX);
        let due = self
            .db
            .write(move |conn| delivery::claim_due(conn, BATCH, lease))
            .await?;
        let count = due.len();
        join_all(due.into_iter().map(|d| self.attempt(d))).await;
        Ok(count)
    }

    async fn attempt(&self, due: Due) {
        let attempted_at = now();
        let started = Instant::now();
        let (response_status, error, retry_after) = match self.send(&due).await {
            Ok((status, retry_after)) => (Some(i32::from(status)), None, retry_after),
            Err(error) => (None, Some(error), None),
        };
        let delivered = response_status.is_some_and(|s| (200..300).contains(&s));
        let outcome = match response_status {
            _ if delivered => Outcome::Delivered,
            Some(410) => Outcome::Gone,
            _ => Outcome::Failed,
        };
        let attempt = Attempt {
            attempted_at,
            response_status,
            error,
            duration_ms: i32::try_from(started.elapsed().as_millis()).unwrap_or(i32::MAX),
        };
        let next = match outcome {
            Outcome::Delivered => Next::Delivered,
            // Gone for good: no retry; its subscription is disabled below.
            Outcome::Gone => Next::GiveUp,
            Outcome::Failed => self.after_failure(&due, retry_after),
        };
        if !delivered {
            tracing::info!(delivery = %due.id, status = ?attempt.response_status, error = ?attempt.error, ?next, "webhook delivery failed");
        }
        let (id, webhook_id) = (due.id, due.webhook_id);
        let disable_after = TimeDelta::from_std(self.settings.disable_after).unwrap_or(TimeDelta::MAX);
        if let Err(error) = self
            .db
            .write(move |conn| {
                delivery::record_attempt(conn, id, &attempt, next)?;
                webhook::note_outcome(conn, webhook_id, outcome, attempted_at, disable_after)
            })
            .await
        {
            tracing::error!(%error, delivery = %id, "cannot record a webhook attempt");
        }
    }

    /// When to try again, honouring the receiver's `Retry-After`; or give up once the event is
    /// older than the give-up time. The last retry is placed at that time, so it is not skipped.
    fn after_failure(&self, due: &Due, retry_after: Option<Duration>) -> Next {
        let at = now();
        let deadline = due.created_at + TimeDelta::from_std(self.settings.give_up_after).unwrap_or(TimeDelta::MAX);
        if at >= deadline {
            return Next::GiveUp;
        }
        let attempt = u32::try_from(due.attempts + 1).unwrap_or(u32::MAX);
        let backoff = retry_delay(&self.settings, attempt, random_unit());
        Next::RetryAt(next_attempt_at(at, deadline, backoff, retry_after))
    }

    fn build_client(&self) -> Result<reqwest::Client, String> {
        reqwest::Client::builder()
            .dns_resolver(GuardedResolver::shared(self.policy))
            // A redirect could lead anywhere, the metadata service included: not followed.
            .redirect(reqwest::redirect::Policy::none())
            .timeout(self.settings.timeout)
            .no_proxy()
            .build()
            .map_err(|e| format!("cannot make the HTTP client: {e}"))
    }

    /// One HTTP attempt: the receiver's status and `Retry-After`, or why there was none.
    async fn send(&self, due: &Due) -> Result<(u16, Option<Duration>), String> {
        let url = self
            .policy
            .check_url(&due.url)
            .map_err(|p| format!("address refused ({})", p.code()))?;
        let timestamp = Utc::now().timestamp();
        let id = due.id.to_string();
        let signature = signature::sign(&due.secret, &id, timestamp, &due.payload)?;
        let mut headers = HeaderMap::new();
        let mut put = |name: &'static str, value: String| {
            if let Ok(value) = value.parse() {
                headers.insert(name, value);
            }
        };
        put("webhook-id", id);
        put("webhook-timestamp", timestamp.to_string());
        put("webhook-signature", signature);
        put(CONTENT_TYPE.as_str(), "application/json".into());
        put(
            USER_AGENT.as_str(),
            concat!("clientretro-webhooks/", env!("CARGO_PKG_VERSION")).into(),
        );
        let client = self
            .client
            .get_or_init(|| self.build_client())
            .as_ref()
            .map_err(Clone::clone)?;
        let response = client
            .post(url)
            .headers(headers)
            .body(due.payload.clone())
            .send()
            .await
            .map_err(|e| describe(&e))?;
        let retry_after = response
            .headers()
            .get(RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, SystemTime::now()));
        // The body is never read: dropping the response closes the connection, so an endless or
        // slow-dripping body costs nothing, and the timeout bounds the wait for the headers.
        Ok((response.status().as_u16(), retry_after))
    }

    /// Sends the follow-up reminders, judges the actions whose window ended, flags the clients at
    /// risk, forgets expired idempotency keys, folds the kept gap counts, and deletes the
    /// deliveries and change-feed events older than their retention.
    pub async fn housekeeping(&self) {
        let english = self.english();
        let today = self.clock.today();
        let (rules, zone) = (self.follow_up, self.clock.zone());
        let reminded = self
            .db
            .write(move |conn| follow_up::remind(conn, &rules, zone, today, &english))
            .await;
        match reminded {
            Ok(sent) if sent == follow_up::Sent::default() => {}
            Ok(sent) => tracing::info!(?sent, "sent follow-up reminders"),
            Err(error) => tracing::warn!(%error, "cannot send the follow-up reminders"),
        }
        let english = self.english();
        let judged = self
            .db
            .write(move |conn| actions::judge_ended_windows(conn, today, &english))
            .await;
        match judged {
            Ok(0) => {}
            Ok(n) => tracing::info!(actions = n, "judged actions effective at the end of their window"),
            Err(error) => tracing::warn!(%error, "cannot judge the actions whose window ended"),
        }
        self.flag_clients_at_risk(today).await;
        if let Err(error) = self.db.write(idempotency::purge_expired).await {
            tracing::warn!(%error, "cannot purge expired idempotency keys");
        }
        if let Err(error) = self.db.write(reports::fold_gap_counts).await {
            tracing::warn!(%error, "cannot fold the kept gap counts");
        }
        self.purge_old_deliveries().await;
        self.purge_old_events().await;
    }

    /// The locale the service's own events are built in (each subscription gets its language).
    fn english(&self) -> Locale {
        Locale::new(Language::En, self.localizer.clone().into_inner())
    }

    /// Early warning: measures every client with contacts on `today`, a batch at a time, and
    /// writes (in a short transaction per batch) only for the clients whose episode changes,
    /// announcing each new at-risk episode once (`ops::warning`).
    async fn flag_clients_at_risk(&self, today: chrono::NaiveDate) {
        let mut after: Option<String> = None;
        let mut announced = 0;
        loop {
            let from = after.clone();
            let read = self
                .db
                .read(move |conn| warning::clients_to_update(conn, from.as_deref(), AT_RISK_BATCH, today))
                .await;
            let (last, changing) = match read {
                Ok((Some(last), changing)) => (last, changing),
                Ok((None, _)) => break,
                Err(error) => {
                    tracing::warn!(%error, "cannot evaluate the clients at risk");
                    break;
                }
            };
            after = Some(last);
            if changing.is_empty() {
                continue;
            }
            let english = self.english();
            match self
                .db
                .write(move |conn| warning::update_clients(conn, &changing, today, &english))
                .await
            {
                Ok(n) => announced += n,
                Err(error) => tracing::warn!(%error, "cannot update the clients at risk"),
            }
        }
        if announced > 0 {
            tracing::info!(clients = announced, "announced clients at risk");
        }
    }

    /// Deletes the deliveries finished longer ago than the retention period, with their attempts.
    async fn purge_old_deliveries(&self) {
        let retention = TimeDelta::from_std(self.settings.retention).unwrap_or(TimeDelta::MAX);
        let Some(cutoff) = now().checked_sub_signed(retention) else {
            return;
        };
        let purged = self
            .purge_in_batches("webhook deliveries", move |conn| {
                delivery::purge_finished(conn, cutoff, PURGE_BATCH)
            })
            .await;
        if purged > 0 {
            tracing::info!(deliveries = purged, "purged webhook deliveries past their retention");
        }
    }

    /// Deletes the change feed's events older than its retention.
    async fn purge_old_events(&self) {
        let days = TimeDelta::days(i64::from(self.event_retention.days));
        let Some(cutoff) = now().checked_sub_signed(days) else {
            return;
        };
        let purged = self
            .purge_in_batches("change-feed events", move |conn| feed::purge(conn, cutoff, PURGE_BATCH))
            .await;
        if purged > 0 {
            tracing::info!(events = purged, "purged change-feed events past their retention");
        }
    }

    /// Runs `purge` (which deletes at most `PURGE_BATCH` rows) until a batch comes back short, one
    /// transaction per batch so that none holds the database for long; how many rows went.
    async fn purge_in_batches<F>(&self, what: &'static str, purge: F) -> usize
    where
        F: Fn(&mut crate::db::DbConnection) -> Result<usize, crate::error::ApiError> + Clone + Send + 'static,
    {
        let mut purged = 0;
        loop {
            match self.db.write(purge.clone()).await {
                Ok(n) => {
                    purged += n;
                    if (n as i64) < PURGE_BATCH {
                        return purged;
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, what, "cannot purge old rows");
                    return purged;
                }
            }
        }
    }
}

/// When to try again: the backoff, or later when the receiver asked for it, but never past the
/// give-up deadline. Every figure here may come from a hostile receiver, so nothing overflows:
/// an absurd wait only means "at the deadline".
fn next_attempt_at(
    at: NaiveDateTime,
    deadline: NaiveDateTime,
    backoff: Duration,
    asked: Option<Duration>,
) -> NaiveDateTime {
    let wait = asked.map_or(backoff, |asked| asked.max(backoff));
    TimeDelta::from_std(wait)
        .ok()
        .and_then(|wait| at.checked_add_signed(wait))
        .map_or(deadline, |next| next.min(deadline))
}

/// `Retry-After` as seconds or as an HTTP date (RFC 9110 §10.2.3); a date in the past is no wait,
/// anything else malformed is ignored.
fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A short, stable reason for a failed attempt, for the deliveries list.
fn describe(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connection failed"
    } else if error.is_request() {
        "request failed"
    } else {
        "error"
    };
    let mut cause = String::new();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        cause = inner.to_string();
        source = inner.source();
    }
    if cause.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {cause}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date_and_malformed_is_ignored() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after(" 99999999999999 ", now),
            Some(Duration::from_secs(99_999_999_999_999))
        );
        assert_eq!(
            parse_retry_after("18446744073709551615", now),
            Some(Duration::from_secs(u64::MAX))
        );
        let in_a_minute = httpdate::fmt_http_date(now + Duration::from_secs(60));
        assert_eq!(parse_retry_after(&in_a_minute, now), Some(Duration::from_secs(60)));
        let past = httpdate::fmt_http_date(now - Duration::from_secs(60));
        assert_eq!(parse_retry_after(&past, now), Some(Duration::ZERO));
        for bad in [
            "-5",
            "1.5",
            "",
            "soon",
            "99999999999999999999999",
            "Fri, 99 Foo 2026 00:00:00 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad}");
        }
    }

    #[test]
    fn no_wait_a_receiver_asks_for_overflows_or_passes_the_deadline() {
        let at = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .expect("time")
            .naive_utc();
        let deadline = at + TimeDelta::hours(24);
        let backoff = Duration::from_secs(10);
        assert_eq!(
            next_attempt_at(at, deadline, backoff, None),
            at + TimeDelta::seconds(10)
        );
        assert_eq!(
            next_attempt_at(at, deadline, backoff, Some(Duration::from_secs(1))),
            at + TimeDelta::seconds(10)
        );
        assert_eq!(
            next_attempt_at(at, deadline, backoff, Some(Duration::from_secs(600))),
            at + TimeDelta::seconds(600)
        );
        for absurd in [99_999_999_999_999, u64::MAX, 86_401] {
            assert_eq!(
                next_attempt_at(at, deadline, backoff, Some(Duration::from_secs(absurd))),
                deadline,
                "{absurd}"
            );
        }
        assert_eq!(next_attempt_at(at, deadline, Duration::MAX, None), deadline);
    }

    #[test]
    fn retries_double_up_to_the_longest_wait_with_jitter() {
        let settings = WebhookSettings {
            first_retry_delay: Duration::from_secs(10),
            max_retry_delay: Duration::from_secs(3600),
            ..WebhookSettings::default()
        };
        assert_eq!(retry_delay(&settings, 1, 0.5), Duration::from_secs(10));
        assert_eq!(retry_delay(&settings, 2, 0.5), Duration::from_secs(20));
        assert_eq!(retry_delay(&settings, 4, 0.5), Duration::from_secs(80));
        assert_eq!(retry_delay(&settings, 30, 0.5), Duration::from_secs(3600));
        assert_eq!(retry_delay(&settings, 1, 0.0), Duration::from_millis(7500));
        assert_eq!(retry_delay(&settings, 1, 1.0), Duration::from_millis(12500));
        // At least 24 hours of retries before giving up, with the defaults.
        let total: Duration = (1..=40).map(|n| retry_delay(&WebhookSettings::default(), n, 0.0)).sum();
        assert!(total >= Duration::from_secs(24 * 3600), "{total:?}");
    }
}
