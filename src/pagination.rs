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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: Option<NaiveDateTime>,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        let at = self
            .at
            .map(|t| t.and_utc().timestamp_micros().to_string())
            .unwrap_or_default();
        URL_SAFE_NO_PAD.encode(format!("{at}~{}", self.id))
    }

    /// The key of a list in time order; a cursor of another list is refused.
    pub fn timed(&self) -> Result<(NaiveDateTime, String), ApiError> {
        self.at
            .map(|at| (at, self.id.to_string()))
            .ok_or(ApiError::InvalidCursor)
    }

    /// The key of a list in id order; a cursor of another list is refused.
    pub fn untimed(&self) -> Result<String, ApiError> {
        match self.at {
            None => Ok(self.id.to_string()),
            Some(_) => Err(ApiError::InvalidCursor),
        }
    }

    pub fn decode(raw: &str) -> Result<Self, ApiError> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| ApiError::InvalidCursor)?;
        let text = String::from_utf8(bytes).map_err(|_| ApiError::InvalidCursor)?;
        let (at, id) = text.split_once('~').ok_or(ApiError::InvalidCursor)?;
        let at = match at {
            "" => None,
            micros => {
                let micros = micros.parse::<i64>().map_err(|_| ApiError::InvalidCursor)?;
                let time = chrono::DateTime::from_timestamp_micros(micros).ok_or(ApiError::InvalidCursor)?;
                Some(time.naive_utc())
            }
        };
        let id = Uuid::parse_str(id).map_err(|_| ApiError::InvalidCursor)?;
        Ok(Self { at, id })
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
        // Exactly an integer, as the document types it: not empty, not padded.
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(raw) => match raw.parse::<i64>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    v.push("limit", FieldProblem::OutOfRange { min: 1, max: MAX_LIMIT });
                    DEFAULT_LIMIT
                }
            },
        };
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
        for cursor in [
            Cursor { at, id: Uuid::now_v7() },
            Cursor {
                at: None,
                id: Uuid::now_v7(),
            },
        ] {
            assert_eq!(Cursor::decode(&cursor.encode()).ok(), Some(cursor));
        }
    }

    #[test]
    fn forged_cursors_are_refused() {
        for raw in ["!!", "bm9wZQ", "MTIzfm5vdC1hLXV1aWQ"] {
            assert!(matches!(Cursor::decode(raw), Err(ApiError::InvalidCursor)), "{raw}");
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
