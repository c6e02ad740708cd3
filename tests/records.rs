//! The school and local authority records: each rule the issue names is
//! triggered by an answers file (the document's example with some answers
//! changed), and the dates worked out in school weeks are checked by hand.

mod common;

use common::*;
use std::path::{Path, PathBuf};

/// The example answers for `id` with some answers replaced (or added),
/// written to `dir`.
fn answers(dir: &Path, id: &str, changes: &[(&str, &str)]) -> PathBuf {
    let text = std::fs::read_to_string(example(id)).unwrap();
    let mut lines: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in text.lines() {
        if skipping && line.starts_with("  ") {
            continue;
        }
        skipping = false;
        let key = line.split(':').next().unwrap_or("");
        if changes.iter().any(|(k, _)| *k == key) {
            // A replaced list's items go too.
            skipping = true;
            continue;
        }
        lines.push(line.to_string());
    }
    for (k, v) in changes {
        lines.push(format!("{k}: {v}"));
        // A letter is counted from the day it can be sent: a scenario
        // dated on another day is run on that day.
        if matches!(*k, "notice_date" | "letter_date") {
            lines.insert(0, format!("# today: {v}"));
        }
    }
    let path = dir.join(format!("{id}-{}.yaml", changes.len()));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn markdown(path: &Path, terms: Option<&Path>) -> String {
    draft_markdown(path, terms)
}

fn blocked_by(path: &Path, rule: &str) -> String {
    let (code, report) = check_report(path);
    assert_eq!(code, Some(3), "{rule} should block:\n{report}");
    assert!(
        report.contains(&format!("BLOCKS {rule}")),
        "{rule} not in:\n{report}"
    );
    // And draft refuses to write it.
    let dir = path.parent().unwrap();
    let out = dir.join("refused.docx");
    draft_to(path, &out).code(3);
    assert!(!out.exists());
    report
}

#[test]
fn consent_record_refuses_consent_under_threat_or_without_everyone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let r = blocked_by(
        &answers(d, "consent-record", &[("threat_of_exclusion", "yes")]),
        "consent-under-threat",
    );
    assert!(r.contains("not voluntary"), "{r}");
    blocked_by(
        &answers(d, "consent-record", &[("parent_felt_pushed", "yes")]),
        "consent-felt-pushed",
    );
    let r = blocked_by(
        &answers(d, "consent-record", &[("others_agree", "no")]),
        "parental-responsibility-not-agreed",
    );
    assert!(r.contains("Ada Okafor (mother)"), "{r}");
    // Under a care order the council has parental responsibility: without
    // its agreement (through the social worker) the record cannot say
    // consent was given. The virtual school head's agreement is a matter for
    // the local protocol, so it warns (audit W17).
    let looked_after = |vsh: &'static str, sw: &'static str| {
        answers(
            d,
            "consent-record",
            &[
                ("looked_after", "yes"),
                ("pr_holder", "care-order"),
                ("virtual_school_head", "Dr Lee"),
                ("virtual_school_agrees", vsh),
                ("social_worker", "Alex Brown"),
                ("social_worker_agrees", sw),
            ],
        )
    };
    let r = blocked_by(&looked_after("yes", "no"), "council-not-agreed");
    assert!(r.contains("Children Act 1989, section 33(3)"), "{r}");
    let (code, r) = check_report(&looked_after("no", "yes"));
    assert_eq!(code, Some(0), "{r}");
    assert!(r.contains("WARNING virtual-school-not-agreed"), "{r}");
    assert!(r.contains("some local protocols, such as Salford's"), "{r}");
    // A foster carer's own agreement is not consent (issue 9).
    let r = blocked_by(
        &answers(
            d,
            "consent-record",
            &[
                ("parent_relationship", "Foster carer"),
                ("giver_has_pr", "no"),
            ],
        ),
        "consent-from-someone-without-pr",
    );
    assert!(r.contains("does not have parental responsibility"), "{r}");
    blocked_by(
        &answers(d, "consent-record", &[("told_can_say_no", "no")]),
        "consent-not-informed",
    );
    // A refusal is recorded without any block, and says it is their right.
    let refused = answers(
        d,
        "consent-record",
        &[
            ("parent_decision", "refuses"),
            ("threat_of_exclusion", "yes"),
        ],
    );
    let (code, report) = check_report(&refused);
    assert_eq!(code, Some(0), "{report}");
    assert!(markdown(&refused, None)
        .contains("does not agree to the managed move. This is the family's right."));
}

