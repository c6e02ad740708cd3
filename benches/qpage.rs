//! The web server's question page without the network: one step of the
//! flow (an answer taken, the next question's page made) `N` times in one
//! process, from the form the browser posts (`fuzz/seeds/form/answer-text`).
//! Prints the mean time per page. Run with `cargo bench --bench qpage`;
//! for an instruction count, run the built bench under
//! `valgrind --tool=callgrind` with 10 and with 110, and take the
//! difference over 100.

use fairmove::base::data::DataSource;
use fairmove::frontends::web::{App, Config};

fn main() {
    let n: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(500);
    let data = DataSource::builtin();
    let calendar = fairmove::law::calendar::Calendar::load(&data).expect("the built-in calendar");
    let app = App::new(Config {
        data,
        calendar,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
    })
    .expect("the built-in documents");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let form = std::fs::read(root.join("fuzz/seeds/form/answer-text")).expect("the form seed");
    // The first byte picks the document in the fuzz target; the form follows.
    let body = &form[1..];
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        let response = match app.flow_post("withdraw-exclusion", body) {
            Ok(r) => r,
            Err(p) => panic!("the page was not made: {}", p.status()),
        };
        assert!(response.status().is_success());
        bytes += fairmove::frontends::web::body_bytes(response).len();
    }
    let took = started.elapsed();
    println!(
        "{n} question pages in {:.2} s: {:.3} ms each, {} bytes each",
        took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / f64::from(n),
        bytes / n as usize
    );
}
