//! (c) the term-dates file: parse it, then count school days with it.
#![no_main]

use fairmove::law::calendar::Calendar;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: { fairmove_fuzz::calendar(); }, |bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let Ok(terms) = Calendar::parse_terms(text, "fuzz.yaml") else { return };
    let cal = fairmove_fuzz::calendar().clone().with_terms(terms);
    let start = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
    for n in [0, 1, 5, 15, 80] {
        let after = cal.school_days_after(start, n);
        let before = cal.school_days_before(start, n);
        assert!(after >= start && before <= start);
        let _ = cal.school_weeks_end(start, n);
    }
});
