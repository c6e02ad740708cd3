//! (b) Markdown -> docx directly: any text, any structure.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let md = String::from_utf8_lossy(bytes);
    for kind in ["letter", "form"] {
        let meta = fairmove::pipeline::word::Meta {
            title: md.chars().take(40).collect(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 19).unwrap(),
            kind: kind.into(),
            font_size: 12,
            review: None,
        };
        let docx = fairmove::pipeline::word::markdown_to_docx(&md, &meta).expect("any Markdown converts");
        fairmove_fuzz::check_docx(&docx);
    }
});
