//! The situations families meet most (issue 26): informal exclusions and
//! suspensions, each letter true for the person who signs it and the
//! suspension rules tested at each boundary.

mod common;
use common::*;
use std::path::Path;

/// A suspension of `this` days, `term` days in all this term: the check
/// report and the letter.
fn suspension(
    dir: &Path,
    this: &str,
    term: &str,
    exam: bool,
    extra: &[(&str, Option<&str>)],
) -> (String, String) {
    let mut changes = vec![
        ("suspension_days", Some(this)),
        ("days_this_term", Some(term)),
        ("days_this_year", Some(term)),
        ("misses_exam", Some(if exam { "yes" } else { "no" })),
    ];
    changes.extend_from_slice(extra);
    let p = example_with(dir, "suspension-representations", "2026-11-23", &changes);
    let (_, report) = check_report(&p);
    (report, fold(&draft_markdown(&p, None)))
}

#[test]
fn suspension_rules_at_each_boundary() {
    let dir = tempfile::tempdir().unwrap();
    // 5 days in the term: the board considers, cannot reinstate, no meeting.
    let (report, md) = suspension(
        dir.path(),
        "2",
        "5",
        false,
        &[("wants_meeting", None), ("attend_how", None)],
    );
    assert!(report.contains("NOTE consider-only"), "{report}");
    assert!(!report.contains("board-dates"), "{report}");
    assert!(md.contains("cannot take Jordan back early"), "{md}");
    assert!(!md.contains("to meet"), "{md}");
    // 6 days: the board must meet if the family asks (and the letter asks).
    let (report, md) = suspension(dir.path(), "3", "6", false, &[]);
    assert!(report.contains("within 50 school days"), "{report}");
    assert!(
        md.contains("must meet to consider reinstatement when the family asks"),
        "{md}"
    );
    // 6 days, the family does not ask: no meeting asked for.
    let (report, md) = suspension(
        dir.path(),
        "3",
        "6",
        false,
        &[("wants_meeting", Some("no")), ("attend_how", None)],
    );
    assert!(report.contains("must meet if you ask"), "{report}");
    assert!(md.contains("not ask for a meeting now"), "{md}");
    // 15 days: still only if asked.
    let (report, _) = suspension(dir.path(), "3", "15", false, &[]);
    assert!(report.contains("within 50 school days"), "{report}");
    // 16 days: the board must meet anyway, within 15 school days.
    let (report, md) = suspension(dir.path(), "3", "16", false, &[]);
    assert!(
        report.contains("must meet to consider taking Jordan back"),
        "{report}"
    );
    assert!(
        report.contains(
            "within 15 school days of being told of the suspension: by Monday 7 December 2026"
        ),
        "{report}"
    );
    assert!(
        md.contains("total more than 15 school days, so the governing board must meet"),
        "{md}"
    );
    // A missed public exam, with only 2 days: the board must meet.
    let (report, md) = suspension(dir.path(), "2", "2", true, &[("wants_meeting", None)]);
    assert!(report.contains("before the exam where it can"), "{report}");
    assert!(md.contains("missing a public exam or test"), "{md}");
    // 45 days in the year is allowed; 46 is warned.
    let (report, _) = suspension(
        dir.path(),
        "3",
        "16",
        false,
        &[("days_this_year", Some("45"))],
    );
    assert!(!report.contains("over-45-days"), "{report}");
    let (report, _) = suspension(
        dir.path(),
        "3",
        "16",
        false,
        &[("days_this_year", Some("46"))],
    );
    assert!(report.contains("WARNING over-45-days"), "{report}");
    // Longer than five days: education from the sixth school day.
    let (report, md) = suspension(dir.path(), "6", "6", false, &[]);
    assert!(report.contains("WARNING sixth-day"), "{report}");
    assert!(
        md.contains("from the sixth school day, Monday 23 November 2026"),
        "{md}"
    );
    // There is never an independent review of a suspension.
    assert!(
        report.contains("There is no independent review of a suspension"),
        "{report}"
    );
}

#[test]
fn a_total_less_than_this_suspension_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "suspension-representations",
        "2026-11-23",
        &[
            ("suspension_days", Some("5")),
            ("days_this_term", Some("3")),
        ],
    );
    let err = refused(&p);
    assert!(
        err.contains("field `days_this_term`")
            && err.contains("cannot be less than this suspension"),
        "{err}"
    );
}

