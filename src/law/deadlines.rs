//! Statutory deadlines (`guidance/deadlines.yaml`), counted in school days
//! by the calendar engine, and written as text or as an iCalendar file.

use crate::base::data::DataSource;
use crate::law::calendar::{long_date, Calendar};
use crate::law::guidance::Guidance;
use anyhow::{bail, Result};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineDef {
    pub id: String,
    /// The input date it counts from, e.g. `board-decision-written`.
    #[serde(default)]
    pub from: Option<String>,
    /// Or another deadline it counts from (defined earlier in the file).
    #[serde(default)]
    pub from_deadline: Option<String>,
    /// School days to count...
    #[serde(default)]
    pub school_days: Option<u32>,
    /// ...or working days (weekdays that are not bank holidays).
    #[serde(default)]
    pub working_days: Option<u32>,
    pub direction: Direction,
    /// Day 1 is the starting day itself (when it is a school day).
    #[serde(default)]
    pub first_day_counts: bool,
    /// False for a date fairmove suggests, which is never a legal deadline.
    #[serde(default = "yes")]
    pub statutory: bool,
    pub label: String,
    #[serde(default)]
    pub cite: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    After,
    Before,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DeadlinesFile {
    deadlines: Vec<DeadlineDef>,
}

pub fn load(data: &DataSource) -> Result<Vec<DeadlineDef>> {
    let f = data.read("guidance/deadlines.yaml")?;
    let file: DeadlinesFile = f.parse()?;
    for (i, d) in file.deadlines.iter().enumerate() {
        let origin = &f.origin;
        match (&d.from, &d.from_deadline) {
            (Some(_), None) => {}
            (None, Some(other)) => {
                if !file.deadlines[..i].iter().any(|e| &e.id == other) {
                    bail!("{origin}: deadline `{}` counts from `{other}`, which is not a deadline defined before it", d.id);
                }
            }
            _ => bail!(
                "{origin}: deadline `{}` needs exactly one of `from` (a date) or `from_deadline`",
                d.id
            ),
        }
        if d.school_days.is_some() == d.working_days.is_some() {
            bail!(
                "{origin}: deadline `{}` needs exactly one of `school_days` or `working_days`",
                d.id
            );
        }
        if d.working_days.is_some() && d.direction != Direction::Before {
            bail!(
                "{origin}: deadline `{}`: `working_days` only counts back (a last day to post)",
                d.id
            );
        }
        if d.first_day_counts && (d.direction != Direction::After || d.school_days.is_none()) {
            bail!(
                "{origin}: deadline `{}`: `first_day_counts` only works counting school days after",
                d.id
            );
        }
    }
    Ok(file.deadlines)
}

/// One worked-out deadline.
#[derive(Debug, Clone)]
pub struct Deadline {
    pub id: String,
    pub label: String,
    pub date: NaiveDate,
    pub from: String,
    pub from_date: NaiveDate,
    /// "DfE exclusion guidance (...), section ..." when the rule cites one.
    pub cite: Option<String>,
    /// The legal provisions behind it (verified ones only).
    pub law: Vec<String>,
    /// False for a suggested date that is not a legal deadline.
    pub statutory: bool,
}

/// Works out every deadline whose starting date is given, in date order.
pub fn compute(
    defs: &[DeadlineDef],
    inputs: &BTreeMap<String, NaiveDate>,
    calendar: &Calendar,
    guidance: &Guidance,
) -> Vec<Deadline> {
    let mut out: Vec<Deadline> = Vec::new();
    for d in defs {
        let (from_name, from) = match (&d.from, &d.from_deadline) {
            (Some(name), _) => match inputs.get(name) {
                Some(date) => (name.clone(), *date),
                None => continue,
            },
            (None, Some(other)) => match out.iter().find(|o| &o.id == other) {
                Some(o) => (format!("the deadline `{other}`"), o.date),
                None => continue,
            },
            (None, None) => continue,
        };
        let date = match (d.school_days, d.working_days, d.direction) {
            (Some(n), _, Direction::After) if d.first_day_counts => {
                calendar.school_day_number(from, n)
            }
            (Some(n), _, Direction::After) => calendar.school_days_after(from, n),
            (Some(n), _, Direction::Before) => calendar.school_days_before(from, n),
            (None, Some(n), _) => calendar.working_days_before(from, n),
            (None, None, _) => continue,
        };
        let paragraph = d.cite.as_ref().and_then(|topic| {
            let e = guidance.in_force_on(from).ok()?;
            e.paragraph(topic).map(|p| (e, p))
        });
        out.push(Deadline {
            id: d.id.clone(),
            label: d.label.clone(),
            date,
            from: from_name,
            from_date: from,
            cite: paragraph.map(|(e, p)| e.cite(p)),
            law: paragraph
                .map(|(_, p)| guidance.law_citations(p))
                .unwrap_or_default(),
            statutory: d.statutory,
        });
    }
    out.sort_by_key(|d| d.date);
    out
}

/// How a deadline stands on `today`, in words.
pub fn status(calendar: &Calendar, date: NaiveDate, today: NaiveDate) -> String {
    if date < today {
        "PASSED".to_string()
    } else if date == today {
        "TODAY".to_string()
    } else {
        let n = calendar.school_days_between(today, date);
        format!("in {n} school day{}", if n == 1 { "" } else { "s" })
    }
}

/// The deadlines as an iCalendar file (all-day events) a phone can import.
/// Deterministic: the stamp is the earliest starting date, the ids are
/// derived from the deadline ids and dates.
pub fn to_ics(deadlines: &[Deadline], basis: &str) -> String {
    let mut s = String::new();
    let mut line = |l: &str| {
        s.push_str(&fold_ics_line(l));
        s.push_str("\r\n");
    };
    line("BEGIN:VCALENDAR");
    line("VERSION:2.0");
    line("PRODID:-//fairmove//school exclusion deadlines//EN");
    line("CALSCALE:GREGORIAN");
    let stamp = deadlines
        .iter()
        .map(|d| d.from_date)
        .min()
        .unwrap_or_default()
        .format("%Y%m%dT000000Z")
        .to_string();
    for d in deadlines {
        line("BEGIN:VEVENT");
        line(&format!(
            "UID:{}-{}@fairmove",
            d.id,
            d.date.format("%Y%m%d")
        ));
        line(&format!("DTSTAMP:{stamp}"));
        line(&format!("DTSTART;VALUE=DATE:{}", d.date.format("%Y%m%d")));
        line(&format!(
            "DTEND;VALUE=DATE:{}",
            (d.date + chrono::Duration::days(1)).format("%Y%m%d")
        ));
        line(&format!("SUMMARY:{}", ics_escape(first_sentence(&d.label))));
        let mut desc = format!(
            "{} Counted from {} ({}). {basis}",
            d.label,
            d.from,
            long_date(d.from_date)
        );
        if let Some(c) = &d.cite {
            desc.push_str(&format!(" Source: {c}."));
        }
        for l in &d.law {
            desc.push_str(&format!(" Law: {l}."));
        }
        line(&format!("DESCRIPTION:{}", ics_escape(&desc)));
        line("BEGIN:VALARM");
        line("ACTION:DISPLAY");
        line("TRIGGER:-P2D");
        line(&format!(
            "DESCRIPTION:{}",
            ics_escape(first_sentence(&d.label))
        ));
        line("END:VALARM");
        line("END:VEVENT");
    }
    line("END:VCALENDAR");
    s
}

fn first_sentence(s: &str) -> &str {
    s.split_once(". ")
        .map(|(a, _)| a)
        .unwrap_or(s)
        .trim_end_matches('.')
}

fn ics_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Lines longer than 75 octets continue on the next line after a space.
fn fold_ics_line(l: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in l.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadlines_read_the_same_from_json_and_yaml() {
        crate::base::data::assert_prepared_same::<DeadlinesFile>("guidance/deadlines.yaml");
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn computes_the_statutory_deadlines() {
        let data = DataSource::builtin();
        let cal = Calendar::load(&data).unwrap();
        let g = Guidance::load(&data).unwrap();
        let defs = load(&data).unwrap();
        let inputs = BTreeMap::from([
            ("exclusion-start".to_string(), d("2026-11-16")),
            ("board-notified".to_string(), d("2026-11-16")),
            ("board-decision-written".to_string(), d("2026-12-10")),
            ("review-decision-notified".to_string(), d("2027-02-01")),
            ("offsite-start".to_string(), d("2026-11-30")),
        ]);
        let got: BTreeMap<_, _> = compute(&defs, &inputs, &cal, &g)
            .into_iter()
            .map(|x| (x.id, x.date))
            .collect();
        // Sent home on Monday 16 November: that is day 1, so day 6 is the
        // next Monday (guidance audit W13), not Tuesday 24 November.
        assert_eq!(got["sixth-school-day"], d("2026-11-23"));
        assert_eq!(got["education-notice"], d("2026-11-16"));
        assert_eq!(got["board-must-consider-reinstatement"], d("2026-12-07"));
        // Across Christmas: 25 Dec and the Boxing Day substitute (28 Dec), and 1 Jan.
        assert_eq!(got["independent-review-application"], d("2027-01-05"));
        // Posted first class, it counts on the second working day after
        // posting: posted Thursday 31 December, it counts on Tuesday 5
        // January (1 January is a bank holiday).
        assert_eq!(got["independent-review-post-by"], d("2026-12-31"));
        assert_eq!(
            got["governing-board-reconsider-after-review"],
            d("2027-02-15")
        );
        // Two clear school days before Monday 30 November (W5).
        assert_eq!(got["offsite-direction-notice"], d("2026-11-25"));
        assert!(!got.contains_key("letter-reply"));
    }

    #[test]
    fn the_sixth_day_counts_from_the_first_day_of_the_exclusion() {
        let data = DataSource::builtin();
        let cal = Calendar::load(&data).unwrap();
        let g = Guidance::load(&data).unwrap();
        let defs = load(&data).unwrap();
        let sixth = |start: &str| {
            let inputs = BTreeMap::from([("exclusion-start".to_string(), d(start))]);
            compute(&defs, &inputs, &cal, &g)
                .into_iter()
                .find(|x| x.id == "sixth-school-day")
                .unwrap()
                .date
        };
        // Starting Tuesday 17 November: day 6 is Tuesday 24 November.
        assert_eq!(sixth("2026-11-17"), d("2026-11-24"));
        // Starting on a Saturday: the first school day (Monday) is day 1.
        assert_eq!(sixth("2026-11-21"), d("2026-11-30"));
    }

    #[test]
    fn a_reply_by_date_is_not_statutory() {
        let defs = load(&DataSource::builtin()).unwrap();
        let reply = defs.iter().find(|d| d.id == "letter-reply").unwrap();
        assert!(!reply.statutory);
        assert!(defs
            .iter()
            .filter(|d| d.id != "letter-reply")
            .all(|d| d.statutory));
    }

    #[test]
    fn ics_is_valid_and_folded() {
        let dl = vec![Deadline {
            id: "x".into(),
            label: "A long label, with commas; and semicolons. And more text that goes on and on to pass seventy-five characters.".into(),
            date: d("2026-12-07"),
            from: "board-notified".into(),
            from_date: d("2026-11-16"),
            cite: None,
            law: vec![],
            statutory: true,
        }];
        let ics = to_ics(&dl, "basis");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20261207\r\n"));
        assert!(ics.contains("DTEND;VALUE=DATE:20261208\r\n"));
        assert!(ics.contains("SUMMARY:A long label\\, with commas\\; and semicolons\r\n"));
        for l in ics.split("\r\n") {
            assert!(l.len() <= 75, "{l}");
        }
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
    }
}
