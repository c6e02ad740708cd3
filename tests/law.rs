//! Advice that is right in law (issue 9): one test per finding of the
//! guidance audit (`../shared/guidance-audit.md`, W1-W21), each on an
//! answers file under `tests/fixtures/law/` (or an example) with the exact
//! text or finding expected, plus the corrections the issue asks for.

mod common;

use common::*;
use fairmove::base::data::DataSource;
use fairmove::law::guidance::Guidance;
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
        fairmove::documents::document::load_def(&DataSource::builtin(), "offsite-direction-notice")
            .unwrap();
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
        md.contains("It is for them to review the direction and decide what happens next"),
        "{md}"
    );
    assert!(!md.contains("I have decided to end"), "{md}");
    // Nor does a review record confirm or end a move.
    let def =
        fairmove::documents::document::load_def(&DataSource::builtin(), "move-review").unwrap();
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
    // Since audit 2 (N1): a waiting claim never lets the letter admit
    // lateness, and without the claim's date the check warns.
    let (_, report) = check_report(&law("w10-review-tribunal-waiting"));
    assert!(
        report.contains("WARNING tribunal-waiting-claim-late"),
        "{report}"
    );
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
    let ids = fairmove::documents::document::list_ids(&DataSource::builtin()).unwrap();
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
    use fairmove::frontends::interview::{choose_document, Scripted, ScriptedPrompter};
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
    // Advice only: the way back to the list, or stop (terminal review T15).
    let mut p = ScriptedPrompter::new([
        Scripted::Pick("just want our child to change school".into()),
        Scripted::Pick("Choose something else".into()),
        Scripted::Pick("just want our child to change school".into()),
        Scripted::Pick("Stop here".into()),
    ]);
    assert_eq!(choose_document(&data, &mut p).unwrap(), None);
    assert!(p
        .transcript
        .join("\n")
        .contains("ordinary in-year admission"));
}

// ---- The second audit (../shared/guidance-audit-2.md, N1-N18) ----

#[test]
fn n01_a_waiting_tribunal_claim_is_named_as_why_the_application_is_in_time_never_as_lateness() {
    // First 15 school days over, claim made within them, still waiting.
    let f = law("n01-review-waiting-late-claim-in-time");
    let md = markdown(&f);
    assert!(!md.contains("has passed"), "{md}");
    assert!(!md.to_lowercase().contains("late"), "{md}");
    assert!(
        md.contains("made to the First-tier Tribunal (Special Educational Needs and Disability) on 27 November 2026. The tribunal has not yet made its final decision."),
        "{md}"
    );
    assert!(
        md.contains("I ask you to treat this application as made in time because of that claim"),
        "{md}"
    );
    let (code, report) = check_report(&f);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("NOTE tribunal-waiting-in-time"), "{report}");
    assert!(
        report.contains("fairmove could not read the rule itself"),
        "{report}"
    );
    assert!(!report.contains("deadline-passed"), "{report}");
    // Without the claim's date the letter still never admits lateness, and
    // the check warns that the later time may not apply.
    let text = std::fs::read_to_string(&f)
        .unwrap()
        .replace("tribunal_claim_date: 2026-11-27\n", "");
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("no-claim-date.yaml");
    std::fs::write(&g, text).unwrap();
    let md = markdown(&g);
    assert!(!md.contains("has passed"), "{md}");
    assert!(
        md.contains("I ask you to treat this application as made in time because of that claim"),
        "{md}"
    );
    let (_, report) = check_report(&g);
    assert!(
        report.contains("WARNING tribunal-waiting-claim-late"),
        "{report}"
    );
}

