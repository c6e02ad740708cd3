//! What every fuzz target checks of a .docx it produces: a valid zip whose
//! XML parts are well-formed and hold no character XML 1.0 forbids.

use std::io::Read;
use std::sync::OnceLock;

/// The built-in calendar, loaded once (in the targets' init hooks).
pub fn calendar() -> &'static fairmove::law::calendar::Calendar {
    static C: OnceLock<fairmove::law::calendar::Calendar> = OnceLock::new();
    C.get_or_init(|| {
        fairmove::law::calendar::Calendar::load(&fairmove::base::data::DataSource::builtin()).unwrap()
    })
}

/// Panics (so libFuzzer reports it) unless `docx` is a sound Word package.
pub fn check_docx(docx: &[u8]) {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a valid zip");
    assert!(z.by_name("word/document.xml").is_ok(), "no document part");
    for i in 0..z.len() {
        let mut f = z.by_index(i).expect("a readable zip entry");
        let name = f.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        f.read_to_string(&mut text)
            .unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
        if let Some(c) = text.chars().find(|c| !xml_char(*c)) {
            panic!("{name} holds U+{:04X}, which XML 1.0 forbids", c as u32);
        }
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{name} is not well-formed XML: {e}");
        }
    }
}

/// The characters XML 1.0 allows.
pub fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

