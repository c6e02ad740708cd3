//! School days: the one calendar engine every deadline goes through.
//!
//! Weekends never count. England and Wales bank holidays are built in
//! (`guidance/calendar/bank-holidays.yaml`, with their source). Term dates
//! and INSET days can be added per school or local authority; without them,
//! school holidays are not taken into account and the output says so.

use crate::base::data::DataSource;
use crate::base::yaml;
use anyhow::{bail, Context, Result};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankHolidayFile {
    region: String,
    source: String,
    covers_from: NaiveDate,
    covers_to: NaiveDate,
    dates: Vec<BankHoliday>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BankHoliday {
    date: NaiveDate,
    name: String,
}

/// A school's or local authority's terms, from a small YAML file.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct TermDates {
    /// Who published them, e.g. "Gloucestershire County Council".
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    pub terms: Vec<Term>,
    /// Days inside a term when pupils are not taught (INSET days).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inset_days: Vec<NaiveDate>,
}

/// The most terms and INSET days a term-dates file may list.
pub const MAX_TERMS: usize = 60;
pub const MAX_INSET_DAYS: usize = 100;

impl TermDates {
    /// The term dates as a term-dates file holds them.
    pub fn to_yaml(&self) -> Result<String> {
        serde_saphyr::to_string(self).context("could not write the term dates as YAML")
    }

    /// Whether the file says anything about `date`: from the summer holiday
    /// before its first term to the summer holiday after its last (a summer
    /// holiday is about six weeks; 45 days either side covers it), INSET
    /// days included.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.span().is_some_and(|(a, b)| a <= date && date <= b)
    }

    fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let margin = Duration::days(45);
        let (first, last) = self.taught_span()?;
        Some((first - margin, last + margin))
    }

    /// From the first day of its first term to the last day of its last
    /// (INSET days included): the days the file really describes.
    fn taught_span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = || {
            self.terms
                .iter()
                .flat_map(|t| [t.start, t.end])
                .chain(self.inset_days.iter().copied())
        };
        Some((days().min()?, days().max()?))
    }
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Half-term holiday inside the term, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub half_term: Option<Holiday>,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// Where a council or school deploying fairmove puts the term dates its
/// staff and families can choose from in the web pages (review B9): one
/// term-dates file a school or area, `<id>.yaml`, in a `--data` folder.
pub const KNOWN_TERMS_DIR: &str = "guidance/calendar/terms";

/// The term dates in [`KNOWN_TERMS_DIR`], by id (the file name), each
/// checked as `--terms` checks a file; a wrong one is an error naming it.
pub fn known_terms(data: &DataSource) -> Result<Vec<(String, TermDates)>> {
    let mut out = Vec::new();
    for name in data.list(KNOWN_TERMS_DIR, false)? {
        let Some(id) = name.strip_suffix(".yaml") else {
            continue;
        };
        let f = data.read(&format!("{KNOWN_TERMS_DIR}/{name}"))?;
        out.push((id.to_string(), Calendar::parse_terms(&f.text, &f.origin)?));
    }
    Ok(out)
}

/// The text of the known term dates `id`, if there are such.
pub fn known_terms_text(data: &DataSource, id: &str) -> Result<Option<String>> {
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Ok(None);
    }
    Ok(data
        .try_read(&format!("{KNOWN_TERMS_DIR}/{id}.yaml"))?
        .map(|f| f.text))
}

/// Counts school days.
#[derive(Debug, Clone)]
pub struct Calendar {
    bank_holidays: BTreeSet<NaiveDate>,
    pub bank_holiday_source: String,
    pub bank_holiday_region: String,
    covers: (NaiveDate, NaiveDate),
    terms: Option<TermDates>,
    /// The term dates' INSET days and the span they cover, worked out once.
    inset: BTreeSet<NaiveDate>,
    term_span: Option<(NaiveDate, NaiveDate)>,
}