#[test]
fn n01_with_the_first_15_school_days_still_open_the_advice_is_to_apply_now() {
    let f = law("n01-review-waiting-early");
    let (_, report) = check_report(&f);
    assert!(report.contains("WARNING tribunal-waiting"), "{report}");
    assert!(
        report.contains(
            "Apply now, within the first 15 school days: the last day is Monday 7 December 2026"
        ),
        "{report}"
    );
    assert!(!report.contains("you can wait"), "{report}");
    // The posting advice applies to this application too.
    assert!(report.contains("NOTE post-by"), "{report}");
    let md = markdown(&f);
    assert!(
        md.contains("This application is made within 15 school days after the day I was given the governing board's decision in writing; the last day is Monday 7 December 2026"),
        "{md}"
    );
    // Paragraph 2(2) is recorded as not read.
    let text = stdout(&["guidance", "independent-review"]);
    assert!(text.contains("paragraph 2(2)"), "{text}");
}

#[test]
fn n02_the_head_must_tell_any_social_worker_not_only_a_child_in_cares() {
    let f = law("n02-withdraw-social-worker-pru-not-sure");
    let md = markdown(&f);
    assert!(
        md.contains("tell the parents, the management committee, the local authority and the social worker in writing, with your reasons"),
        "{md}"
    );
    assert!(!md.contains("virtual school head"), "{md}");
    assert!(
        md.contains("Please involve Bilal's social worker, Dana Lee, in any plan."),
        "{md}"
    );
    let (_, report) = check_report(&f);
    assert!(report.contains("NOTE social-worker-to-be-told"), "{report}");
}

#[test]
fn n03_the_reconsideration_deadline_cites_regulations_8_17_and_26() {
    let text = stdout(&["dates", "--review-decision-notified", "2027-02-01"]);
    assert!(text.contains("Monday 15 February 2027"), "{text}");
    assert!(
        text.contains(
            "regulation 8 (maintained schools), 17 (pupil referral units) and 26 (academies)"
        ),
        "{text}"
    );
    assert!(!text.contains("Schedule 17"), "{text}");
    assert!(!text.contains("Schedule 1, paragraphs"), "{text}");
}

#[test]
fn n10_pupil_referral_units_in_their_own_words() {
    let md = markdown(&law("n02-withdraw-social-worker-pru-not-sure"));
    assert!(
        md.contains("Mr Green\\ Teacher in charge\\ Northgate"),
        "{md}"
    );
    assert!(
        md.contains("As teacher in charge you can do this until the management committee starts its meeting"),
        "{md}"
    );
    assert!(!md.contains("governing board"), "{md}");
    assert!(md.contains("regulation 17A"), "{md}");
    let md = markdown(&law("n16-review-young-adult-pru"));
    assert!(
        md.contains("the management committee's decision not to reinstate me"),
        "{md}"
    );
}

#[test]
fn n16_a_young_person_of_18_applies_and_only_the_claim_note_cites_the_equality_act() {
    let f = law("n16-review-young-adult-pru");
    let md = markdown(&f);
    assert!(
        md.contains("I am Casey Doyle, and I am 18 or over, so I make this application myself."),
        "{md}"
    );
    assert!(!md.contains("the parent of"), "{md}");
    let (_, report) = check_report(&f);
    assert!(!report.contains("Equality Act"), "{report}");
    let (_, report) = check_report(&law("n01-review-waiting-early"));
    let discrimination = report
        .split("NOTE discrimination")
        .nth(1)
        .unwrap()
        .split("NOTE ")
        .next()
        .unwrap();
    assert!(
        discrimination.contains("Equality Act 2010, Schedule 17"),
        "{report}"
    );
    assert!(!discrimination.contains("cannot decide that"), "{report}");
    let sen = report
        .split("NOTE no-sen-expert")
        .nth(1)
        .unwrap()
        .split("NOTE ")
        .next()
        .unwrap();
    assert!(!sen.contains("Equality Act"), "{report}");
    // A "yes" to disability discrimination reaches the letter (review D11).
    let md = markdown(&law("n01-review-waiting-early"));
    assert!(
        md.contains("treated less well because of a disability"),
        "{md}"
    );
}