#[test]
fn consent_record_under_each_edition() {
    let dir = tempfile::tempdir().unwrap();
    let current = markdown(&example("consent-record"), None);
    assert!(current.contains("move from Riverside Academy to Hillcrest School, agreed by everyone involved. It is not a trial."), "{current}");
    assert!(current.contains("It is not a trial."), "{current}");
    let earlier = answers(
        dir.path(),
        "consent-record",
        &[
            ("consent_date", "2025-03-10"),
            ("record_date", "2025-03-10"),
        ],
    );
    let md = markdown(&earlier, None);
    // A managed move was already a permanent transfer under the 2023
    // edition (paragraph 48; audit W1): no "until the move is confirmed".
    assert!(md.contains("It is not a trial."), "{md}");
    assert!(!md.contains("until the move is confirmed"), "{md}");
    // The 2023 edition's paragraph 52 is quoted in the record.
    assert!(md.contains("paragraph 52"), "{md}");
    let (_, report) = check_report(&earlier);
    assert!(
        report.contains(
            "Paragraph 48 of the DfE guidance says a managed move leads to a permanent transfer"
        ),
        "{report}"
    );
}

#[test]
fn agreement_dates_are_counted_in_school_weeks_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Gloucestershire: 16 school weeks, reviews at 8 and 16. Without term
    // dates only weekends and bank holidays (25 and 28 December, 1 January)
    // are skipped: 40 school days from Monday 30 November 2026 is Wednesday
    // 27 January 2027.
    let md = markdown(&example("move-agreement"), None);
    assert!(
        md.contains("First review (after 8 school weeks) | Wednesday 27 January 2027"),
        "{md}"
    );
    assert!(
        md.contains("Last planned review (after 16 school weeks) | Wednesday 24 March 2027"),
        "{md}"
    );
    // Without the school's term dates a signed record gives the earliest
    // each review can be and a blank for the agreed date; it never asks
    // the signers to check dates inside the text they sign (issue 17, 4).
    assert!(md.contains("| Review | Not before | Agreed date |"), "{md}");
    assert!(!md.contains("check the dates"), "{md}");

    // With the school's term dates the Christmas holiday, the INSET day on
    // 4 January and the February half term do not count: 15 school days in
    // the autumn term, 25 more from Tuesday 5 January gives Monday 8
    // February; 80 in all gives Tuesday 27 April, after the Easter holiday.
    let terms = root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
    let md = markdown(&example("move-agreement"), Some(&terms));
    assert!(
        md.contains("First review (after 8 school weeks) | Monday 8 February 2027"),
        "{md}"
    );
    assert!(
        md.contains("Last planned review (after 16 school weeks) | Tuesday 27 April 2027"),
        "{md}"
    );
    assert!(!md.contains("Agreed date"), "{md}");

    // Southwark: 12 weeks, first review at 4 (20 school days: Friday 25
    // December and Monday 28 December are bank holidays, so Tuesday 29
    // December).
    let md = markdown(
        &answers(d, "move-agreement", &[("protocol", "southwark")]),
        None,
    );
    assert!(
        md.contains("First review (after 4 school weeks) | Tuesday 29 December 2026"),
        "{md}"
    );
    assert!(
        md.contains("Last planned review (after 12 school weeks)"),
        "{md}"
    );

    // No local protocol: the length must be given, and reviews fall half
    // way and at the end.
    blocked_by(
        &answers(d, "move-agreement", &[("protocol", "national")]),
        "no-length",
    );
    // A length that is not a number is refused when it is given, with
    // what to write (issue 18); "six" is read as 6.
    let out = fairmove()
        .arg("check")
        .arg(answers(
            d,
            "move-agreement",
            &[
                ("protocol", "national"),
                ("placement_weeks", "about two months"),
            ],
        ))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a number"));
    let (code, r) = check_report(&answers(
        d,
        "move-agreement",
        &[("protocol", "national"), ("placement_weeks", "six")],
    ));
    assert_eq!(code, Some(0), "{r}");
    let md = markdown(
        &answers(
            d,
            "move-agreement",
            &[("protocol", "national"), ("placement_weeks", "6")],
        ),
        None,
    );
    assert!(
        md.contains("First review (after 3 school weeks) | Friday 18 December 2026"),
        "{md}"
    );
    assert!(
        md.contains("Last planned review (after 6 school weeks) | Wednesday 13 January 2027"),
        "{md}"
    );
}