impl Calendar {
    /// The built-in bank holidays (or the overlay's), no term dates.
    pub fn load(data: &DataSource) -> Result<Calendar> {
        let f = data.read("guidance/calendar/bank-holidays.yaml")?;
        let file: BankHolidayFile = f.parse()?;
        let mut set = BTreeSet::new();
        for h in &file.dates {
            if matches!(h.date.weekday(), Weekday::Sat | Weekday::Sun) {
                bail!(
                    "{}: the bank holiday {} ({}) falls on a weekend; list the substitute weekday instead",
                    f.origin, h.date, h.name
                );
            }
            set.insert(h.date);
        }
        Ok(Calendar {
            bank_holidays: set,
            bank_holiday_source: file.source,
            bank_holiday_region: file.region,
            covers: (file.covers_from, file.covers_to),
            terms: None,
            inset: BTreeSet::new(),
            term_span: None,
        })
    }

    /// Adds a school's or local authority's term dates.
    pub fn with_terms(mut self, terms: TermDates) -> Self {
        self.inset = terms.inset_days.iter().copied().collect();
        // Only the days the file describes are counted with it. Before its
        // first term or after its last, nobody knows when term starts, so
        // every weekday that is not a bank holiday counts as a school day:
        // the safe way for a family's deadline, which can only come out
        // early, never late (third audit L2).
        self.term_span = terms.taught_span();
        self.terms = Some(terms);
        self
    }

    pub fn terms(&self) -> Option<&TermDates> {
        self.terms.as_ref()
    }