#[test]
fn n18_a_posted_decision_is_counted_from_the_date_on_the_letter_to_be_safe() {
    let text = stdout(&["questions", "review-panel-request"]);
    assert!(
        text.contains("give the date on the letter if that is earlier than the day it"),
        "{text}"
    );
}

#[test]
fn d01_the_head_can_be_asked_to_cancel_without_asking_for_a_move() {
    let f = law("d01-withdraw-no-move-wanted");
    let (code, report) = check_report(&f);
    assert_eq!(code, Some(0), "{report}");
    assert!(report.contains("NOTE no-move-wanted"), "{report}");
    assert!(!report.contains("BLOCKS"), "{report}");
    let md = markdown(&f);
    assert!(
        md.contains("That you withdraw (cancel) the permanent exclusion."),
        "{md}"
    );
    assert!(!md.contains("managed move"), "{md}");
    assert!(!md.contains("made freely"), "{md}");
    assert!(
        md.contains("We have concerns about how a move was raised with us"),
        "{md}"
    );
    let md = markdown(&law("n02-withdraw-social-worker-pru-not-sure"));
    assert!(
        md.contains("We have not decided whether a move to another school would help. We are willing to talk about it"),
        "{md}"
    );
    assert!(!md.contains("We agree"), "{md}");
}

#[test]
fn n08_an_adviser_asks_for_the_evidence_without_saying_i_am_the_parent() {
    let md = markdown(&law("n08-evidence-advocate"));
    assert!(!md.contains("I am the parent"), "{md}");
    assert!(
        md.contains("I am helping Sam Okafor and Jordan Okafor, as an adviser with Hillside Families Advice."),
        "{md}"
    );
    let md = markdown(&example("evidence-request"));
    assert!(md.contains("I am the parent of"), "{md}");
}

#[test]
fn n09_w15_the_complaint_route_keeps_where_appropriate_and_drops_the_ofsted_sentence() {
    // 2023 edition: the first sentence quoted, with "where appropriate";
    // never the Ofsted sentence.
    let f = law("w15-pressure-complaint-2023");
    let md = markdown(&f);
    assert!(
        md.contains("and, where appropriate, the local authority.”"),
        "{md}"
    );
    assert!(!md.contains("Ofsted"), "{md}");
    assert!(!md.contains("inadequate"), "{md}");
    let md = markdown(&law("w01-consent-record-2025"));
    assert!(!md.contains("Ofsted"), "{md}");
    assert!(
        md.contains("where appropriate, to the local authority"),
        "{md}"
    );
    // 2026 edition: the route is not stated as the guidance's words.
    let md = markdown(&example("pressure-complaint"));
    assert!(
        !md.contains("complain to the governing board and to the local authority"),
        "{md}"
    );
    assert!(!md.contains("It also says"), "{md}");
    let (_, report) = check_report(&example("pressure-complaint"));
    assert!(
        report.contains("fairmove could not check whether this edition"),
        "{report}"
    );
    assert!(!report.contains("and to the local authority"), "{report}");
    let md = markdown(&example("consent-record"));
    assert!(!md.contains("and to the local authority"), "{md}");
    // The note saying why the Ofsted sentence is left out.
    let text = stdout(&["guidance", "managed-moves-pressure"]);
    assert!(text.contains("so fairmove does not print it"), "{text}");
}

#[test]
fn n12_the_duty_to_tell_of_an_exclusion_is_cited_and_partly_read_law_says_so() {
    let text = stdout(&["guidance", "looked-after-children"]);
    assert!(
        text.contains(
            "regulation 5 (maintained schools), 14 (pupil referral units) and 23 (academies)"
        ),
        "{text}"
    );
    assert!(
        text.contains("any social worker assigned to the pupil"),
        "{text}"
    );
    let text = stdout(&["guidance", "cancelling-exclusions"]);
    assert!(
        text.contains("verified in part against the legislation"),
        "{text}"
    );
    assert!(
        !text.contains("How far checked: verified against the legislation."),
        "{text}"
    );
}

