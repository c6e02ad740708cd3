//! Advice that is right in law (issue 9): one test per finding of the
//! guidance audit (`../shared/guidance-audit.md`, W1-W21), each on an
//! answers file under `tests/fixtures/law/` (or an example) with the exact
//! text or finding expected, plus the corrections the issue asks for.

mod common;

use common::*;
use fairmove::data::DataSource;
use fairmove::guidance::Guidance;
use std::path::{Path, PathBuf};

fn law(name: &str) -> PathBuf {
    fixture(&format!("law/{name}.yaml"))
}

fn markdown(path: &Path) -> String {
    draft_markdown(path, None)
}

fn stdout(args: &[&str]) -> String {
    let out = fairmove().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    fold(&String::from_utf8_lossy(&out.stdout))
}

#[test]
fn w01_a_managed_move_was_permanent_under_the_2023_edition_too() {
    let (code, report) = check_report(&law("w01-consent-record-2025"));
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("September 2023 edition"), "{report}");
    assert!(
        report.contains("Paragraph 48 of the DfE guidance says a managed move leads to a permanent transfer to another school"),
        "{report}"
    );
    assert!(
        report.contains("the DfE's guide for parents says schools should not use a trial period"),
        "{report}"
    );
    let md = markdown(&law("w01-consent-record-2025"));
    assert!(md.contains("It is not a trial."), "{md}");
    assert!(!md.contains("until the move is confirmed"), "{md}");
}

#[test]
fn w02_a_move_with_no_trial_is_not_forced_through_an_offsite_direction() {
    let (_, report) = check_report(&law("w02-agreement-no-protocol"));
    assert!(report.contains("NOTE permanent-from-the-start"), "{report}");
    assert!(!report.contains("off-site"), "{report}");
    let md = markdown(&law("w02-agreement-no-protocol"));
    assert!(!md.contains("off-site direction"), "{md}");
    assert!(
        !md.to_lowercase().contains("if the final review agrees"),
        "{md}"
    );
    assert!(
        md.contains("joins the roll of Hillcrest School and leaves the roll of Riverside Academy"),
        "{md}"
    );
}

#[test]
fn w03_a_protocol_trial_is_never_relabelled_as_an_offsite_direction() {
    let (_, report) = check_report(&law("w03-agreement-trial-protocol-2025"));
    assert!(
        report.contains("WARNING protocol-describes-a-trial"),
        "{report}"
    );
    assert!(
        report.contains("Nor does this agreement turn the trial into an off-site direction"),
        "{report}"
    );
    let md = markdown(&law("w03-agreement-trial-protocol-2025"));
    assert!(!md.contains("off-site direction"), "{md}");
    // The records that used to say "to see how it goes, that is an
    // off-site direction" now say a direction is not a trial.
    for id in ["readiness-check", "move-referral", "consent-record"] {
        let (_, report) = check_report(&example(id));
        assert!(!report.contains("to see how it goes"), "{id}: {report}");
        assert!(
            report.contains("is not a trial of the new school"),
            "{id}: {report}"
        );
    }
}

#[test]
fn w04_late_notice_blocks_for_a_maintained_school_under_every_edition() {
    let (code, report) = check_report(&law("w04-offsite-maintained-2026-03-late"));
    assert_eq!(code, Some(3), "{report}");
    assert!(report.contains("BLOCKS notice-too-late"), "{report}");
    assert!(report.contains("September 2023 edition"), "{report}");
    assert!(
        report.contains(
            "Law: Education (Educational Provision for Improving Behaviour) Regulations 2010"
        ),
        "{report}"
    );
}

#[test]
fn w05_notice_is_counted_in_clear_school_days() {
    let (code, report) = check_report(&law("w05-offsite-second-school-day"));
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("WARNING notice-not-clear-days"), "{report}");
    assert!(
        report.contains("due by Wednesday 25 November 2026"),
        "{report}"
    );
    // "As soon as practicable" after the decision is checked too.
    assert!(
        report.contains("WARNING as-soon-as-practicable"),
        "{report}"
    );
    let dates = stdout(&["dates", "--offsite-start", "2026-11-30"]);
    assert!(dates.contains("Wednesday 25 November 2026"), "{dates}");
    assert!(dates.contains("two clear school days"), "{dates}");
}