#[test]
fn a_managed_move_is_permanent_from_its_start_under_every_edition_and_never_an_offsite_direction() {
    // Audit W1-W3: a protocol's trial is neither kept as a trial nor
    // relabelled as an off-site direction; the move is recorded as a
    // permanent transfer from its start date, with settling-in reviews.
    let dir = tempfile::tempdir().unwrap();
    let (code, report) = check_report(&example("move-agreement"));
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains("WARNING protocol-describes-a-trial"),
        "{report}"
    );
    assert!(
        report.contains("The Gloucestershire protocol describes a trial period of 16 school weeks"),
        "{report}"
    );
    assert!(
        report.contains(
            "says a managed move is a permanent transfer to another school and cannot be a trial"
        ),
        "{report}"
    );
    let earlier = answers(
        dir.path(),
        "move-agreement",
        &[("meeting_date", "2026-03-02"), ("start_date", "2026-03-09")],
    );
    let (_, old_report) = check_report(&earlier);
    assert!(
        old_report.contains(
            "Paragraph 48 of the DfE guidance says a managed move leads to a permanent transfer"
        ),
        "{old_report}"
    );
    for (md, start) in [
        (
            markdown(&example("move-agreement"), None),
            "Monday 30 November 2026",
        ),
        (markdown(&earlier, None), "Monday 9 March 2026"),
    ] {
        assert!(
            md.contains(&format!("On {start} Jordan Okafor joins the roll of Hillcrest School and leaves the roll of Riverside Academy")),
            "{md}"
        );
        assert!(md.contains("It is not a trial."), "{md}");
        assert!(
            !md.to_lowercase().contains("if the final review agrees"),
            "{md}"
        );
        assert!(!md.contains("off-site direction"), "{md}");
        assert!(!md.contains("dual registration"), "{md}");
    }

    // An off-site direction appears only when the answers describe one
    // imposed by the home school's board to improve behaviour.
    let offsite = answers(
        dir.path(),
        "move-agreement",
        &[
            ("offsite_direction_first", "yes"),
            ("offsite_to_improve_behaviour", "yes"),
        ],
    );
    let (_, report) = check_report(&offsite);
    assert!(report.contains("NOTE offsite-direction-first"), "{report}");
    let md = markdown(&offsite, None);
    assert!(
        md.contains(
            "Riverside Academy has directed Jordan to attend Hillcrest School to improve behaviour"
        ),
        "{md}"
    );
    blocked_by(
        &answers(
            dir.path(),
            "move-agreement",
            &[
                ("offsite_direction_first", "yes"),
                ("offsite_to_improve_behaviour", "no"),
            ],
        ),
        "offsite-not-for-behaviour",
    );
    // A set time followed by a return is not a managed move at all.
    let r = blocked_by(
        &answers(
            dir.path(),
            "move-agreement",
            &[("set_time_then_return", "yes")],
        ),
        "set-time-then-return",
    );
    assert!(
        r.contains("fairmove questions offsite-direction-notice"),
        "{r}"
    );

    // No consent recorded: the agreement is refused and points to the record.
    let r = blocked_by(
        &answers(dir.path(), "move-agreement", &[("consent_recorded", "no")]),
        "no-consent-record",
    );
    assert!(r.contains("fairmove questions consent-record"), "{r}");
}