#[test]
fn n13_an_exclusion_start_on_a_weekend_is_pointed_out() {
    let text = stdout(&["dates", "--exclusion-start", "2026-11-21"]);
    assert!(
        text.contains(
            "Saturday 21 November 2026 is not a school day (a weekend or a bank holiday)"
        ),
        "{text}"
    );
    let text = stdout(&["dates", "--exclusion-start", "2026-11-23"]);
    assert!(!text.contains("is not a school day"), "{text}");
}

#[test]
fn n14_n15_n17_route_and_deadline_wording_says_no_more_than_was_checked() {
    let routes = std::fs::read_to_string(root().join("guidance/routes.yaml")).unwrap();
    let routes = fold(&routes);
    assert!(
        !routes.contains("the local authority must arrange education"),
        "{routes}"
    );
    assert!(routes.contains("Ask the school and the local authority who is arranging your child's education meanwhile"), "{routes}");
    assert!(
        routes.contains("Before 26 July 2026 academies were not covered by that law."),
        "{routes}"
    );
    assert!(!routes.contains("managed transfer"), "{routes}");
    let text = stdout(&["dates", "--exclusion-start", "2026-11-16"]);
    assert!(
        text.contains("The headteacher gives this notice, on excluding a pupil of compulsory school age (Education and Inspections Act 2006, section 104(1)"),
        "{text}"
    );
}

#[test]
fn n04_offsite_notices_cite_no_maintained_school_law_for_academies() {
    // 2023 edition: no statute at all for an academy.
    let md = markdown(&law("n04-offsite-academy-2023"));
    assert!(!md.contains("29A"), "{md}");
    assert!(
        !md.contains("Improving Behaviour) Regulations 2010"),
        "{md}"
    );
    assert!(
        md.contains("The DfE guidance on off-site direction applies"),
        "{md}"
    );
    // 2026 edition: the Act and the regulations made under it, never s29A.
    let md = markdown(&law("w06-offsite-academy-ehc-not-a-school"));
    assert!(!md.contains("29A"), "{md}");
    assert!(!md.contains("Regulations 2010"), "{md}");
    assert!(
        md.contains("This notice is given under the Children's Wellbeing and Schools Act 2026 and the regulations made under it"),
        "{md}"
    );
    // A maintained school's notice still cites section 29A.
    let text = std::fs::read_to_string(law("n04-offsite-academy-2023"))
        .unwrap()
        .replace("school_type: academy", "school_type: maintained");
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("maintained.yaml");
    std::fs::write(&g, text).unwrap();
    let md = markdown(&g);
    assert!(md.contains("section 29A of the Education Act 2002"), "{md}");
}

#[test]
fn n05_an_academy_placement_running_before_26_july_2026_is_transitional_not_late() {
    let f = law("n05-offsite-academy-transitional");
    let (code, report) = check_report(&f);
    assert_eq!(code, Some(0), "{report}");
    assert!(!report.contains("notice-too-late"), "{report}");
    assert!(
        !report.contains("The law requires written notice"),
        "{report}"
    );
    assert!(!report.contains("start-before-notice"), "{report}");
    assert!(report.contains("NOTE academy-transitional"), "{report}");
    assert!(report.contains("this notice is not late"), "{report}");
    let md = markdown(&f);
    assert!(
        md.contains("This placement began before 26 July 2026, when the law on off-site direction did not yet apply to academies."),
        "{md}"
    );
    assert!(!md.contains("A meeting must then be held"), "{md}");
}

