//! (f) the browser's "Continue with my answers file" upload: any bytes as
//! the uploaded file (`POST /load` once the file is out of its form) are
//! read as YAML answers and start the interview where the family left off.
//! Invariant: no panic, never a 500 (a file that is not fairmove's is a
//! 4xx page that says why), and a page served is HTML.
#![no_main]

use fairmove::base::data::DataSource;
use fairmove::frontends::web::{App, Config};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn app() -> &'static App {
    static A: OnceLock<App> = OnceLock::new();
    A.get_or_init(|| {
        App::new(Config {
            calendar: fairmove_fuzz::calendar().clone(),
            data: DataSource::builtin(),
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        })
        .unwrap()
    })
}

fuzz_target!(init: { app(); }, |bytes: &[u8]| {
    match app().load_file(bytes) {
        Ok(response) => {
            let status = response.status();
            assert!(status.is_success() || status.is_client_error(), "status {status}");
            let body = fairmove::frontends::web::body_bytes(response);
            assert!(body.starts_with(b"<!DOCTYPE html>"), "not a page");
        }
        Err(problem) => assert!(
            problem.status().is_client_error(),
            "a {} for a file a client sent",
            problem.status()
        ),
    }
});
