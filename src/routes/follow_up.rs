//! `GET /v1/follow-up`: what is due or overdue, per owner.

use actix_web::{get, web, HttpResponse};
use chrono::Duration;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use super::responses::Unprocessable;
use super::LangQuery;
use crate::config::FollowUp;
use crate::db::Db;
use crate::domain::clock::Clock;
use crate::error::{ApiError, FieldProblem};
use crate::i18n::Locale;
use crate::models::follow_up;
use crate::validation::{line, Lines, Rule, Rules, Validator};
use crate::views::follow_up::FollowUpBody;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(follow_up_list);
}

const NAME_MAX: usize = 200;
const WITHIN_MAX: i64 = 90;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FollowUpQuery {
    /// Only this owner's items (an action's owner, or a client's account owner).
    pub owner: Option<String>,
    /// Also list what falls due within this many days, 0 to 90 (default: the days before a due
    /// date when `action.due_soon` is sent, 3 unless configured).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 90)]
    pub within_days: Option<String>,
}

impl Rules for FollowUpQuery {
    const RULES: &'static [(&'static str, Rule)] = &[("owner", line(NAME_MAX))];
}

/// What is due or overdue, per owner: retrospectives not published by their due date (days
/// after the incident was filed, by severity) and unfinished actions by their due date, owned
/// by the client's account owner and by the action's owner. The firm's today is read in its time
/// zone (`--timezone`). At most 1,000 items of each kind, soonest due first.
#[utoipa::path(
    tag = "actions",
    params(FollowUpQuery, LangQuery),
    responses((status = 200, description = "The items, by owner.", body = FollowUpBody), Unprocessable)
)]
#[get("/follow-up")]
pub async fn follow_up_list(
    db: web::Data<Db>,
    clock: web::Data<Clock>,
    rules: web::Data<FollowUp>,
    locale: Locale,
    query: web::Query<FollowUpQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    let mut v = Validator::new();
    let owner = query.owner.and_then(|o| v.text("owner", o, NAME_MAX, Lines::One));
    let within = match query.within_days {
        Some(days) => match days.trim().parse::<i64>() {
            Ok(days) if (0..=WITHIN_MAX).contains(&days) => Some(days),
            _ => {
                v.push(
                    "within_days",
                    FieldProblem::OutOfRange {
                        min: 0,
                        max: WITHIN_MAX,
                    },
                );
                None
            }
        },
        None => Some(i64::from(rules.due_soon_days)),
    };
    v.finish()?;
    let (today, zone, rules) = (clock.today(), clock.zone(), **rules);
    let until = today + Duration::days(within.unwrap_or_default());
    let (retrospectives, actions) = db
        .read(move |conn| {
            let retrospectives = follow_up::retrospectives_due(conn, &rules, zone, until, owner.as_deref())?;
            let actions = follow_up::actions_due(conn, until, owner.as_deref())?;
            Ok((retrospectives, actions))
        })
        .await?;
    Ok(HttpResponse::Ok().json(FollowUpBody::new(retrospectives, actions, today, until, &locale)))
}