#[test]
fn placement_ended_needs_investigation_harassment_check_account_and_support() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    blocked_by(
        &answers(d, "placement-ended", &[("incident_investigated", "no")]),
        "not-investigated",
    );
    blocked_by(
        &answers(d, "placement-ended", &[("harassment_considered", "no")]),
        "harassment-not-considered",
    );
    blocked_by(
        &answers(d, "placement-ended", &[("pupil_heard", "no")]),
        "pupil-not-heard",
    );
    blocked_by(
        &answers(d, "placement-ended", &[("support_given", "")]),
        "no-support-listed",
    );
    // The receiving school cannot end the direction (audit W7): it says it
    // can no longer offer the place, and the home school's board decides.
    let md = markdown(&example("placement-ended"), None);
    assert!(
        md.contains("Hillcrest School can no longer offer Jordan Okafor a place under the off-site direction"),
        "{md}"
    );
    assert!(
        md.contains("The off-site direction is a decision of the academy trust that runs Riverside Academy, not of Hillcrest School. It is for them to review the direction"),
        "{md}"
    );
    // The first sentence does not say who made the direction either: the
    // next one says it rightly.
    assert!(
        md.contains(
            "under the off-site direction from Riverside Academy, made on 20 November 2026."
        ),
        "{md}"
    );
    // Who decides, by the kind of home school (documents review R23: the
    // letter guessed "(for an academy, the trust)").
    for (kind, who) in [
        (
            "maintained",
            "a decision of the governing board of Riverside Academy, not",
        ),
        (
            "pru",
            "a decision of the management committee of Riverside Academy, not",
        ),
    ] {
        let md = markdown(
            &answers(d, "placement-ended", &[("home_school_type", kind)]),
            None,
        );
        assert!(md.contains(who), "{kind}: {md}");
    }
    assert!(!md.contains("I have decided to end"), "{md}");
    assert!(!md.to_lowercase().contains("fail"), "{md}");
    // A managed move is a permanent transfer: it cannot be ended by letter.
    let r = blocked_by(
        &answers(d, "placement-ended", &[("arrangement", "managed-move")]),
        "managed-move-cannot-be-ended",
    );
    assert!(r.contains("does not go back to Riverside Academy"), "{r}");
    assert!(!md.to_lowercase().contains("trial"), "{md}");
    let earlier = answers(
        d,
        "placement-ended",
        &[
            ("decision_date", "2026-03-20"),
            ("set_up_date", "2026-01-12"),
            ("ends_on", "2026-03-23"),
            ("letter_date", "2026-03-20"),
        ],
    );
    // Before 26 July 2026 an academy's placement was under its general
    // powers: the letter does not name the trust as the decision-maker (as
    // the off-site notice does not).
    let md = markdown(&earlier, None);
    assert!(
        md.contains("The off-site direction is a decision of Riverside Academy, not of Hillcrest School. It is for Riverside Academy to review"),
        "{md}"
    );
    assert!(!md.contains("managed move arrangement"), "{md}");
}

#[test]
fn readiness_check_flags_every_red_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = answers(
        dir.path(),
        "readiness-check",
        &[
            ("parents_visited", "red"),
            ("senco_involved", "red"),
            ("plan_agreed", "red"),
        ],
    );
    let (code, report) = check_report(&path);
    assert_eq!(code, Some(0), "{report}");
    // The example's own red item plus the three made red here.
    for rule in [
        "red-pupil-portrait",
        "red-parents-visited",
        "red-senco-involved",
        "red-plan-agreed",
    ] {
        assert!(
            report.contains(&format!("WARNING {rule}")),
            "{rule} not flagged:\n{report}"
        );
    }
    assert_eq!(report.matches("WARNING red-").count(), 4, "{report}");
    let md = markdown(&path, None);
    assert!(md.contains("4 items are red:"), "{md}");
    // Named, not only counted (documents review R46).
    assert!(
        md.contains("4 items are red: - The parents have been to a meeting at the new school - The SENCO knows"),
        "{md}"
    );
    // The row shows the mark in the red column.
    assert!(
        md.contains(
            "The SENCO knows the pupil's needs and has put the right support in place | ☒ | ☐ | ☐"
        ),
        "{md}"
    );
}

