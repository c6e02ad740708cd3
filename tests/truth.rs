//! Every sentence true for the person who signs it (issue 24): answers
//! that mean what was said, checked against each other and against today,
//! and the third legal audit's findings (../shared/guidance-audit-3.md).

mod common;
use common::*;
use std::path::{Path, PathBuf};

/// An example's answers with some changed or added (a value of `None`
/// removes the answer), written to `dir`, to be run on `today`.
fn answers(dir: &Path, id: &str, today: &str, changes: &[(&str, Option<&str>)]) -> PathBuf {
    let text = std::fs::read_to_string(example(id)).unwrap();
    let mut lines: Vec<String> = vec![format!("# today: {today}")];
    let mut skipping = false;
    for line in text.lines() {
        if skipping && line.starts_with("  ") {
            continue;
        }
        skipping = false;
        let key = line.split(':').next().unwrap_or("");
        if changes.iter().any(|(k, _)| *k == key) {
            skipping = true;
            continue;
        }
        lines.push(line.to_string());
    }
    for (k, v) in changes {
        if let Some(v) = v {
            lines.push(format!("{k}: {v}"));
        }
    }
    let n = std::fs::read_dir(dir).unwrap().count();
    let path = dir.join(format!("{id}-{n}.yaml"));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// `fairmove check`, expecting the answers to be refused: the report.
fn refused(path: &Path) -> String {
    let out = fairmove_for(path).arg("check").arg(path).output().unwrap();
    let err = fold(&String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "not refused: {err}");
    err
}

#[test]
fn l3_the_cancel_request_is_written_when_the_board_meets_today_or_next() {
    let dir = tempfile::tempdir().unwrap();
    // Friday 4 December 2026: the board meets today, or on Monday.
    for meeting in ["2026-12-04", "2026-12-07"] {
        let p = answers(
            dir.path(),
            "withdraw-exclusion",
            "2026-12-04",
            &[
                ("letter_date", None),
                ("board_meeting_date", Some(meeting)),
            ],
        );
        let (code, report) = check_report(&p);
        assert_ne!(code, Some(3), "{report}");
        assert!(!report.contains("reply-before-letter"), "{report}");
        assert!(report.contains("Deliver the letter by hand today"), "{report}");
        let md = draft_markdown(&p, None);
        assert!(
            md.contains("in writing before the governing board's meeting starts on"),
            "{md}"
        );
        assert!(!md.contains("Please reply by"), "{md}");
    }
    // A reply date typed on or before the letter's date is still refused.
    let p = answers(
        dir.path(),
        "withdraw-exclusion",
        "2026-12-04",
        &[
            ("letter_date", None),
            ("board_meeting_date", Some("2026-12-10")),
            ("reply_by", Some("2026-12-04")),
        ],
    );
    let (code, report) = check_report(&p);
    assert_eq!(code, Some(3), "{report}");
    assert!(report.contains("BLOCKS reply-before-letter"), "{report}");
}

#[test]
fn l1_a_tribunal_decision_before_the_boards_letter_never_shortens_the_time() {
    let dir = tempfile::tempdir().unwrap();
    // Written decision 20 Nov, claim 8 Oct, tribunal decision 10 Nov,
    // letter 4 Dec: in time until Friday 11 December 2026.
    let p = answers(
        dir.path(),
        "review-panel-request",
        "2026-12-04",
        &[
            ("letter_date", None),
            ("decision_written_date", Some("2026-11-20")),
            ("disability_discrimination", Some("yes")),
            ("tribunal_claim", Some("decided")),
            ("tribunal_claim_date", Some("2026-10-08")),
            ("tribunal_decision_date", Some("2026-11-10")),
        ],
    );
    let (_, report) = check_report(&p);
    assert!(!report.contains("deadline-passed"), "{report}");
    assert!(report.contains("Friday 11 December 2026"), "{report}");
    let md = draft_markdown(&p, None);
    assert!(!md.contains("has passed"), "{md}");
    assert!(md.contains("the last day is Friday 11 December 2026"), "{md}");
    // A decision before the exclusion, or before the claim, is refused,
    // naming the answer it conflicts with.
    for (decided, with) in [("2026-09-10", "exclusion"), ("2026-10-07", "claim")] {
        let p = answers(
            dir.path(),
            "review-panel-request",
            "2026-12-04",
            &[
                ("letter_date", None),
                ("decision_written_date", Some("2026-11-20")),
                ("disability_discrimination", Some("yes")),
                ("tribunal_claim", Some("decided")),
                ("tribunal_claim_date", Some("2026-10-08")),
                ("tribunal_decision_date", Some(decided)),
            ],
        );
        let why = refused(&p);
        assert!(why.contains("field `tribunal_decision_date`"), "{why}");
        assert!(why.contains(with), "{why}");
    }
}

#[test]
fn l4_only_the_relevant_person_applies_checked_against_the_date_of_birth() {
    let dir = tempfile::tempdir().unwrap();
    // A 16-year-old applying for themselves (review C2).
    let p = answers(
        dir.path(),
        "review-panel-request",
        "2026-11-23",
        &[
            ("sender_role", Some("young-person")),
            ("pupil_date_of_birth", Some("2010-03-14")),
        ],
    );
    let why = refused(&p);
    assert!(why.contains("field `pupil_date_of_birth`"), "{why}");
    assert!(why.contains("you are under 18"), "{why}");
    // A parent applying for a 19-year-old is told the pupil must apply.
    let p = answers(
        dir.path(),
        "review-panel-request",
        "2026-11-23",
        &[("pupil_date_of_birth", Some("2007-05-01"))],
    );
    let why = refused(&p);
    assert!(why.contains("only they can apply"), "{why}");
    // An 18-year-old applying for themselves is taken.
    let p = answers(
        dir.path(),
        "review-panel-request",
        "2026-11-23",
        &[
            ("sender_role", Some("young-person")),
            ("pupil_date_of_birth", Some("2008-01-14")),
        ],
    );
    assert!(draft_markdown(&p, None).contains("I am 18 or over"));
}

#[test]
fn b4_the_evidence_is_asked_for_before_the_meeting_it_is_for() {
    let dir = tempfile::tempdir().unwrap();
    // Letter Friday 4 December, meeting Thursday 10 December: five school
    // days would be Friday 11 December, after the meeting.
    let p = answers(
        dir.path(),
        "evidence-request",
        "2026-12-04",
        &[
            ("letter_date", None),
            ("board_meeting_date", Some("2026-12-10")),
        ],
    );
    let md = draft_markdown(&p, None);
    assert!(md.contains("by Wednesday 9 December 2026, so that I can read them before the governing board meets on 10 December 2026"), "{md}");
    assert!(!md.contains("11 December"), "{md}");
    // The meeting is on the next school day: as soon as possible, before it.
    let p = answers(
        dir.path(),
        "evidence-request",
        "2026-12-04",
        &[
            ("letter_date", None),
            ("board_meeting_date", Some("2026-12-07")),
        ],
    );
    let md = draft_markdown(&p, None);
    assert!(md.contains("as soon as you can, and before the governing board meets on Monday 7 December 2026"), "{md}");
    // A reply date typed after the meeting is refused, naming the meeting.
    let p = answers(
        dir.path(),
        "evidence-request",
        "2026-12-04",
        &[
            ("letter_date", None),
            ("board_meeting_date", Some("2026-12-10")),
            ("reply_by", Some("2026-12-11")),
        ],
    );
    let why = refused(&p);
    assert!(why.contains("field `reply_by`") && why.contains("10 December 2026"), "{why}");
}