#[test]
fn every_informal_exclusion_letter_says_what_happened_and_no_more() {
    let dir = tempfile::tempdir().unwrap();
    // The answers changed, what the letter must say, and what it must not.
    type Case<'a> = (
        &'a [(&'a str, Option<&'a str>)],
        &'a [&'a str],
        &'a [&'a str],
    );
    let cases: &[Case] = &[
        (
            &[("how_kept_out", Some("kept-home"))],
            &["I have been told to keep Callum at home, 3 times so far"],
            &["sent home from school during the school day"],
        ),
        (
            &[("how_kept_out", Some("both"))],
            &["Callum has been sent home from school during the school day, and I have been told to keep Callum at home"],
            &[],
        ),
        (
            &[
                ("what_happens", Some("part-time")),
                ("how_kept_out", None),
                ("times_sent_home", None),
                ("days_list", None),
                ("timetable_agreed", Some("\"yes\"")),
                ("timetable_end_given", Some("yes")),
            ],
            &["on a part-time timetable", "I agreed to it as a short-term measure."],
            &["did not agree", "No date has been given"],
        ),
    ];
    for (changes, want, not) in cases {
        let p = example_with(dir.path(), "informal-exclusion", "2026-11-23", changes);
        let md = fold(&draft_markdown(&p, None));
        for w in *want {
            assert!(md.contains(w), "{w:?} missing: {md}");
        }
        for n in *not {
            assert!(!md.contains(n), "{n:?} present: {md}");
        }
    }
    // A formal letter from the school stops the document at once.
    let p = example_with(
        dir.path(),
        "informal-exclusion",
        "2026-11-23",
        &[("what_happens", Some("formal"))],
    );
    let (code, report) = check_report(&p);
    assert_eq!(code, Some(3), "{report}");
    assert!(report.contains("BLOCKS formal-exclusion"), "{report}");
}

#[test]
fn where_to_get_help_is_on_a_familys_last_page_in_both_front_ends() {
    use fairmove::base::data::DataSource;
    use fairmove::frontends::interview::{Interview, Options, Outcome, Scripted, ScriptedPrompter};
    use fairmove::Engine;
    // The terminal: the informal-exclusion example, written, then help
    // that fits it (advocacy for a child at risk), and not the London-only
    // clinic, which takes only permanent exclusions.
    let data = DataSource::builtin();
    let engine = Engine::load(&data, "informal-exclusion").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut flow = Interview::new(
        &engine,
        &data,
        Options {
            today: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            save_to: dir.path().join("a.yaml"),
            out_dir: dir.path().to_path_buf(),
        },
    );
    let answers =
        fairmove::pipeline::answers::Answers::load(&example("informal-exclusion")).unwrap();
    flow.prefill(&answers);
    let script = vec![
        Scripted::Pick("Go on".into()),
        Scripted::Pick("Write the letter now".into()),
        Scripted::Pick("Finish".into()),
    ];
    let mut p = ScriptedPrompter::new(script);
    let outcome = flow
        .run(&mut p)
        .unwrap_or_else(|e| panic!("{e:#}: {:?}", p.transcript));
    assert!(
        matches!(outcome, Outcome::Written(_) | Outcome::WrittenThen(..)),
        "{:?}",
        p.transcript
    );
    let said = p.transcript.join("\n");
    assert!(said.contains("Where to get help:"), "{said}");
    assert!(
        said.contains("Coram Voice school exclusion advocacy"),
        "{said}"
    );
    assert!(
        !said.contains("Only permanent exclusions from schools in London"),
        "{said}"
    );
}

#[test]
fn only_someone_with_parental_responsibility_gives_an_advisers_authority() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "form-of-authority",
        "2026-11-23",
        &[("signer_role", Some("no-pr"))],
    );
    let (code, report) = check_report(&p);
    assert_eq!(code, Some(3), "{report}");
    assert!(
        report.contains("BLOCKS needs-parental-responsibility"),
        "{report}"
    );
    // A young person under 18 cannot give it for themselves.
    let p = example_with(
        dir.path(),
        "form-of-authority",
        "2026-11-23",
        &[("signer_role", Some("young-person")), ("pupil_name", None)],
    );
    let err = refused(&p);
    assert!(
        err.contains("field `pupil_dob`") && err.contains("under 18"),
        "{err}"
    );
    // Without a yes, nothing about special needs is shared.
    let p = example_with(
        dir.path(),
        "form-of-authority",
        "2026-11-23",
        &[("share_sen", Some("no"))],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(md.contains("I do not agree to information"), "{md}");
}

#[test]
fn the_schools_letter_is_checked_item_by_item_against_the_law() {
    let dir = tempfile::tempdir().unwrap();
    // The example: what is missing, with the rule, and the dates.
    let p = example("exclusion-letter-check");
    let (_, report) = check_report(&p);
    assert!(report.contains("WARNING missing"), "{report}");
    assert!(
        report.contains("how, where and to whom to send representations"),
        "{report}"
    );
    assert!(
        report.contains(
            "regulation 5 (maintained schools), 14 (pupil referral units) and 23 (academies)"
        ),
        "{report}"
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("| How to make representations, and where and to whom to send them | No |"),
        "{md}"
    );
    assert!(
        md.contains(
            "Education must be arranged from the sixth school day: Monday 23 November 2026"
        ),
        "{md}"
    );
    // A one-day suspension: no remote meeting, no sixth day to ask about.
    let p = example_with(
        dir.path(),
        "exclusion-letter-check",
        "2026-11-23",
        &[
            ("days", Some("1")),
            ("this_days", Some("1")),
            ("has_remote", None),
            ("has_sixth_day", None),
        ],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(!md.contains("remotely"), "{md}");
    assert!(!md.contains("sixth school day"), "{md}");
    // No letter at all: an informal exclusion, at once.
    let p = example_with(
        dir.path(),
        "exclusion-letter-check",
        "2026-11-23",
        &[("exclusion_kind", Some("none"))],
    );
    let (code, report) = check_report(&p);
    assert_eq!(code, Some(3), "{report}");
    assert!(report.contains("BLOCKS no-letter"), "{report}");
}
