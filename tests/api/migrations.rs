//! Every migration applies, reverts and applies again, on each backend.

use clientretro::db::migrations::{revert_all, run_pending};
use diesel::connection::SimpleConnection;

crate::backend_tests! {
    async fn migrations_go_up_down_and_up_again(app) {
        let mut conn = app.connection();
        let tables = ["clients", "client_external_refs", "incidents", "incident_tags", "timeline_entries", "retrospective_shares"];
        let exists = |conn: &mut clientretro::db::DbConnection, table: &str| conn.batch_execute(&format!("SELECT 1 FROM {table} LIMIT 1")).is_ok();
        for table in tables {
            assert!(exists(&mut conn, table), "{table} after the start-up migrations");
        }
        let reverted = revert_all(&mut conn).expect("revert");
        assert!(!reverted.is_empty());
        for table in tables {
            assert!(!exists(&mut conn, table), "{table} is gone after revert on {}", app.backend());
        }
        let applied = run_pending(&mut conn).expect("re-apply");
        assert_eq!(applied, reverted.into_iter().rev().collect::<Vec<_>>());
        for table in tables {
            assert!(exists(&mut conn, table), "{table} after re-applying");
        }
        assert!(run_pending(&mut conn).expect("nothing pending").is_empty());
    }
}