#[test]
fn offsite_direction_notice_must_come_two_school_days_before_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Start Monday 30 November: two clear school days before is Wednesday
    // 25 November (audit W5). Notice then is fine.
    let (code, report) = check_report(&answers(
        d,
        "offsite-direction-notice",
        &[("notice_date", "2026-11-25")],
    ));
    assert_eq!(code, Some(0), "{report}");
    assert!(!report.contains("notice-not-clear-days"), "{report}");
    // Thursday 26 November is late on the clear-days reading: a warning.
    let (code, report) = check_report(&answers(
        d,
        "offsite-direction-notice",
        &[("notice_date", "2026-11-26")],
    ));
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("WARNING notice-not-clear-days"), "{report}");
    // Friday 27 November is late on any reading: blocked.
    let r = blocked_by(
        &answers(
            d,
            "offsite-direction-notice",
            &[("notice_date", "2026-11-27")],
        ),
        "notice-too-late",
    );
    assert!(
        r.contains("Give notice by Wednesday 25 November 2026"),
        "{r}"
    );
    assert!(
        r.contains("or move the start to Wednesday 2 December 2026 or later"),
        "{r}"
    );
    // Bank holidays do not count: for a start on Tuesday 29 December 2026,
    // after the Christmas Day and Boxing Day holidays (25 and 28 December),
    // Thursday 24 December is only one school day before, Wednesday 23 the
    // second, and Tuesday 22 the safe date.
    let r = blocked_by(
        &answers(
            d,
            "offsite-direction-notice",
            &[("notice_date", "2026-12-24"), ("start_date", "2026-12-29")],
        ),
        "notice-too-late",
    );
    assert!(r.contains("Give notice by Tuesday 22 December 2026"), "{r}");
    let (_, r) = check_report(&answers(
        d,
        "offsite-direction-notice",
        &[("notice_date", "2026-12-23"), ("start_date", "2026-12-29")],
    ));
    assert!(r.contains("WARNING notice-not-clear-days"), "{r}");
    // For a maintained school the notice rules applied before 26 July 2026
    // too (audit W4): late notice blocks under the earlier edition.
    let r = blocked_by(
        &answers(
            d,
            "offsite-direction-notice",
            &[
                ("school_type", "maintained"),
                ("notice_date", "2026-03-06"),
                ("decision_date", "2026-03-05"),
                ("start_date", "2026-03-09"),
            ],
        ),
        "notice-too-late",
    );
    assert!(r.contains("September 2023 edition"), "{r}");
    // An academy before 26 July 2026 had no such statutory duty: a warning.
    let (code, r) = check_report(&answers(
        d,
        "offsite-direction-notice",
        &[
            ("school_type", "academy"),
            ("notice_date", "2026-03-06"),
            ("decision_date", "2026-03-05"),
            ("start_date", "2026-03-09"),
        ],
    ));
    assert_eq!(code, Some(0), "{r}");
    assert!(r.contains("WARNING notice-late-academy-before-2026"), "{r}");
    let md = markdown(&example("offsite-direction-notice"), None);
    assert!(
        md.contains("| Lasts | 30 school days (6 school weeks) from the first day. We will confirm the last day in writing: it depends on the school's holidays and training days |"),
        "{md}"
    );
    assert!(
        md.contains("| First review | After 3 school weeks. We will confirm the date |"),
        "{md}"
    );
    assert!(
        md.contains("This is not a managed move and not a trial of a new school."),
        "{md}"
    );
}

#[test]
fn a_review_never_confirms_or_ends_a_permanent_move() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let struggling = answers(
        d,
        "move-review",
        &[
            ("outcome", "struggling"),
            (
                "next_steps",
                "A daily check-in and advice from the council's inclusion team.",
            ),
        ],
    );
    let (code, report) = check_report(&struggling);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("WARNING struggling"), "{report}");
    assert!(
        report.contains("a review cannot end it or send Jordan Okafor back to Riverside Academy"),
        "{report}"
    );
    let md = markdown(&struggling, None);
    assert!(
        md.contains("Jordan stays on the roll of Hillcrest School."),
        "{md}"
    );
    let md = markdown(&example("move-review"), None);
    assert!(
        md.contains("30 November 2026 (8 weeks ago)"),
        "without term dates, calendar weeks, never school weeks that count holidays: {md}"
    );
    let with_terms = markdown(
        &example("move-review"),
        Some(&root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml")),
    );
    assert!(
        with_terms.contains("30 November 2026 (6 school weeks ago)"),
        "the Christmas holiday is not a school week: {with_terms}"
    );
    assert!(
        md.contains("has been on the roll of Hillcrest School since 30 November 2026"),
        "{md}"
    );
    assert!(!md.contains("until the move is confirmed"), "{md}");
    assert!(!md.contains("off-site direction"), "{md}");
}

#[test]
fn the_pupils_page_is_large_and_can_be_left_to_fill_in_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let blank = dir.path().join("blank.yaml");
    std::fs::write(
        &blank,
        "document: pupil-views\npupil_name: Jordan\nviews_date: 2026-11-17\n",
    )
    .unwrap();
    let (code, report) = check_report(&blank);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("NOTE blank-page"), "{report}");
    let out = dir.path().join("page.docx");
    draft_to(&blank, &out).success();
    let bytes = std::fs::read(&out).unwrap();
    let styles = docx_part(&bytes, "word/styles.xml");
    assert!(
        styles.contains(r#"<w:sz w:val="28" />"#) || styles.contains(r#"<w:sz w:val="28"/>"#),
        "14pt body text expected"
    );
    let doc = docx_part(&bytes, "word/document.xml");
    // Room to write: the answer rows of a form are tall.
    assert!(doc.contains("w:trHeight"), "form rows have a height");
    assert!(docx_text(&out).contains("The things I like best at school are:"));
}

