//! Term dates typed into a form, one box for each day, instead of a
//! term-dates file (review B9): a school office has its dates on its
//! website, not in YAML. The result is the same [`TermDates`] a file gives,
//! checked the same way, and written back as a file's YAML to travel with
//! the answers.

use super::calendar::{lacks_year, long_date, parse_date, Calendar, Holiday, Term, TermDates};
use chrono::{Datelike, NaiveDate};

/// How many terms the form offers at most: two school years.
pub const MAX_TYPED_TERMS: usize = 6;

/// One term as typed: its first and last days and its half-term's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedTerm {
    pub start: String,
    pub half_start: String,
    pub half_end: String,
    pub end: String,
}

/// The whole form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub name: String,
    pub terms: Vec<TypedTerm>,
    /// Training (INSET) days, one a line.
    pub inset: String,
}

/// What is wrong with one box: its field name (`name`, `t1-start`,
/// `t2-half-end`, `inset`) and what to do, in the GOV.UK way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: String,
    pub message: String,
}

/// The field names of term `i` (from 1): start, half-term start, half-term
/// end, end.
pub fn term_fields(i: usize) -> [String; 4] {
    [
        format!("t{i}-start"),
        format!("t{i}-half-start"),
        format!("t{i}-half-end"),
        format!("t{i}-end"),
    ]
}

/// What term `i` is called: "autumn" (the form's rows are a school year's
/// three terms, then more).
pub fn term_word(i: usize) -> &'static str {
    ["autumn", "spring", "summer", "fourth", "fifth", "sixth"]
        .get(i - 1)
        .copied()
        .unwrap_or("next")
}

/// "Autumn 2026" for a term starting in September to December, "Spring"
/// for January to March, "Summer" for April to August.
fn season(start: NaiveDate) -> String {
    let season = match start.month() {
        9..=12 => "Autumn",
        1..=3 => "Spring",
        _ => "Summer",
    };
    format!("{season} {}", start.year())
}

