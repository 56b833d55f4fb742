//! Batch upserts: many items in one transaction, each in a savepoint of its own, so that a
//! refused item rolls back alone and the others are stored.

use diesel::Connection;

use crate::db::DbConnection;
use crate::error::ApiError;
use crate::views::batch::ItemOutcome;

/// The most items one batch takes.
pub const ITEMS_MAX: usize = 100;

/// Runs `upsert` on each item in a savepoint of the caller's transaction. An item refused for
/// what it says (a 4xx: invalid, or a conflict with stored data) rolls back to its savepoint and
/// the batch goes on; a fault of the service (5xx: the database gone or busy) fails the whole
/// batch, so that its transaction stores nothing. Each outcome is the stored value and whether
/// it was created, or why the item was refused.
pub fn each<I, T>(
    conn: &mut DbConnection,
    items: Vec<Result<I, ApiError>>,
    mut upsert: impl FnMut(&mut DbConnection, I) -> Result<(T, bool), ApiError>,
) -> Result<Vec<ItemOutcome<T>>, ApiError> {
    let mut outcomes = Vec::with_capacity(items.len());
    for item in items {
        let item = match item {
            Ok(item) => item,
            Err(refused) => {
                outcomes.push(Err(refused));
                continue;
            }
        };
        match conn.transaction(|conn| upsert(conn, item)) {
            Ok(stored) => outcomes.push(Ok(stored)),
            Err(error) if is_the_items_fault(&error) => outcomes.push(Err(error)),
            Err(error) => return Err(error),
        }
    }
    Ok(outcomes)
}

fn is_the_items_fault(error: &ApiError) -> bool {
    use actix_web::ResponseError;
    error.status_code().is_client_error()
}