    /// Whether bank holiday data covers `date`.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.covers.0 <= date && date <= self.covers.1
    }

    pub fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        self.bank_holidays.contains(&date)
    }

    /// A day pupils are taught: a weekday, not a bank holiday, and (when
    /// term dates are known) inside a term, outside half-term, not INSET.
    pub fn is_school_day(&self, date: NaiveDate) -> bool {
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) || self.is_bank_holiday(date) {
            return false;
        }
        match &self.terms {
            None => true,
            // Outside the years the term-dates file covers, only weekends
            // and bank holidays are known: counting back from the first
            // day of the file must not run into years of "holiday".
            Some(_) if !self.term_span.is_some_and(|(a, b)| a <= date && date <= b) => true,
            Some(t) => {
                if self.inset.contains(&date) {
                    return false;
                }
                t.terms.iter().any(|term| {
                    term.start <= date
                        && date <= term.end
                        && !term
                            .half_term
                            .as_ref()
                            .is_some_and(|h| h.start <= date && date <= h.end)
                })
            }
        }
    }

    /// The `n`th school day after `from` (not counting `from` itself).
    /// With `n == 0`, `from` itself if it is a school day, else the next one.
    pub fn school_days_after(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        if n == 0 {
            // Bounded like every count here: term dates with no school day
            // for years must not make this run for ever (found by fuzzing).
            for _ in 0..(366 * 3) {
                if self.is_school_day(d) {
                    break;
                }
                d += Duration::days(1);
            }
            return d;
        }
        let mut counted = 0;
        // A school year has fewer than 200 school days; 3 years is ample.
        for _ in 0..(366 * 3) {
            d += Duration::days(1);
            if self.is_school_day(d) {
                counted += 1;
                if counted == n {
                    return d;
                }
            }
        }
        d
    }

    /// The `n`th school day before `from` (not counting `from` itself): the
    /// last day to act when something needs `n` school days' notice.
    /// With `n == 0`, `from` itself if it is a school day, else the one
    /// before (the mirror of `school_days_after`; found by a property test).
    pub fn school_days_before(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        if n == 0 {
            for _ in 0..(366 * 3) {
                if self.is_school_day(d) {
                    break;
                }
                d -= Duration::days(1);
            }
            return d;
        }
        let mut counted = 0;
        for _ in 0..(366 * 3) {
            d -= Duration::days(1);
            if self.is_school_day(d) {
                counted += 1;
                if counted >= n {
                    return d;
                }
            }
        }
        d
    }

    /// The `n`th school day of a period that starts on `start`, counting the
    /// first school day on or after `start` as day 1: the sixth school day
    /// of an exclusion that begins on `start` is `school_day_number(start, 6)`.
    pub fn school_day_number(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let first = self.school_days_after(start, 0);
        self.school_days_after(first, n.saturating_sub(1))
    }

    /// A working day: a weekday that is not a bank holiday (school holidays
    /// count), as used for post under the 2012 Regulations.
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(date)
    }

    /// The `n`th working day before `from` (not counting `from`): the last
    /// day to post something that is taken to arrive `n` working days after
    /// posting, when it must arrive by `from`.
    pub fn working_days_before(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut d = from;
        let mut counted = 0;
        for _ in 0..(366 * 3) {
            if counted >= n {
                break;
            }
            d -= Duration::days(1);
            if self.is_working_day(d) {
                counted += 1;
            }
        }
        d
    }

    /// The last school day of the `weeks`th school week of a placement that
    /// starts on `start`. A school week is five school days, and the first
    /// school day on or after `start` is day one, so a 16-week placement
    /// starting on a Monday in an unbroken term ends on the Friday 15 weeks
    /// later, and a holiday pushes it on by its length.
    pub fn school_weeks_end(&self, start: NaiveDate, weeks: u32) -> NaiveDate {
        self.school_day_number(start, (weeks * 5).max(1))
    }

    /// Loads term dates from a YAML file (see examples/term-dates-*.yaml).
    pub fn load_terms(path: &std::path::Path) -> Result<TermDates> {
        let text = crate::base::input::read_text(path, "the term dates file")?;
        Self::parse_terms(&text, &crate::base::input::display_name(path))
    }

    /// Parses term dates from text; `origin` names it in messages.
    pub fn parse_terms(text: &str, origin: &str) -> Result<TermDates> {
        let t: TermDates = yaml::parse(text, origin)?;
        // Every date a real school year could have: a typo such as 9276
        // for 2026 would otherwise stretch the file over millennia.
        let span = t.span();
        if let Some((first, last)) = span {
            let (first, last) = (first + Duration::days(45), last - Duration::days(45));
            if first.year() < 2000 || last.year() > 2100 || (last - first).num_days() > 6 * 366 {
                bail!(
                    "{origin}: the dates run from {} to {}; a term-dates file covers a few school years between 2000 and 2100. Check the years",
                    long_date(first),
                    long_date(last)
                );
            }
        }
        // A school year has six terms and a handful of INSET days; a file
        // of thousands is a mistake (or an attack), refused plainly.
        if t.terms.len() > MAX_TERMS || t.inset_days.len() > MAX_INSET_DAYS {
            bail!(
                "{origin}: {} terms and {} INSET days; fairmove takes at most {MAX_TERMS} terms and {MAX_INSET_DAYS} INSET days (a few school years)",
                t.terms.len(),
                t.inset_days.len()
            );
        }
        for term in &t.terms {
            if term.end < term.start {
                bail!("{origin}: the term `{}` ends before it starts", term.name);
            }
        }
        Ok(t)
    }

    /// School days strictly after `from` up to and including `to`.
    pub fn school_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to == from {
            return 0;
        }
        if to < from {
            return -self.school_days_between(to, from);
        }
        let mut d = from;
        let mut n = 0;
        while d < to {
            d += Duration::days(1);
            if self.is_school_day(d) {
                n += 1;
            }
        }
        n
    }

    /// Whether `date` lies before the first term or after the last of the
    /// term dates given (always false without term dates).
    pub fn outside_terms(&self, date: NaiveDate) -> bool {
        self.terms.is_some() && !self.term_span.is_some_and(|(a, b)| a <= date && date <= b)
    }

    /// What to add to [`Calendar::basis`] when a count ran past the term
    /// dates given: which days were guessed, and how to get the real date.
    pub fn outside_note(&self) -> String {
        match (&self.terms, self.term_span) {
            (Some(t), Some((first, last))) => format!(
                "Part of a count falls outside the {} term dates ({} to {}); there every weekday \
                 that is not a bank holiday was counted as a school day, so the date may come \
                 out earlier than the real one, never later. Add the next year's term dates for \
                 the exact day.",
                t.name,
                long_date(first),
                long_date(last)
            ),
            _ => String::new(),
        }
    }

    /// A plain sentence saying what was and was not taken into account.
    pub fn basis(&self) -> String {
        match &self.terms {
            Some(t) => format!(
                "School days counted using {} term dates and {} bank holidays; weekends never count.",
                t.name, self.bank_holiday_region
            ),
            None => format!(
                "School days counted skipping weekends and {} bank holidays only: school holidays \
                 and INSET days were not taken into account, so check the dates against the \
                 school's term dates.",
                self.bank_holiday_region
            ),
        }
    }
}

