//! (b) Markdown -> docx directly: any text, any structure.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let md = String::from_utf8_lossy(bytes);
    // A letter or a form (forms have room to write in their tables), by
    // the input's length: one document an input, so twice the inputs.
    let kind = if bytes.len() % 2 == 0 { "letter" } else { "form" };
    {
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