impl Typed {
    /// The form filled in from term dates already given (a file or an
    /// earlier form), so they can be changed; at least three rows.
    pub fn from_term_dates(t: &TermDates) -> Typed {
        let mut terms: Vec<TypedTerm> = t
            .terms
            .iter()
            .take(MAX_TYPED_TERMS)
            .map(|term| TypedTerm {
                start: long_date(term.start),
                half_start: term
                    .half_term
                    .as_ref()
                    .map(|h| long_date(h.start))
                    .unwrap_or_default(),
                half_end: term
                    .half_term
                    .as_ref()
                    .map(|h| long_date(h.end))
                    .unwrap_or_default(),
                end: long_date(term.end),
            })
            .collect();
        while terms.len() < 3 {
            terms.push(TypedTerm::default());
        }
        Typed {
            name: t.name.clone(),
            terms,
            inset: t
                .inset_days
                .iter()
                .map(|d| long_date(*d))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// The term dates, or every problem found (each naming its box).
    /// A term left empty is skipped; at least one is needed.
    pub fn to_term_dates(&self) -> Result<TermDates, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut problem =
            |field: String, message: String| problems.push(Problem { field, message });
        let name = self.name.trim();
        if name.is_empty() {
            problem(
                "name".into(),
                "Enter the name of the school or council whose term dates these are".into(),
            );
        }
        let date = |text: &str, what: &str| -> Result<Option<NaiveDate>, String> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            match parse_date(text) {
                Some(d) => Ok(Some(d)),
                None if lacks_year(text) => Err(format!("{what} has no year. Write the year too")),
                None => Err(format!(
                    "{what} must be a date, like 3 September 2026 or 3/9/2026"
                )),
            }
        };
        let mut terms: Vec<Term> = Vec::new();
        for (n, typed) in self.terms.iter().enumerate() {
            let i = n + 1;
            let [f_start, f_hs, f_he, f_end] = term_fields(i);
            let word = term_word(i);
            let mut get = |field: &String, text: &str, what: String| match date(text, &what) {
                Ok(d) => d,
                Err(m) => {
                    problem(field.clone(), capitalise(&m));
                    None
                }
            };
            let start = get(
                &f_start,
                &typed.start,
                format!("The first day of the {word} term"),
            );
            let hs = get(
                &f_hs,
                &typed.half_start,
                format!("The first day of the {word} term's half-term holiday"),
            );
            let he = get(
                &f_he,
                &typed.half_end,
                format!("The last day of the {word} term's half-term holiday"),
            );
            let end = get(
                &f_end,
                &typed.end,
                format!("The last day of the {word} term"),
            );
            let typed_anything = [&typed.start, &typed.half_start, &typed.half_end, &typed.end]
                .iter()
                .any(|t| !t.trim().is_empty());
            if !typed_anything {
                continue;
            }
            if typed.start.trim().is_empty() {
                problem(
                    f_start.clone(),
                    format!("Enter the first day of the {word} term"),
                );
            }
            if typed.end.trim().is_empty() {
                problem(
                    f_end.clone(),
                    format!("Enter the last day of the {word} term"),
                );
            }
            match (typed.half_start.trim().is_empty(), typed.half_end.trim().is_empty()) {
                (true, false) => problem(f_hs.clone(), format!("Enter the first day of the {word} term's half-term holiday, or leave both half-term boxes empty")),
                (false, true) => problem(f_he.clone(), format!("Enter the last day of the {word} term's half-term holiday, or leave both half-term boxes empty")),
                _ => {}
            }
            let (Some(start), Some(end)) = (start, end) else {
                continue;
            };
            if end < start {
                problem(
                    f_end,
                    format!("The last day of the {word} term must be after its first day"),
                );
                continue;
            }
            let half_term = match (hs, he) {
                (Some(a), Some(b)) if b < a => {
                    problem(f_he, format!("The last day of the {word} term's half-term holiday must be on or after its first day"));
                    continue;
                }
                (Some(a), Some(b)) if a <= start || b >= end => {
                    problem(f_hs, format!("The {word} term's half-term holiday must fall inside the term, between {} and {}", long_date(start), long_date(end)));
                    continue;
                }
                (Some(a), Some(b)) => Some(Holiday { start: a, end: b }),
                _ => None,
            };
            if let Some(last) = terms.last() {
                if start <= last.end {
                    problem(
                        f_start,
                        format!(
                            "The {word} term must start after the term before it ends ({})",
                            long_date(last.end)
                        ),
                    );
                    continue;
                }
            }
            terms.push(Term {
                name: season(start),
                start,
                end,
                half_term,
            });
        }
        let mut inset_days = Vec::new();
        for line in self.inset.lines().flat_map(|l| l.split(';')) {
            match date(line, &format!("The training day \"{}\"", line.trim())) {
                Ok(Some(d)) => inset_days.push(d),
                Ok(None) => {}
                Err(m) => problem("inset".into(), format!("{m}. Write one date a line")),
            }
        }
        let any_term_typed = self.terms.iter().any(|t| {
            [&t.start, &t.half_start, &t.half_end, &t.end]
                .iter()
                .any(|s| !s.trim().is_empty())
        });
        if !any_term_typed {
            problem(
                "t1-start".into(),
                "Enter the first and last day of at least one term".into(),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        inset_days.sort();
        inset_days.dedup();
        let dates = TermDates {
            name: name.to_string(),
            source: None,
            terms,
            inset_days,
        };
        // The same checks as a file gets (years, how many).
        let checked = dates
            .to_yaml()
            .and_then(|text| Calendar::parse_terms(&text, "The term dates"));
        match checked {
            Ok(_) => Ok(dates),
            Err(e) => Err(vec![Problem {
                field: "t1-start".into(),
                message: format!("{e:#}"),
            }]),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(rows: &[[&str; 4]], inset: &str) -> Typed {
        Typed {
            name: "Hillcrest School".into(),
            terms: rows
                .iter()
                .map(|r| TypedTerm {
                    start: r[0].into(),
                    half_start: r[1].into(),
                    half_end: r[2].into(),
                    end: r[3].into(),
                })
                .collect(),
            inset: inset.into(),
        }
    }

    #[test]
    fn typed_dates_give_the_same_counting_as_the_file() {
        let file = Calendar::load_terms(std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/term-dates-shinfield-st-marys-2026-27.yaml"
        )))
        .unwrap();
        let t = typed(
            &[
                [
                    "3 September 2026",
                    "26/10/2026",
                    "30 Oct 2026",
                    "18 December 2026",
                ],
                [
                    "5/1/2027",
                    "15 February 2027",
                    "19 February 2027",
                    "25 March 2027",
                ],
                [
                    "12 April 2027",
                    "31 May 2027",
                    "4 June 2027",
                    "21 July 2027",
                ],
            ],
            "1 September 2026\n2 September 2026\n23 October 2026\n4 January 2027\n7 June 2027",
        )
        .to_term_dates()
        .unwrap();
        assert_eq!(t.terms[0].name, "Autumn 2026");
        assert_eq!(t.terms[2].name, "Summer 2027");
        let data = crate::base::data::DataSource::builtin();
        let base = Calendar::load(&data).unwrap();
        let (a, b) = (base.clone().with_terms(file), base.with_terms(t.clone()));
        let mut day = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
        while day < NaiveDate::from_ymd_opt(2027, 9, 1).unwrap() {
            assert_eq!(a.is_school_day(day), b.is_school_day(day), "{day}");
            day = day.succ_opt().unwrap();
        }
        // And the form filled in again from them gives them back.
        assert_eq!(
            Typed::from_term_dates(&t)
                .to_term_dates()
                .unwrap()
                .terms
                .len(),
            3
        );
    }

    #[test]
    fn each_wrong_box_is_named() {
        let p = typed(
            &[
                ["3 September", "", "30 Oct 2026", "18 December 2026"],
                ["5/1/2027", "", "", "1/1/2027"],
                ["", "", "", ""],
            ],
            "4 Jan 2027\nsoon",
        )
        .to_term_dates()
        .unwrap_err();
        let fields: Vec<&str> = p.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(
            fields,
            ["t1-start", "t1-half-start", "t2-end", "inset"],
            "{p:?}"
        );
        assert!(p[0].message.contains("has no year"), "{p:?}");
        assert!(p[2].message.contains("after its first day"), "{p:?}");
        assert!(p[3].message.contains("\"soon\""), "{p:?}");
        let none = typed(&[["", "", "", ""]], "").to_term_dates().unwrap_err();
        assert_eq!(none[0].field, "t1-start");
        let mut unnamed = typed(&[["3/9/2026", "", "", "18/12/2026"]], "");
        unnamed.name = " ".into();
        assert_eq!(unnamed.to_term_dates().unwrap_err()[0].field, "name");
        // Terms out of order, and a half-term outside its term.
        let p = typed(
            &[
                ["3/9/2026", "1/9/2026", "2/9/2026", "18/12/2026"],
                ["1/12/2026", "", "", "20/12/2026"],
            ],
            "",
        )
        .to_term_dates()
        .unwrap_err();
        assert!(p[0].message.contains("inside the term"), "{p:?}");
        assert!(p.len() == 1, "{p:?}");
    }
}