/// Parses a date as people write it in England: 2026-11-10, 10/11/2026 (day
/// first), 10-11-2026, 10.11.2026, 10 Nov 2026, 10th November 2026, and
/// any of those after a weekday name ("Tuesday 10 November 2026").
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    let s = input.trim().trim_end_matches('.');
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return Some(d);
    }
    for sep in ['/', '-', '.'] {
        let parts: Vec<&str> = s.split(sep).collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let day: u32 = parts[0].parse().ok()?;
            let month: u32 = parts[1].parse().ok()?;
            let year: i32 = match parts[2].len() {
                4 => parts[2].parse().ok()?,
                2 => 2000 + parts[2].parse::<i32>().ok()?,
                _ => return None,
            };
            return NaiveDate::from_ymd_opt(year, month, day);
        }
    }
    // Words: optional weekday, day (with st/nd/rd/th), month name, year.
    let cleaned = s.replace(',', " ");
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() == 4 && weekday_name(words[0]) {
        words.remove(0);
    }
    if words.len() != 3 {
        return None;
    }
    let day_word = words[0]
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .to_string();
    let day: u32 = day_word.parse().ok()?;
    let month = month_number(words[1])?;
    let year: i32 = words[2].parse().ok()?;
    if !(1900..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Whether `input` is a day and a month with no year ("6th November",
/// "Friday 6 Nov", "November 6"): the person meant a date, and is told to
/// add the year rather than that it is not a date (terminal review K11).
pub fn lacks_year(input: &str) -> bool {
    let cleaned = input.trim().trim_end_matches('.').replace(',', " ");
    let mut words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() == 3 && weekday_name(words[0]) {
        words.remove(0);
    }
    if words.len() != 2 {
        return false;
    }
    let day = |w: &str| {
        w.trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .is_ok_and(|d| (1..=31).contains(&d))
    };
    (day(words[0]) && month_number(words[1]).is_some())
        || (month_number(words[0]).is_some() && day(words[1]))
}

fn weekday_name(w: &str) -> bool {
    let w = w.to_ascii_lowercase();
    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        .iter()
        .any(|p| w.starts_with(p))
}

fn month_number(w: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS
        .iter()
        .position(|m| m.starts_with(&w))
        .map(|i| i as u32 + 1)
}

/// "10 November 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// "Tuesday 10 November 2026".
pub fn weekday_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// The accepted formats, for error messages.
pub const DATE_FORMATS: &str = "2026-11-10, 10/11/2026 (day first) or 10 November 2026";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bank_holidays_read_the_same_from_json_and_yaml() {
        crate::base::data::assert_prepared_same::<BankHolidayFile>(
            "guidance/calendar/bank-holidays.yaml",
        );
    }

    #[test]
    fn school_weeks_count_five_school_days_each_from_the_start() {
        let data = crate::base::data::DataSource::builtin();
        let cal = Calendar::load(&data).unwrap();
        let d = |s| parse_date(s).unwrap();
        // Monday 2 November 2026: one week ends Friday 6 November.
        assert_eq!(cal.school_weeks_end(d("2026-11-02"), 1), d("2026-11-06"));
        assert_eq!(cal.school_weeks_end(d("2026-11-02"), 4), d("2026-11-27"));
        // Starting on a Saturday counts from the Monday.
        assert_eq!(cal.school_weeks_end(d("2026-10-31"), 1), d("2026-11-06"));
        // Christmas and Boxing Day bank holidays (Friday 25 and Monday 28
        // December 2026) push the end on by two school days.
        assert_eq!(cal.school_weeks_end(d("2026-12-21"), 1), d("2026-12-29"));
        // With term dates, the Christmas holiday does not count either.
        let terms: TermDates = crate::base::yaml::parse(
            "name: test\nterms:\n  - name: autumn\n    start: 2026-09-01\n    end: 2026-12-18\n  - name: spring\n    start: 2027-01-04\n    end: 2027-03-26\n",
            "t.yaml",
        )
        .unwrap();
        let cal = cal.with_terms(terms);
        assert_eq!(cal.school_weeks_end(d("2026-12-14"), 2), d("2027-01-08"));
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn cal() -> Calendar {
        Calendar::load(&DataSource::builtin()).unwrap()
    }

    #[test]
    fn parses_the_ways_people_write_dates() {
        for (input, want) in [
            ("2026-11-10", "2026-11-10"),
            ("10/11/2026", "2026-11-10"),
            ("10-11-2026", "2026-11-10"),
            ("10.11.2026", "2026-11-10"),
            ("10/11/26", "2026-11-10"),
            ("10 Nov 2026", "2026-11-10"),
            ("10 November 2026", "2026-11-10"),
            ("10th November 2026", "2026-11-10"),
            ("Tuesday 10 November 2026", "2026-11-10"),
            ("Tue, 10 Nov 2026", "2026-11-10"),
            ("1 Sept 2026", "2026-09-01"),
        ] {
            assert_eq!(parse_date(input), Some(d(want)), "{input}");
        }
        for bad in [
            "31/02/2026",
            "2026-13-01",
            "next Tuesday",
            "10 Nob 2026",
            "",
            "10/11",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_dates_in_british_style() {
        assert_eq!(long_date(d("2026-11-05")), "5 November 2026");
        assert_eq!(weekday_date(d("2026-11-10")), "Tuesday 10 November 2026");
    }

    #[test]
    fn bank_holidays_are_on_weekdays_and_known_ones_present() {
        let c = cal();
        for h in [
            "2026-12-25",
            "2026-12-28",
            "2026-04-03",
            "2026-04-06",
            "2026-08-31",
            "2027-03-26",
        ] {
            assert!(c.is_bank_holiday(d(h)), "{h}");
        }
        // Boxing Day 2026 is a Saturday: the substitute is Monday 28th.
        assert!(!c.is_bank_holiday(d("2026-12-26")));
    }

    #[test]
    fn school_days_with_term_dates_across_holidays() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
        let c = cal().with_terms(Calendar::load_terms(&path).unwrap());
        for (from, n, want, why) in [
            ("2026-10-21", 1, "2026-10-22", "Wed to Thu before half-term"),
            (
                "2026-10-22",
                1,
                "2026-11-02",
                "INSET Fri 23 Oct, half-term 26-30 Oct",
            ),
            (
                "2026-12-17",
                2,
                "2027-01-05",
                "Christmas holiday and INSET Mon 4 Jan",
            ),
            (
                "2027-03-24",
                2,
                "2027-04-12",
                "Easter holiday between terms",
            ),
            (
                "2027-04-30",
                1,
                "2027-05-04",
                "May Day bank holiday Mon 3 May",
            ),
            (
                "2027-05-28",
                1,
                "2027-06-08",
                "half-term 31 May-4 Jun and INSET Mon 7 Jun",
            ),
            (
                "2026-11-16",
                15,
                "2026-12-07",
                "15 school days inside one half-term",
            ),
        ] {
            assert_eq!(
                c.school_days_after(d(from), n),
                d(want),
                "{from} + {n}: {why}"
            );
        }
        assert!(
            !c.is_school_day(d("2026-09-02")),
            "INSET before term starts"
        );
        assert!(c.is_school_day(d("2026-09-03")), "first day of term");
        // After the last term the file says nothing: a weekday counts, so
        // a family's deadline comes out early, never late (third audit L2),
        // and the count says it ran outside the term dates.
        assert!(c.is_school_day(d("2027-07-22")), "after the last term");
        assert!(c.outside_terms(d("2027-07-22")) && !c.outside_terms(d("2027-07-21")));
        assert!(c
            .outside_note()
            .contains("earlier than the real one, never later"));
        assert!(c.basis().contains("Shinfield"));
    }

    #[test]
    fn school_days_without_term_dates() {
        let c = cal();
        // (from, n, expected): weekends and bank holidays skipped.
        for (from, n, want) in [
            ("2026-11-19", 5, "2026-11-26"), // Thu + 5 -> next Thu
            ("2026-11-20", 1, "2026-11-23"), // Fri + 1 -> Mon
            ("2026-11-21", 1, "2026-11-23"), // Sat + 1 -> Mon
            ("2026-12-24", 1, "2026-12-29"), // Christmas, Boxing Day substitute
            ("2026-04-02", 1, "2026-04-07"), // Good Friday, Easter Monday
            ("2026-08-28", 1, "2026-09-01"), // Summer bank holiday Monday
            ("2026-11-16", 15, "2026-12-07"),
        ] {
            assert_eq!(c.school_days_after(d(from), n), d(want), "{from} + {n}");
        }
        assert_eq!(c.school_days_after(d("2026-11-21"), 0), d("2026-11-23"));
        assert_eq!(c.school_days_before(d("2026-11-23"), 2), d("2026-11-19"));
        assert_eq!(c.school_days_before(d("2026-04-07"), 1), d("2026-04-02"));
        assert_eq!(c.school_days_between(d("2026-11-19"), d("2026-11-26")), 5);
    }

    #[test]
    fn the_same_day_is_zero_school_days_away() {
        // Once recursed without end (a stack overflow) when a letter was
        // dated on the last day of a deadline.
        let cal = Calendar::load(&DataSource::builtin()).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert_eq!(cal.school_days_between(d, d), 0);
        let later = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(cal.school_days_between(d, later), 2);
        assert_eq!(cal.school_days_between(later, d), -2);
    }

    #[test]
    fn a_term_dates_file_with_thousands_of_terms_is_refused() {
        let mut text = String::from("name: x\nterms:\n");
        for i in 0..(MAX_TERMS + 1) {
            text.push_str(&format!(
                "  - {{ name: t{i}, start: 2026-09-01, end: 2026-09-02 }}\n"
            ));
        }
        let e = Calendar::parse_terms(&text, "many.yaml").unwrap_err();
        assert!(e.to_string().contains("at most 60 terms"), "{e}");
    }

    #[test]
    fn a_year_typed_wrong_in_term_dates_is_refused() {
        // Found by fuzzing: an INSET day in 9276 made a count run for ever.
        let text = "name: x\nterms:\n  - { name: a, start: 2026-09-03, end: 2026-12-18 }\ninset_days: [9276-09-01]\n";
        let e = Calendar::parse_terms(text, "typo.yaml").unwrap_err();
        assert!(e.to_string().contains("Check the years"), "{e}");
    }

    #[test]
    fn a_day_and_month_without_a_year_is_said_to_need_one() {
        for s in [
            "6th November",
            "6 Nov",
            "Friday 6 November",
            "November 6th",
            "6 November.",
        ] {
            assert!(parse_date(s).is_none(), "{s}");
            assert!(lacks_year(s), "{s}");
        }
        for s in [
            "6 November 2026",
            "hello there",
            "6",
            "32 November",
            "6 Smarch",
        ] {
            assert!(!lacks_year(s), "{s}");
        }
    }
}
