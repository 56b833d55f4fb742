//! The answer to a batch upsert: one result per item, in the order sent.

use serde::Serialize;
use utoipa::ToSchema;

use crate::error::ApiError;
use crate::http::problem::Problem;
use crate::i18n::Locale;

/// What became of one item: the stored value and whether it was created, or why it was refused.
pub type ItemOutcome<T> = Result<(T, bool), ApiError>;

/// What became of each item, in the order they were sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResults<T: ToSchema> {
    pub results: Vec<BatchResult<T>>,
}

/// What became of one item.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResult<T: ToSchema> {
    /// 201: created; 200: replaced (or already so); otherwise the problem's status (400, 409,
    /// 422), and nothing of the item was stored.
    pub status: u16,
    /// The stored resource, as its GET returns it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    /// Why the item was refused; `errors` name fields within the item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub problem: Option<Problem>,
}

impl<T: ToSchema> BatchResults<T> {
    /// The results of a batch's outcomes (the stored value and whether it was created, or why
    /// the item was refused), each value shown through `view`.
    pub fn new<S>(outcomes: Vec<ItemOutcome<S>>, locale: &Locale, view: impl Fn(S) -> T) -> Self {
        use actix_web::ResponseError;
        let results = outcomes
            .into_iter()
            .map(|outcome| match outcome {
                Ok((value, created)) => BatchResult {
                    status: if created { 201 } else { 200 },
                    data: Some(view(value)),
                    problem: None,
                },
                Err(error) => BatchResult {
                    status: error.status_code().as_u16(),
                    data: None,
                    problem: Some(Problem::new(&error, locale, None)),
                },
            })
            .collect();
        Self { results }
    }
}