#[test]
fn w06_the_notice_says_who_decided_and_carries_everything_the_regulations_require() {
    let md = markdown(&law("w06-offsite-academy-ehc-not-a-school"));
    for want in [
        "Riverside Learning Trust has decided that Jordan Okafor will attend Northgate Learning Centre",
        "| On the first day, report to | Reception, to ask for Mr Ali |",
        "| Lasts | 30 school days (6 school weeks)",
        "| Breaks | Break 10.40 to 11.00am; lunch 12.30 to 1.15pm |",
        "## What it should achieve",
        "You can ask in writing at any time for a meeting to review the direction.",
        "A meeting must then be held as soon as reasonably practicable, unless there has been a review meeting in the last 10 weeks.",
        "The review includes a person nominated by the trust board.",
        "a copy of this notice goes to the local authority, which can also ask for a review meeting",
        "Headteacher, Riverside Academy, for Riverside Learning Trust",
    ] {
        assert!(md.contains(want), "{want:?} missing from:\n{md}");
    }
    assert!(!md.contains("I have decided"), "{md}");
    // Not a school: no dual registration.
    assert!(!md.contains("dual registration"), "{md}");
    // Every item is required: the person to report to is no longer optional.
    let def =
        fairmove::document::load_def(&DataSource::builtin(), "offsite-direction-notice").unwrap();
    for id in [
        "first_day",
        "objectives",
        "break_times",
        "session_times",
        "reasons",
        "place_address",
    ] {
        let q = def.questions.iter().find(|q| q.id == id).unwrap();
        assert!(q.required, "{id} should be required");
    }
}

#[test]
fn w07_the_receiving_school_cannot_end_the_direction() {
    let md = markdown(&law("w07-placement-ended"));
    assert!(
        md.contains("can no longer offer Jordan Okafor a place under the off-site direction"),
        "{md}"
    );
    assert!(
        md.contains("The board will review the direction and decide what happens next"),
        "{md}"
    );
    assert!(!md.contains("I have decided to end"), "{md}");
    // Nor does a review record confirm or end a move.
    let def = fairmove::document::load_def(&DataSource::builtin(), "move-review").unwrap();
    let outcome = def.questions.iter().find(|q| q.id == "outcome").unwrap();
    let values: Vec<&str> = outcome.choices.iter().map(|c| c.value.as_str()).collect();
    assert!(
        !values.contains(&"confirm") && !values.contains(&"end"),
        "{values:?}"
    );
}

#[test]
fn w08_w09_the_last_day_needs_hand_delivery_and_counts_from_the_written_decision() {
    let (code, report) = check_report(&law("w08-review-last-day"));
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains("Today, Monday 23 November 2026, is the last day."),
        "{report}"
    );
    assert!(
        report.contains("counts as made on the second working day after posting"),
        "{report}"
    );
    assert!(report.contains("Deliver it by hand"), "{report}");
    assert!(!report.contains("recorded post"), "{report}");
    let md = markdown(&law("w08-review-last-day"));
    assert!(
        md.contains("On 2 November 2026 I was given, in writing, the governing board's decision"),
        "{md}"
    );
    let q = stdout(&["questions", "review-panel-request"]);
    assert!(q.contains("decision_written_date"), "{q}");
    assert!(
        q.contains("Being told at the meeting does not start them."),
        "{q}"
    );
    // `fairmove dates` says what posting does to the deadline.
    let dates = stdout(&["dates", "--board-decision-written", "2026-12-10"]);
    assert!(dates.contains("Thursday 31 December 2026"), "{dates}");
    assert!(
        dates.contains("Last day to post the application by first class post"),
        "{dates}"
    );
    assert!(dates.contains("Tuesday 5 January 2027"), "{dates}");
}

