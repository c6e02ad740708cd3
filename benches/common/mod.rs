//! What the two server benchmarks share: the server's app on the built-in
//! documents, a form the browser posts, and the timing of `N` requests.

use fairmove::base::data::DataSource;
use fairmove::frontends::web::{App, Config, Problem};

/// Runs `step` on the form of the fuzz seed `seed` `N` times (the first
/// argument, else 500) and prints the mean time of one `what`.
pub fn run(
    what: &str,
    seed: &str,
    step: impl Fn(&App, &[u8]) -> Result<axum::response::Response, Problem>,
) {
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
    let form = std::fs::read(root.join("fuzz/seeds/form").join(seed)).expect("the form seed");
    // The first byte picks the document in the fuzz target; the form follows.
    let body = &form[1..];
    let started = std::time::Instant::now();
    let mut bytes = 0;
    for _ in 0..n {
        let response = match step(&app, body) {
            Ok(r) => r,
            Err(p) => panic!("no {what}: {}", p.status()),
        };
        assert!(response.status().is_success());
        bytes += fairmove::frontends::web::body_bytes(response).len();
    }
    let took = started.elapsed();
    println!(
        "{n} {what}s in {:.2} s: {:.3} ms each, {} bytes each",
        took.as_secs_f64(),
        took.as_secs_f64() * 1000.0 / f64::from(n),
        bytes / n as usize
    );
}
