//! The reports: gap figures, the overview, client health.

use crate::domain::{Category, Gap};
use crate::i18n::Locale;
use crate::models::reports::{ClientHealth, GapFigures, Overview};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One gap's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct GapRow {
    pub gap: Gap,
    pub gap_name: String,
    /// Incidents whose retrospective confirmed the gap.
    pub incidents: i64,
    /// Incidents that repeated the gap after an action had closed it.
    pub repeats: i64,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// Median days from the incident to its action being done; null when no action is done.
    pub median_days_to_done: Option<f64>,
}

/// Where the firm keeps failing, per gap (gaps with nothing to show are left out).
#[derive(Debug, Serialize, ToSchema)]
pub struct GapReport {
    pub items: Vec<GapRow>,
}

impl GapReport {
    pub fn new(figures: Vec<GapFigures>, locale: &Locale) -> Self {
        let items = figures
            .into_iter()
            .filter_map(|f| {
                let gap = f.gap?;
                Some(GapRow {
                    gap,
                    gap_name: locale.t(&gap.message_id(None)),
                    incidents: f.incidents,
                    repeats: f.repeats,
                    open_actions: f.open_actions,
                    overdue_actions: f.overdue_actions,
                    median_days_to_done: f.median_days_to_done,
                })
            })
            .collect();
        Self { items }
    }
}

fn share(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 1000.0).round() / 1000.0)
}

/// Totals, and how well the firm learns.
#[derive(Debug, Serialize, ToSchema)]
pub struct OverviewBody {
    pub incidents: i64,
    /// Incidents that repeated a gap an action had closed.
    pub repeat_incidents: i64,
    /// `repeat_incidents / incidents`, 0 to 1; null without incidents.
    pub repeat_rate: Option<f64>,
    pub actions: i64,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// Actions done at some point (done, verified, or reopened since).
    pub done_actions: i64,
    /// Of those, done by their due date.
    pub done_on_time: i64,
    /// `done_on_time / done_actions`, 0 to 1; null when none is done.
    pub on_time_share: Option<f64>,
}

impl From<Overview> for OverviewBody {
    fn from(o: Overview) -> Self {
        Self {
            repeat_rate: share(o.repeat_incidents, o.incidents),
            on_time_share: share(o.done_on_time, o.done_actions),
            incidents: o.incidents,
            repeat_incidents: o.repeat_incidents,
            actions: o.actions,
            open_actions: o.open_actions,
            overdue_actions: o.overdue_actions,
            done_actions: o.done_actions,
            done_on_time: o.done_on_time,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryCount {
    pub category: Category,
    pub category_label: String,
    pub incidents: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GapCount {
    pub gap: Gap,
    pub gap_name: String,
    pub incidents: i64,
}

/// A client's health: what goes wrong with them, what it stepped on, what is still open.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientHealthBody {
    pub client_id: Uuid,
    pub incidents_by_category: Vec<CategoryCount>,
    /// Gaps confirmed in this client's retrospectives, most frequent first.
    pub confirmed_gaps: Vec<GapCount>,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// Incidents that repeated a gap an action had closed.
    pub repeats: i64,
}

impl ClientHealthBody {
    pub fn new(client_id: Uuid, health: ClientHealth, locale: &Locale) -> Self {
        Self {
            client_id,
            incidents_by_category: health
                .incidents_by_category
                .into_iter()
                .map(|(category, incidents)| CategoryCount {
                    category,
                    category_label: locale.label(category),
                    incidents,
                })
                .collect(),
            confirmed_gaps: health
                .confirmed_gaps
                .into_iter()
                .map(|(gap, incidents)| GapCount {
                    gap,
                    gap_name: locale.t(&gap.message_id(None)),
                    incidents,
                })
                .collect(),
            open_actions: health.open_actions,
            overdue_actions: health.overdue_actions,
            repeats: health.repeats,
        }
    }
}