#[test]
fn w10_a_tribunal_claim_changes_the_clock_and_late_applications_are_told_plainly() {
    let (_, report) = check_report(&law("w10-review-tribunal-waiting"));
    assert!(report.contains("NOTE tribunal-waiting"), "{report}");
    assert!(!report.contains("deadline-passed"), "{report}");
    let (_, report) = check_report(&fixture("review-late.yaml"));
    assert!(
        report.contains("The law gives no power to extend this time"),
        "{report}"
    );
    assert!(report.contains("six months"), "{report}");
}

#[test]
fn w11_the_boards_lateness_is_an_estimate_without_its_notice_date() {
    let (_, report) = check_report(&fixture("governors-late-meeting.yaml"));
    assert!(
        report.contains("NOTE meeting-may-be-outside-window"),
        "{report}"
    );
    assert!(
        report.contains("It is counted from the exclusion date"),
        "{report}"
    );
}

#[test]
fn w12_cancelling_the_45_day_bar_writing_and_a_reply_before_the_meeting() {
    let (code, report) = check_report(&law("w12-over-45-days"));
    assert_eq!(code, Some(3), "{report}");
    assert!(report.contains("BLOCKS over-45-days"), "{report}");
    assert!(
        report.contains(
            "regulation 8A (maintained schools), 17A (pupil referral units) and 26A (academies)"
        ),
        "{report}"
    );
    let md = markdown(&law("w12-meeting-soon"));
    assert!(md.contains("Please tell us in writing by Monday 23 November 2026, before the governing board meets,"), "{md}");
    assert!(md.contains("If you withdraw it, the law says you must, without delay[^cancelling-exclusions]: - tell the parents, the governing board and the local authority in writing, with your reasons - allow Jordan back to school."), "{md}");
    assert!(md.contains("[^cancelling-exclusions]: DfE exclusion guidance (edition in force from 26 July 2026), the part on cancelling an exclusion. Law: regulation 26A of the School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012."), "{md}");
    let (_, report) = check_report(&law("w12-meeting-soon"));
    assert!(
        report.contains("That is the school day before the governors' meeting"),
        "{report}"
    );
    assert!(report.contains("This is not a legal deadline"), "{report}");
}

#[test]
fn w13_the_sixth_day_counts_the_first_day_of_exclusion_and_says_who_acts() {
    let text = stdout(&[
        "dates",
        "--exclusion",
        "2026-11-16",
        "--exclusion-start",
        "2026-11-16",
    ]);
    assert!(text.contains("Monday 23 November 2026"), "{text}");
    assert!(
        text.contains(
            "by the school for a suspension, by the local authority after a permanent exclusion"
        ),
        "{text}"
    );
    assert!(
        text.contains("Law: Education and Inspections Act 2006, section 100"),
        "{text}"
    );
    // A reply-by date is never shown as a legal deadline.
    let text = stdout(&["dates", "--letter", "2026-11-19"]);
    assert!(
        text.contains("Not a legal deadline: Thursday 26 November 2026"),
        "{text}"
    );
}

#[test]
fn w14_the_evidence_request_cites_last_resort_not_the_managed_move_paragraph() {
    let (_, report) = check_report(&law("w14-evidence-2025"));
    assert!(report.contains("section “Part one”"), "{report}");
    assert!(!report.contains("paragraph 50"), "{report}");
    let md = markdown(&law("w14-evidence-2025"));
    assert!(
        md.contains("[^last-resort]: DfE, *Suspension and permanent exclusion"),
        "{md}"
    );
    assert!(
        md.contains("(September 2023 edition, updated August 2024), the section “Part one”."),
        "{md}"
    );
    assert!(!md.contains("paragraph 50"), "{md}");
}

