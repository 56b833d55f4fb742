//! Health probes and the self-served documentation.

use actix_web::http::{header, StatusCode};
use actix_web::test::TestRequest;
use serde_json::json;

crate::backend_tests! {
    async fn health_and_readiness(app) {
        let reply = app.get("/healthz").await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.json(), json!({"status": "ok"}));
        let reply = app.get("/readyz").await;
        reply.assert_status(StatusCode::OK);
        assert_eq!(reply.json(), json!({"status": "ok"}));
    }

    async fn docs_are_served_from_the_binary(app) {
        let redirect = app.get("/docs").await;
        assert_eq!(redirect.status, StatusCode::PERMANENT_REDIRECT);
        assert_eq!(redirect.header("location"), Some("/docs/"));
        let page = app.get("/docs/").await;
        page.assert_status(StatusCode::OK);
        assert!(page.text().contains("swagger-ui"), "{}", page.text());
        let script = app.get("/docs/swagger-ui-bundle.js").await;
        script.assert_status(StatusCode::OK);
        assert!(script.body.len() > 100_000, "the vendored bundle is served");
        let config = app.get("/docs/swagger-initializer.js").await;
        assert!(config.text().contains("/openapi.json"), "{}", config.text());
        let spec = app.get("/openapi.json").await;
        spec.assert_status(StatusCode::OK);
        assert_eq!(spec.json(), clientretro::openapi::published(&clientretro::openapi::document()));
    }

    async fn the_documentation_says_it_is_english_whatever_the_browser_asks(app) {
        for path in ["/openapi.json", "/docs", "/docs/", "/docs/swagger-initializer.js", "/openapi.json?lang=ro"] {
            let reply = app
                .send(TestRequest::get().uri(path).insert_header((header::ACCEPT_LANGUAGE, "pl")))
                .await;
            assert!(reply.status.is_success() || reply.status.is_redirection(), "{path}: {}", reply.status);
            assert_eq!(reply.header("content-language"), Some("en"), "{path}");
        }
        // The API itself still answers a Polish browser in Polish.
        let reply = app
            .send(TestRequest::get().uri("/v1/gaps").insert_header((header::ACCEPT_LANGUAGE, "pl")))
            .await;
        assert_eq!(reply.header("content-language"), Some("pl"));
    }
}

/// The Markdown files a reader of the repository meets.
fn markdown_files() -> Vec<std::path::PathBuf> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("CHANGELOG.md")];
    let mut folders = vec![root.join("docs"), root.join("data"), root.join(".ci")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("a folder of the repository") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files
}

#[test]
fn documents_link_only_inside_the_repository() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .canonicalize()
        .expect("the repository");
    for file in markdown_files() {
        let text = std::fs::read_to_string(&file).expect("readable");
        let folder = file.parent().expect("a folder");
        // Every relative link `](target)` names a file of the repository.
        for (at, _) in text.match_indices("](") {
            let target = &text[at + 2..];
            let target = &target[..target.find(')').expect("a closed link")];
            let target = target.split('#').next().unwrap_or_default();
            if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let resolved = folder.join(target).canonicalize();
            assert!(
                resolved.as_ref().is_ok_and(|path| path.starts_with(&root)),
                "{}: the link {target} names nothing in the repository",
                file.display()
            );
        }
        for outside in ["../shared", "/work/", "our machines"] {
            assert!(!text.contains(outside), "{}: mentions {outside}", file.display());
        }
    }
}

#[test]
fn the_changelog_names_the_crate_version() {
    let changelog =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/CHANGELOG.md")).expect("CHANGELOG.md");
    let released: Vec<&str> = changelog
        .lines()
        .filter_map(|line| line.strip_prefix("## ["))
        .filter_map(|line| line.split(']').next())
        .filter(|version| *version != "Unreleased")
        .collect();
    assert_eq!(
        released.first().copied(),
        Some(env!("CARGO_PKG_VERSION")),
        "the latest version in CHANGELOG.md is the version in Cargo.toml"
    );
    assert!(
        changelog.contains("## [Unreleased]"),
        "changes not yet released have their section"
    );
}
