//! (a) answers YAML -> facts -> findings -> Markdown -> docx, for every
//! document: the file's `document:` line picks the document, or the input's
//! first byte when it names none.
#![no_main]

use fairmove::pipeline::answers::Answers;
use fairmove::base::data::DataSource;
use fairmove::Engine;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn engines() -> &'static Vec<Engine> {
    static E: OnceLock<Vec<Engine>> = OnceLock::new();
    E.get_or_init(|| {
        let data = DataSource::builtin();
        fairmove::documents::document::list_ids(&data)
            .unwrap()
            .iter()
            .map(|id| Engine::load(&data, id).unwrap())
            .collect()
    })
}

// Load every document before fuzzing starts, so the first input is not
// charged for it (it would exceed the one-second limit on a busy machine).
fuzz_target!(init: { engines(); }, |bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let Ok(answers) = Answers::parse(text, "fuzz.yaml") else { return };
    let engines = engines();
    let engine = match answers.document() {
        Some(id) => match engines.iter().find(|e| e.doc.def.id == id) {
            Some(e) => e,
            None => return,
        },
        None => &engines[bytes.first().copied().unwrap_or(0) as usize % engines.len()],
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let Ok(facts) = engine.facts(&answers, today) else { return };
    let findings = engine.check(&facts).expect("the checks run on any valid facts");
    if findings.is_blocked() {
        return;
    }
    let md = engine.render_markdown(&facts).expect("a document renders from valid facts");
    let docx = fairmove::to_docx(engine, &facts, &md).expect("the Word document is built");
    fairmove_fuzz::check_docx(&docx);
    let review = fairmove::to_review_docx(engine, &facts, &findings, &md).expect("the review copy is built");
    fairmove_fuzz::check_docx(&review);
});
