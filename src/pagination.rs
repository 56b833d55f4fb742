//! Keyset paging with opaque cursors. A cursor names the last row of a page by its sort key, so
//! rows inserted meanwhile never shift a page or repeat a row.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{ApiError, FieldProblem};
use crate::validation::Validator;

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 200;
/// What an issued cursor looks like (URL-safe Base64 without padding); empty means the first page.
pub const CURSOR_PATTERN: &str = "^[A-Za-z0-9_-]*$";

/// The sort key of the last row of a page: its time (for lists in time order) and its id.
/// `by_change` marks a cursor of a list in change order (`sort=updated_at`), whose time is the
/// row's `updated_at`: no other order takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: Option<NaiveDateTime>,
    pub id: Uuid,
    pub by_change: bool,
}

/// What marks a cursor of a list in change order.
const CHANGE_MARK: &str = "u";

impl Cursor {
    /// The key of a list in id order.
    pub fn by_id(id: Uuid) -> Self {
        Self {
            at: None,
            id,
            by_change: false,
        }
    }

    /// The key of a list in time order.
    pub fn by_time(at: NaiveDateTime, id: Uuid) -> Self {
        Self {
            at: Some(at),
            id,
            by_change: false,
        }
    }

    /// The key of a list in change order: the row's `updated_at` and id.
    pub fn by_change(updated_at: NaiveDateTime, id: Uuid) -> Self {
        Self {
            at: Some(updated_at),
            id,
            by_change: true,
        }
    }

    pub fn encode(&self) -> String {
        let at = self
            .at
            .map(|t| t.and_utc().timestamp_micros().to_string())
            .unwrap_or_default();
        let mark = if self.by_change { CHANGE_MARK } else { "" };
        URL_SAFE_NO_PAD.encode(format!("{mark}{at}~{}", self.id))
    }

    /// The key of a list in time order; a cursor of another list is refused.
    pub fn timed(&self) -> Result<(NaiveDateTime, String), ApiError> {
        match (self.at, self.by_change) {
            (Some(at), false) => Ok((at, self.id.to_string())),
            _ => Err(ApiError::InvalidCursor),
        }
    }

    /// The key of a list in id order; a cursor of another list is refused.
    pub fn untimed(&self) -> Result<String, ApiError> {
        match (self.at, self.by_change) {
            (None, false) => Ok(self.id.to_string()),
            _ => Err(ApiError::InvalidCursor),
        }
    }

    /// The key of a list in change order; a cursor of another list is refused.
    pub fn changed(&self) -> Result<(NaiveDateTime, String), ApiError> {
        match (self.at, self.by_change) {
            (Some(at), true) => Ok((at, self.id.to_string())),
            _ => Err(ApiError::InvalidCursor),
        }
    }

    pub fn decode(raw: &str) -> Result<Self, ApiError> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| ApiError::InvalidCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| ApiError::InvalidCursor)?;
        let (at, id) = text.split_once('~').ok_or(ApiError::InvalidCursor)?;
        let (at, by_change) = match at.strip_prefix(CHANGE_MARK) {
            Some(at) => (at, true),
            None => (at, false),
        };
        let at = match at {
            "" => None,
            micros => {
                let micros = micros.parse::<i64>().map_err(|_| ApiError::InvalidCursor)?;
                let time = chrono::DateTime::from_timestamp_micros(micros).ok_or(ApiError::InvalidCursor)?;
                Some(time.naive_utc())
            }
        };
        let id = Uuid::parse_str(id).map_err(|_| ApiError::InvalidCursor)?;
        if by_change && at.is_none() {
            return Err(ApiError::InvalidCursor);
        }
        Ok(Self { at, id, by_change })
    }
}

/// A page size: exactly an integer from 1 to `MAX_LIMIT`, as the document types it (not empty,
/// not padded); `default` when absent. A problem goes to `v`.
pub fn parse_limit(v: &mut Validator, limit: Option<&str>, default: i64) -> i64 {
    match limit {
        None => default,
        Some(raw) => match raw.parse::<i64>() {
            Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
            _ => {
                v.push("limit", FieldProblem::OutOfRange { min: 1, max: MAX_LIMIT });
                default
            }
        },
    }
}

/// Which page to read: at most `limit` rows after `cursor`.
#[derive(Clone, Copy, Debug)]
pub struct PageRequest {
    pub limit: i64,
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// Reads `limit` (1 to 200, default 50) and `cursor` from the query; problems go to `v`.
    pub fn parse(v: &mut Validator, limit: Option<&str>, cursor: Option<&str>) -> Result<Self, ApiError> {
        let limit = parse_limit(v, limit, DEFAULT_LIMIT);
        let after = cursor.filter(|c| !c.is_empty()).map(Cursor::decode).transpose()?;
        Ok(Self { limit, after })
    }

