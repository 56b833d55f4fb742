// The migrations and messages are embedded in the binary: a change to them must rebuild it.
// The PostgreSQL variants of the API tests exist only when TEST_POSTGRES_URL is set, so a run
// without PostgreSQL never counts skipped tests as passed; such a build says so (here, and as
// the ignored test `postgres_variants_not_built` in the API tests' output).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-env-changed=TEST_POSTGRES_URL");
    println!("cargo:rustc-check-cfg=cfg(postgres_tests)");
    if std::env::var_os("TEST_POSTGRES_URL").is_some_and(|v| !v.is_empty()) {
        println!("cargo:rustc-cfg=postgres_tests");
    } else {
        println!(
            "cargo:warning=TEST_POSTGRES_URL is not set: the API tests run on SQLite only; the PostgreSQL \
             variants are not built. Run them with TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test cargo test"
        );
    }
}
