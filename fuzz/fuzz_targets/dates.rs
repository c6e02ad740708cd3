//! (d) date parsing, and the school-day arithmetic on what it parses.
#![no_main]

use fairmove::law::calendar::parse_date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(init: { fairmove_fuzz::calendar(); }, |bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else { return };
    let Some(d) = parse_date(text) else { return };
    let cal = fairmove_fuzz::calendar();
    let n = (bytes.len() % 40) as u32;
    let after = cal.school_days_after(d, n);
    let before = cal.school_days_before(d, n);
    assert!(after >= d && before <= d);
    assert_eq!(cal.school_days_between(d, d), 0);
    let _ = fairmove::law::calendar::long_date(d);
    let _ = fairmove::law::calendar::weekday_date(d);
});