#[test]
fn n06_the_notice_never_states_an_end_date_counted_through_the_holidays() {
    let f = law("w06-offsite-academy-ehc-not-a-school");
    let md = markdown(&f);
    assert!(!md.contains("until Wednesday 13 January 2027"), "{md}");
    // Without term dates no last day is stated: a span of six weeks almost
    // always takes in a holiday (documents review C5).
    assert!(!md.contains("13 January 2027"), "{md}");
    assert!(
        md.contains("We will confirm the last day in writing: it depends on the school's holidays and training days"),
        "{md}"
    );
    // With the school's term dates the date is certain and printed as such.
    let terms = example("term-dates-shinfield-st-marys-2026-27");
    let md = draft_markdown(&f, Some(&terms));
    assert!(
        md.contains("30 school days (6 school weeks), until Monday 25 January 2027"),
        "{md}"
    );
}

#[test]
fn n07_a_carer_without_parental_responsibility_gives_a_view_not_a_decision() {
    let f = law("n07-consent-foster-carer-refuses");
    let md = markdown(&f);
    let pr = md
        .split("## Everyone with parental responsibility")
        .nth(1)
        .unwrap()
        .split("## ")
        .next()
        .unwrap();
    assert!(!pr.contains("Jo Bell"), "{pr}");
    assert!(pr.contains("The council, under the care order"), "{pr}");
    assert!(
        md.contains("so what follows records Jo Bell's view, not consent"),
        "{md}"
    );
    assert!(
        md.contains("Jo Bell does not support the managed move."),
        "{md}"
    );
    assert!(!md.contains("This is their right"), "{md}");
    assert!(!md.contains("stays at Riverside Academy"), "{md}");
    assert!(md.contains("Jo Bell | Foster carer (view only)"), "{md}");
}

#[test]
fn numbers_the_checks_count_with_are_read_or_refused_when_given() {
    // "78% this year" used to switch the low-attendance check off silently.
    let text = std::fs::read_to_string(law("referral-low-attendance")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, from: &str, to: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text.replace(from, to)).unwrap();
        p
    };
    let words = write(
        "words.yaml",
        "attendance: \"82%\"",
        "attendance: \"78% this year\"",
    );
    let out = fairmove().arg("check").arg(&words).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = fold(&String::from_utf8_lossy(&out.stderr));
    assert!(err.contains("field `attendance`"), "{err}");
    assert!(
        err.contains("\"78% this year\" is not a number fairmove can use on its own. Write just the number, for example 78"),
        "{err}"
    );
    let plain = write(
        "plain.yaml",
        "attendance: \"82%\"",
        "attendance: 82 per cent",
    );
    let (_, report) = check_report(&plain);
    assert!(report.contains("WARNING low-attendance"), "{report}");
    assert!(report.contains("attendance is 82%:"), "{report}");
    // A length in words is read; one that is not a whole number is refused.
    let notice = std::fs::read_to_string(law("w06-offsite-academy-ehc-not-a-school")).unwrap();
    let six = dir.path().join("six.yaml");
    std::fs::write(
        &six,
        notice.replace("length_weeks: 6", "length_weeks: six weeks"),
    )
    .unwrap();
    let md = markdown(&six);
    assert!(md.contains("30 school days (6 school weeks)"), "{md}");
    let half = dir.path().join("half.yaml");
    std::fs::write(
        &half,
        notice.replace("length_weeks: 6", "length_weeks: 6.5"),
    )
    .unwrap();
    let out = fairmove().arg("check").arg(&half).output().unwrap();
    let err = fold(&String::from_utf8_lossy(&out.stderr));
    assert!(err.contains("\"6.5\" is not a whole number"), "{err}");
}

#[test]
fn n11_an_agreement_never_says_an_academys_governing_board_directed_off_site() {
    let text = std::fs::read_to_string(example("move-agreement")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("offsite-first.yaml");
    std::fs::write(
        &p,
        format!("{text}\noffsite_direction_first: yes\noffsite_to_improve_behaviour: yes\n"),
    )
    .unwrap();
    let md = markdown(&p);
    assert!(md.contains("has directed Jordan to attend"), "{md}");
    assert!(
        !md.contains("the governing board of Riverside Academy has directed"),
        "{md}"
    );
    assert!(
        !md.contains("complain to the governing board and the local authority"),
        "{md}"
    );
}
