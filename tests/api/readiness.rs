//! `/readyz` tells an orchestrator when a replica cannot do its whole job: the database does not
//! answer, or the webhook worker is not running (it is being started again).

use actix_web::http::StatusCode;
use actix_web::test::TestRequest;

use crate::backend_tests;

backend_tests! {
    async fn readiness_reports_a_stopped_webhook_worker_until_it_runs_again(app) {
        let ready = app.send_as(TestRequest::get().uri("/readyz"), None).await;
        ready.assert_status(StatusCode::OK);

        app.worker_health().mark(false);
        let stopped = app.send_as(TestRequest::get().uri("/readyz?lang=pl"), None).await;
        let problem = stopped.assert_problem(StatusCode::SERVICE_UNAVAILABLE, "worker_stopped");
        assert_eq!(stopped.header("retry-after"), Some("1"));
        assert_eq!(problem["title"], "Proces wysyłający webhooki nie działa");
        // Liveness is another question: the process is alive.
        app.send_as(TestRequest::get().uri("/healthz"), None).await.assert_status(StatusCode::OK);

        app.worker_health().mark(true);
        app.send_as(TestRequest::get().uri("/readyz"), None).await.assert_status(StatusCode::OK);
    }
}