#[test]
fn w15_w18_w20_w21_guidance_summaries_are_current_and_complete() {
    let g = Guidance::load(&DataSource::builtin()).unwrap();
    let old = g.by_id("2023-09").unwrap();
    let pressure = old.paragraph("managed-moves-pressure").unwrap();
    assert!(
        !pressure.summary.contains("Ofsted"),
        "W15: {}",
        pressure.summary
    );
    assert!(pressure
        .quotation_note
        .as_deref()
        .unwrap()
        .contains("10 November 2025"));
    let offsite = old.paragraph("off-site-direction").unwrap();
    assert!(
        offsite
            .summary
            .contains("The governing board of a maintained school"),
        "W18"
    );
    assert!(
        offsite
            .summary
            .contains("Before 26 July 2026 academies had no such statutory power"),
        "W18"
    );
    let new = g.by_id("2026-07").unwrap();
    assert!(
        new.changes
            .iter()
            .any(|c| c.contains("applies to academies as well as maintained schools")),
        "W20: {:?}",
        new.changes
    );
    let sep = new.paragraph("safeguarding-separation").expect("W21");
    assert!(sep.summary.contains("not a suspension"));
    let shown = stdout(&["guidance", "safeguarding-separation"]);
    assert!(shown.contains("designated safeguarding lead"), "{shown}");
}

#[test]
fn w16_no_should_is_printed_as_a_must() {
    // Phrases that overstate guidance ("should") as law ("must").
    let overstated = [
        "must be voluntary",
        "must agree",
        "must be involved",
        "must be part of",
        "must be in the pupil's best interests",
        "must be in his best interests",
        "must be a free choice",
    ];
    let ids = fairmove::document::list_ids(&DataSource::builtin()).unwrap();
    for id in &ids {
        let (_, report) = check_report(&example(id));
        let md = markdown(&example(id));
        let q = stdout(&["questions", id]);
        for p in overstated {
            for (what, text) in [("findings", &report), ("document", &md), ("questions", &q)] {
                assert!(!text.contains(p), "{id} {what} says {p:?}");
            }
        }
    }
    let g = Guidance::load(&DataSource::builtin()).unwrap();
    for e in &g.editions {
        for p in &e.paragraphs {
            for o in overstated {
                assert!(!p.summary.contains(o), "{} {}: {o}", e.id, p.id);
            }
        }
    }
}

#[test]
fn w17_consent_only_from_someone_with_parental_responsibility() {
    let (code, report) = check_report(&law("w17-consent-foster-carer"));
    assert_eq!(code, Some(3), "{report}");
    assert!(
        report.contains("BLOCKS consent-from-someone-without-pr"),
        "{report}"
    );
    assert!(
        report.contains("(the council, under the care order)"),
        "{report}"
    );
}

/// Every answers file that drafts: the examples and the valid fixtures.
fn drafting_answers() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fairmove::document::list_ids(&DataSource::builtin())
        .unwrap()
        .iter()
        .map(|id| example(id))
        .collect();
    for dir in [
        root().join("tests/fixtures"),
        root().join("tests/fixtures/law"),
    ] {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "yaml") {
                files.push(p);
            }
        }
    }
    files
}

#[test]
fn w19_no_unverified_heading_is_printed_as_a_section_title() {
    let g = Guidance::load(&DataSource::builtin()).unwrap();
    let unverified: Vec<String> = g
        .editions
        .iter()
        .flat_map(|e| e.paragraphs.iter())
        .filter(|p| !p.section_verified)
        .map(|p| format!("“{}”", p.section))
        .collect();
    assert!(unverified.contains(&"“Cancelling exclusions”".to_string()));
    let mut checked = 0;
    for path in drafting_answers() {
        let out = fairmove().arg("check").arg(&path).output().unwrap();
        if out.status.code() == Some(1) {
            continue; // a deliberately broken fixture
        }
        let report = String::from_utf8_lossy(&out.stdout).to_string();
        let md = fairmove()
            .arg("draft")
            .arg(&path)
            .args(["--format", "md", "-o", "-"])
            .output()
            .unwrap();
        let md = String::from_utf8_lossy(&md.stdout).to_string();
        for heading in &unverified {
            assert!(
                !report.contains(heading.as_str()),
                "{}: findings print {heading}",
                path.display()
            );
            assert!(
                !md.contains(heading.as_str()),
                "{}: document prints {heading}",
                path.display()
            );
        }
        checked += 1;
    }
    assert!(checked >= 25, "only {checked} answers files checked");
    // `fairmove guidance` never shows one as a title either.
    let shown = stdout(&["guidance", "2026-07"]);
    for heading in &unverified {
        assert!(
            !shown.contains(heading.as_str()),
            "guidance shows {heading}"
        );
    }
}