    /// Rows to fetch: one more than the page, to learn whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Cuts the fetched rows to the page and gives the cursor of the next page, if any.
    pub fn finish<T>(&self, mut rows: Vec<T>, key: impl Fn(&T) -> Cursor) -> (Vec<T>, Option<String>) {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        if rows.len() > limit {
            rows.truncate(limit);
            let next = rows.last().map(|last| key(last).encode());
            (rows, next)
        } else {
            (rows, None)
        }
    }
}

/// The only other order a list a CRM syncs takes: by last change, oldest first.
pub const SORT_BY_CHANGE: &str = "updated_at";

/// What a CRM keeping its own copy asks of a list (clients, incidents, actions): only rows
/// changed at or after `updated_since`, and with `sort=updated_at` the list in the order its
/// rows last changed, oldest first, followed with `cursor` while writes go on. A row changed
/// again moves to the end, so it is seen again rather than missed. A write commits a little after
/// it stamps `updated_at`: a consumer asks again from a minute before the last `updated_at` it saw.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChangeWindow {
    pub updated_since: Option<NaiveDateTime>,
    pub by_change: bool,
}

impl ChangeWindow {
    /// Reads `updated_since` (RFC 3339) and `sort` (`updated_at`); problems go to `v`.
    pub fn parse(v: &mut Validator, updated_since: Option<&str>, sort: Option<&str>) -> Self {
        let updated_since = updated_since.and_then(|t| v.datetime("updated_since", t));
        let by_change = match sort {
            None => false,
            Some(SORT_BY_CHANGE) => true,
            Some(other) => {
                v.push(
                    "sort",
                    FieldProblem::UnknownCode {
                        value: other.chars().take(100).collect(),
                        allowed: vec![SORT_BY_CHANGE],
                    },
                );
                false
            }
        };
        Self {
            updated_since,
            by_change,
        }
    }
}

/// The `sort` parameter, as the document states it.
#[derive(Clone, Copy, Debug, ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum Sort {
    /// By last change, oldest first.
    UpdatedAt,
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` to read the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let at = chrono::DateTime::from_timestamp_micros(1_780_000_000_123_456).map(|t| t.naive_utc());
        let at = at.expect("a time");
        for cursor in [
            Cursor::by_time(at, Uuid::now_v7()),
            Cursor::by_id(Uuid::now_v7()),
            Cursor::by_change(at, Uuid::now_v7()),
        ] {
            assert_eq!(Cursor::decode(&cursor.encode()).ok(), Some(cursor));
        }
    }

    #[test]
    fn a_cursor_serves_only_its_own_order() {
        let at = chrono::DateTime::from_timestamp_micros(1_780_000_000_123_456)
            .map(|t| t.naive_utc())
            .expect("a time");
        let (id, time, change) = (
            Cursor::by_id(Uuid::now_v7()),
            Cursor::by_time(at, Uuid::now_v7()),
            Cursor::by_change(at, Uuid::now_v7()),
        );
        assert!(id.untimed().is_ok() && id.timed().is_err() && id.changed().is_err());
        assert!(time.timed().is_ok() && time.untimed().is_err() && time.changed().is_err());
        assert!(change.changed().is_ok() && change.timed().is_err() && change.untimed().is_err());
        // "u~id": a change mark with no time.
        let forged = URL_SAFE_NO_PAD.encode(format!("u~{}", Uuid::now_v7()));
        assert!(matches!(Cursor::decode(&forged), Err(ApiError::InvalidCursor)));
    }

    #[test]
    fn forged_cursors_are_refused() {
        for raw in ["!!", "bm9wZQ", "MTIzfm5vdC1hLXV1aWQ"] {
            assert!(matches!(Cursor::decode(raw), Err(ApiError::InvalidCursor)), "{raw}");
        }
    }

    #[test]
    fn sort_and_updated_since_are_read_or_refused() {
        let mut v = Validator::new();
        let window = ChangeWindow::parse(&mut v, Some("2026-11-01T10:00:00+01:00"), Some("updated_at"));
        assert!(v.finish().is_ok());
        assert!(window.by_change);
        assert_eq!(
            window.updated_since.map(|t| t.to_string()),
            Some("2026-11-01 09:00:00".into())
        );
        let mut v = Validator::new();
        assert_eq!(ChangeWindow::parse(&mut v, None, None), ChangeWindow::default());
        assert!(v.finish().is_ok());
        for (since, sort) in [
            (Some("yesterday"), None),
            (None, Some("updated")),
            (None, Some("occurred_at")),
        ] {
            let mut v = Validator::new();
            let _ = ChangeWindow::parse(&mut v, since, sort);
            assert!(v.finish().is_err(), "{since:?} {sort:?}");
        }
    }

    #[test]
    fn limit_must_be_in_range() {
        let mut v = Validator::new();
        assert_eq!(
            PageRequest::parse(&mut v, Some("200"), None).map(|p| p.limit).ok(),
            Some(200)
        );
        assert!(v.finish().is_ok());
        for bad in ["0", "201", "1000000", "ten"] {
            let mut v = Validator::new();
            let _ = PageRequest::parse(&mut v, Some(bad), None);
            assert!(v.finish().is_err(), "{bad}");
        }
    }
}