#[test]
fn the_protocols_are_data_and_can_be_changed_without_recompiling() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("data/guidance/protocols");
    std::fs::create_dir_all(&overlay).unwrap();
    let glos = std::fs::read_to_string(root().join("guidance/protocols/gloucestershire.yaml"))
        .unwrap()
        .replace("length_weeks: 16", "length_weeks: 10")
        .replace("review_weeks: [8, 16]", "review_weeks: [5, 10]");
    std::fs::write(overlay.join("gloucestershire.yaml"), glos).unwrap();
    let out = fairmove()
        .arg("--data")
        .arg(dir.path().join("data"))
        .arg("draft")
        .arg(example("move-agreement"))
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = fold(&String::from_utf8_lossy(&out.stdout));
    assert!(md.contains("First review (after 5 school weeks)"), "{md}");
    assert!(
        md.contains("Last planned review (after 10 school weeks)"),
        "{md}"
    );
}

#[test]
fn guidance_lists_and_shows_the_protocols() {
    let out = fairmove().arg("guidance").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for id in [
        "gloucestershire",
        "southwark",
        "salford",
        "leicestershire",
        "national",
    ] {
        assert!(text.contains(id), "{id} not listed:\n{text}");
    }
    let out = fairmove()
        .args(["guidance", "gloucestershire"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = fold(&String::from_utf8_lossy(&out.stdout));
    assert!(text.contains("First phase: 16 school weeks"), "{text}");
    assert!(
        text.contains("Reviews after: 8 and 16 school weeks"),
        "{text}"
    );
    assert!(
        text.contains("records the move as permanent from its start date"),
        "{text}"
    );
    assert!(!text.contains("off-site direction"), "{text}");
    let out = fairmove().args(["guidance", "salfrd"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Did you mean `salford`?"));
}

#[test]
fn the_blank_pupil_page_prints_with_nothing_filled_in_and_room_to_write() {
    // Issue 17 item 5: no name needed, no date filled in, six lines for
    // each question, and a line for who helped.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.yaml");
    std::fs::write(&path, "document: pupil-views\n").unwrap();
    let out = fairmove()
        .args(["draft", "--format", "md", "-o", "-"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("| My name |  |"), "{md}");
    assert!(md.contains("| Date |  |"), "no date filled in: {md}");
    for part in md.split("\n## ").skip(1).take(4) {
        let lines = part.lines().filter(|l| l.trim() == "| |").count();
        // The first "| |" is the table's empty heading row.
        assert!(lines > 6, "six writing lines under {part}");
    }
    assert!(md.contains("## Who helped me (if anyone)"), "{md}");
    let (_, report) = check_report(&path);
    assert!(report.contains("its date is left blank"), "{report}");
    // An answered page keeps the date given and two more lines to add to.
    let md = markdown(&example("pupil-views"), None);
    assert!(md.contains("| Date | 17 November 2026 |"), "{md}");
}

#[test]
fn a_looked_after_pupils_agreement_names_the_virtual_school_head_and_social_worker_to_sign() {
    // Issue 17 item 5: "are part of this plan" named neither and gave
    // neither a row; nobody signs twice.
    let dir = tempfile::tempdir().unwrap();
    let path = answers(
        dir.path(),
        "move-agreement",
        &[
            ("looked_after", "yes"),
            ("virtual_school_head", "Dr Lee"),
            ("social_worker", "Alex Brown"),
            (
                "others_present",
                "[\"Dr Lee, virtual school head\", \"Priya Shah, inclusion adviser\"]",
            ),
        ],
    );
    let md = markdown(&path, None);
    assert!(
        md.contains("Dr Lee (virtual school head) and Alex Brown (social worker)"),
        "{md}"
    );
    let signatures = md.split("Signatures").nth(1).unwrap();
    assert!(
        signatures.contains("| Virtual school head | Dr Lee |"),
        "{signatures}"
    );
    assert!(
        signatures.contains("| Social worker | Alex Brown |"),
        "{signatures}"
    );
    assert_eq!(signatures.matches("Dr Lee").count(), 1, "{signatures}");
    assert!(
        signatures.contains("| Also present | Priya Shah"),
        "{signatures}"
    );
}

#[test]
fn consent_record_names_every_signer_once_and_keeps_the_signatures_together() {
    // T18: the headteachers' rows had no names; R28: the council officer
    // agreed but had no row; R31: a social worker giving consent for the
    // council signed twice; R30: the table of signatures split across
    // pages; R27/R35: the record spoke of the parent as "they".
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let md = markdown(&example("consent-record"), None);
    for row in [
        "| Dr Patel | Headteacher, Riverside Academy | | |",
        "| Ms Greene | Headteacher, Hillcrest School | | |",
        "| Priya Shah, inclusion adviser | Local authority | | |",
    ] {
        assert!(md.contains(row), "{row} missing:\n{md}");
    }
    assert!(!md.contains(" they "), "{md}");
    assert!(!md.contains("led Sam Okafor"), "{md}");
    // Without the heads' names, their rows are there to fill in by hand.
    let without = answers(
        d,
        "consent-record",
        &[("home_head_name", "\"\""), ("new_head_name", "\"\"")],
    );
    let md = markdown(&without, None);
    assert!(
        md.contains("| | Headteacher, Riverside Academy | | |"),
        "{md}"
    );
    // A looked-after child whose social worker answers for the council.
    let lac = answers(
        d,
        "consent-record",
        &[
            ("parent_name", "Alex Brown"),
            ("parent_relationship", "social worker"),
            ("giver_has_pr", "council"),
            ("looked_after", "yes"),
            ("pr_holder", "care-order"),
            ("virtual_school_head", "Helen Ward"),
            ("virtual_school_agrees", "yes"),
            ("social_worker", "Alex Brown"),
            ("social_worker_agrees", "yes"),
        ],
    );
    let md = markdown(&lac, None);
    let signatures = md.split("## Signatures").nth(1).unwrap();
    assert_eq!(
        signatures.matches("| Alex Brown |").count(),
        1,
        "{signatures}"
    );
    assert!(
        signatures.contains("| Helen Ward | Virtual school head |"),
        "{signatures}"
    );
    // The relationship as a word in a sentence, not as typed with a
    // capital (documents review R29).
    let md_example = markdown(&example("consent-record"), None);
    assert!(md_example.contains("Sam Okafor (father)"), "{md_example}");
    // A social worker answering for the council is not called a parent or
    // carer (documents review R31).
    assert!(!md.contains("Parent or carer"), "{md}");
    assert!(
        md.contains("| Answering for the council | Alex Brown (social worker) |"),
        "{md}"
    );
    assert!(
        signatures.contains("| Alex Brown | For the council (parental responsibility) |"),
        "{signatures}"
    );
    // Every paragraph of the signatures table keeps with the next.
    let out = d.join("consent.docx");
    draft_to(example("consent-record"), &out).success();
    let xml = docx_part(&std::fs::read(&out).unwrap(), "word/document.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let table = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "tbl")
        .find(|t| t.descendants().any(|n| n.text() == Some("Signature")))
        .expect("a table of signatures");
    let paragraphs: Vec<_> = table
        .descendants()
        .filter(|n| n.tag_name().name() == "p")
        .collect();
    assert!(paragraphs.len() >= 28, "{}", paragraphs.len());
    for p in paragraphs {
        assert!(
            p.descendants().any(|n| n.tag_name().name() == "keepNext"),
            "a signature row that may split from the rest"
        );
    }
}

#[test]
fn an_answer_to_a_question_not_asked_is_reported_not_dropped() {
    // Review R32: exam courses given for a pupil said not to be in Years
    // 10-11 vanished from the referral without a word.
    let dir = tempfile::tempdir().unwrap();
    let path = answers(dir.path(), "move-referral", &[("key_stage_4", "no")]);
    let (code, report) = check_report(&path);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        fold(&report).contains("The answer to `exam_subjects` is not used"),
        "{report}"
    );
    assert!(!markdown(&path, None).contains("Maths (AQA)"));
    // The example itself: a Year 9 pupil already on a GCSE course.
    assert!(markdown(&example("move-referral"), None).contains("Maths (AQA)"));
}