#[test]
fn a_pressured_family_can_still_ask_the_head_to_cancel() {
    // Done means (issue 9): check exits 0 with a warning citing the
    // pressure paragraph, and the letter asks the head to withdraw with no
    // statement that the family acted freely.
    let (code, report) = check_report(&fixture("pressured-2024-edition.yaml"));
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("WARNING pressure"), "{report}");
    assert!(report.contains("paragraph 52"), "{report}");
    assert!(
        report.contains("Next step: Complaint about pressure"),
        "{report}"
    );
    for f in [
        fixture("pressured-2024-edition.yaml"),
        law("pressured-with-concerns"),
    ] {
        let md = markdown(&f);
        assert!(
            md.contains("That you withdraw (cancel) the permanent exclusion."),
            "{md}"
        );
        assert!(!md.contains("made freely"), "{md}");
        assert!(!md.contains("has not pressured"), "{md}");
    }
    let md = markdown(&law("pressured-with-concerns"));
    assert!(
        md.contains(
            "We have concerns about how a move was raised with us, which we will raise separately."
        ),
        "{md}"
    );
}

#[test]
fn a_carer_never_writes_that_the_family_agrees() {
    let md = markdown(&law("foster-carer-not-yet-asked"));
    assert!(md.contains("I am Jordan Okafor's foster carer."), "{md}");
    assert!(md.contains("Any move would need the agreement of the people with parental responsibility for Jordan."), "{md}");
    assert!(!md.contains("We agree"), "{md}");
    assert!(!md.contains("family agrees"), "{md}");
    // With an EHC plan the parent's "needs not met" answer is kept, the
    // guidance on avoiding exclusion is cited, and an early review asked for.
    assert!(
        md.contains("including needs set out in the EHC plan"),
        "{md}"
    );
    assert!(md.contains("avoid permanently excluding a pupil with an education, health and care plan as far as possible"), "{md}");
    assert!(
        md.contains("avoid permanently excluding a looked-after child as far as possible"),
        "{md}"
    );
    assert!(md.contains("early review of the plan"), "{md}");
    let (_, report) = check_report(&law("foster-carer-not-yet-asked"));
    assert!(
        report.contains("WARNING agreement-not-yet-given"),
        "{report}"
    );
}

#[test]
fn situations_where_a_managed_move_is_the_wrong_tool_are_recognised() {
    let (_, r) = check_report(&law("readiness-attendance-and-transfer"));
    assert!(r.contains("WARNING attendance-main-concern"), "{r}");
    assert!(r.contains("council's attendance service"), "{r}");
    assert!(r.contains("WARNING family-wants-transfer"), "{r}");
    assert!(r.contains("ordinary in-year admission"), "{r}");
    let (code, r) = check_report(&law("readiness-not-on-roll"));
    assert_eq!(code, Some(3), "{r}");
    assert!(r.contains("BLOCKS not-on-roll"), "{r}");
    let (_, r) = check_report(&law("referral-low-attendance"));
    assert!(r.contains("WARNING low-attendance"), "{r}");
    assert!(r.contains("attendance is 82%"), "{r}");
    // And in the interview's first question, with the document that helps.
    use fairmove::interview::{choose_document, Scripted, ScriptedPrompter};
    let data = DataSource::builtin();
    let mut p = ScriptedPrompter::new([
        Scripted::Pick("set time and then come back".into()),
        Scripted::Pick("Start: Notice of an off-site direction".into()),
    ]);
    assert_eq!(
        choose_document(&data, &mut p).unwrap().as_deref(),
        Some("offsite-direction-notice")
    );
    let said = p.transcript.join("\n");
    assert!(said.contains("That is not a managed move"), "{said}");
    let mut p = ScriptedPrompter::new([Scripted::Pick(
        "just want our child to change school".into(),
    )]);
    assert_eq!(choose_document(&data, &mut p).unwrap(), None);
    assert!(p
        .transcript
        .join("\n")
        .contains("ordinary in-year admission"));
}
