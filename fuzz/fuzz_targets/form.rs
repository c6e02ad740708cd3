//! (e) the browser interview's form decoding: any bytes posted to a flow
//! page or the .docx download, for any document (the first byte picks it),
//! are decoded, checked, stepped and rendered. Invariant: no panic, never a
//! 500 (anything a page could not have sent is a 4xx), and every .docx
//! served is a sound Word package.
#![no_main]

use fairmove::base::data::DataSource;
use fairmove::frontends::web::{App, Config};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn app() -> &'static (App, Vec<String>) {
    static A: OnceLock<(App, Vec<String>)> = OnceLock::new();
    A.get_or_init(|| {
        let data = DataSource::builtin();
        let ids = fairmove::documents::document::list_ids(&data).unwrap();
        let app = App::new(Config {
            calendar: fairmove_fuzz::calendar().clone(),
            data,
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        })
        .unwrap();
        (app, ids)
    })
}

fuzz_target!(init: { app(); }, |bytes: &[u8]| {
    let (app, ids) = app();
    let Some((&first, body)) = bytes.split_first() else { return };
    let doc = &ids[(first as usize / 2) % ids.len()];
    let docx = first % 2 == 1;
    let result = if docx { app.docx_post(doc, body) } else { app.flow_post(doc, body) };
    match result {
        Ok(response) => {
            let status = response.status();
            assert!(status.is_success() || status.is_client_error(), "status {status}");
            if docx && status.is_success() {
                let body = fairmove::frontends::web::body_bytes(response);
                fairmove_fuzz::check_docx(&body);
            }
        }
        Err(problem) => assert!(
            problem.status().is_client_error(),
            "a {} for what a client sent",
            problem.status()
        ),
    }
});
