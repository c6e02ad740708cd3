//! Every sentence true for the person who signs it (issue 24): answers
//! that mean what was said, checked against each other and against today,
//! and the third legal audit's findings (../shared/guidance-audit-3.md).

mod common;
use common::*;
use std::path::Path;

#[test]
fn l3_the_cancel_request_is_written_when_the_board_meets_today_or_next() {
    let dir = tempfile::tempdir().unwrap();
    // Friday 4 December 2026: the board meets today, or on Monday.
    for meeting in ["2026-12-04", "2026-12-07"] {
        let p = example_with(
            dir.path(),
            "withdraw-exclusion",
            "2026-12-04",
            &[("letter_date", None), ("board_meeting_date", Some(meeting))],
        );
        let (code, report) = check_report(&p);
        assert_ne!(code, Some(3), "{report}");
        assert!(!report.contains("reply-before-letter"), "{report}");
        assert!(
            report.contains("Deliver the letter by hand today"),
            "{report}"
        );
        let md = draft_markdown(&p, None);
        assert!(
            md.contains("in writing before the governing board's meeting starts on"),
            "{md}"
        );
        assert!(!md.contains("Please reply by"), "{md}");
    }
    // A reply date typed on or before the letter's date is still refused.
    let p = example_with(
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
    let p = example_with(
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
    assert!(
        md.contains("the last day is Friday 11 December 2026"),
        "{md}"
    );
    // A decision before the exclusion, or before the claim, is refused,
    // naming the answer it conflicts with.
    for (decided, with) in [("2026-09-10", "exclusion"), ("2026-10-07", "claim")] {
        let p = example_with(
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
    let p = example_with(
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
    let p = example_with(
        dir.path(),
        "review-panel-request",
        "2026-11-23",
        &[("pupil_date_of_birth", Some("2007-05-01"))],
    );
    let why = refused(&p);
    assert!(why.contains("only they can apply"), "{why}");
    // An 18-year-old applying for themselves is taken.
    let p = example_with(
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
    let p = example_with(
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
    let p = example_with(
        dir.path(),
        "evidence-request",
        "2026-12-04",
        &[
            ("letter_date", None),
            ("board_meeting_date", Some("2026-12-07")),
        ],
    );
    let md = draft_markdown(&p, None);
    assert!(
        md.contains(
            "as soon as you can, and before the governing board meets on Monday 7 December 2026"
        ),
        "{md}"
    );
    // A reply date typed after the meeting is refused, naming the meeting.
    let p = example_with(
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
    assert!(
        why.contains("field `reply_by`") && why.contains("10 December 2026"),
        "{why}"
    );
}

/// The rows of the Markdown table that starts with `header`, checking that
/// it stays one table (no blank line inside it) and that no table row is
/// left outside it as a paragraph of pipes (review C1).
fn signature_rows(md: &str, header: &str) -> Vec<String> {
    let lines: Vec<&str> = md.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(header))
        .unwrap_or_else(|| panic!("no {header} in:\n{md}"));
    let rows: Vec<String> = lines[start + 2..]
        .iter()
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.to_string())
        .collect();
    let after = &lines[start + 2 + rows.len()..];
    assert!(
        !after.iter().any(|l| l.trim_start().starts_with('|')),
        "a row of the signatures table is outside it:\n{md}"
    );
    rows
}

fn markdown_of(path: &Path) -> Option<String> {
    let out = fairmove_for(path)
        .arg("draft")
        .arg(path)
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    match out.status.code() {
        Some(0) => Some(String::from_utf8(out.stdout).unwrap()),
        // Blocked: nothing is written, so there is no table to check.
        Some(3) => None,
        _ => panic!("{}", String::from_utf8_lossy(&out.stderr)),
    }
}

#[test]
fn every_signer_of_a_consent_record_has_a_row_of_the_table_in_every_combination() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = 0;
    let mut looked_after_written = 0;
    for care in ["no", "care-order", "parents"] {
        for giver in ["parent", "council", "no"] {
            for others in [None, Some("\n  - Ada Okafor (mother)")] {
                for officer in [None, Some("Priya Shah, inclusion adviser")] {
                    for decision in ["agrees", "refuses"] {
                        let mut changes: Vec<(&str, Option<&str>)> = vec![
                            ("giver_has_pr", Some(giver)),
                            ("others_with_pr", others),
                            ("others_agree", others.map(|_| "yes")),
                            ("la_officer", officer),
                            ("la_officer_agrees", officer.map(|_| "yes")),
                            ("parent_decision", Some(decision)),
                            (
                                "looked_after",
                                Some(if care == "no" { "no" } else { "yes" }),
                            ),
                        ];
                        if care != "no" {
                            changes.extend([
                                ("pr_holder", Some(care)),
                                (
                                    "virtual_school_head",
                                    Some("Helen Ward, Virtual School Head"),
                                ),
                                ("virtual_school_agrees", Some("yes")),
                                ("social_worker", Some("Lisa Brennan")),
                                ("social_worker_agrees", Some("yes")),
                            ]);
                        }
                        let p = example_with(dir.path(), "consent-record", "2026-11-23", &changes);
                        let Some(md) = markdown_of(&p) else { continue };
                        written += 1;
                        let rows =
                            signature_rows(&md, "| Name | Role | Signature | Date |").join("\n");
                        let mut signers = vec![
                            "Jordan Okafor",
                            "Dr Patel",
                            "Ms Greene",
                            "Mrs Jones, deputy head",
                        ];
                        if giver != "council" {
                            signers.push("Sam Okafor");
                        }
                        if others.is_some() {
                            signers.push("Ada Okafor (mother)");
                        }
                        if let Some(o) = officer {
                            signers.push(o);
                        }
                        if care != "no" {
                            looked_after_written += 1;
                            signers.extend(["Helen Ward, Virtual School Head", "Lisa Brennan"]);
                        }
                        for s in signers {
                            assert!(
                                rows.contains(&format!("| {s} |")),
                                "{s} has no row ({care}, {giver}):\n{rows}"
                            );
                        }
                    }
                }
            }
        }
    }
    assert!(
        written >= 20 && looked_after_written >= 8,
        "{written} {looked_after_written}"
    );
}

#[test]
fn k8_nobody_is_listed_or_signs_twice_in_the_agreement() {
    let dir = tempfile::tempdir().unwrap();
    for care in [false, true] {
        let mut changes: Vec<(&str, Option<&str>)> = vec![(
            "others_present",
            Some("\n  - Sam Okafor, father\n  - Jordan Okafor, pupil\n  - Priya Shah, inclusion adviser (local authority)\n  - Dan Whitaker, social worker"),
        )];
        if care {
            changes.extend([
                ("looked_after", Some("yes")),
                ("virtual_school_head", Some("Helen Ward")),
                ("social_worker", Some("Dan Whitaker")),
            ]);
        }
        let p = example_with(dir.path(), "move-agreement", "2026-11-23", &changes);
        let md = markdown_of(&p).expect("written");
        let rows = signature_rows(&md, "| Who | Name | Signature | Date |").join("\n");
        for name in ["Sam Okafor", "Jordan Okafor", "Dan Whitaker"] {
            assert_eq!(rows.matches(name).count(), 1, "{name} twice:\n{rows}");
        }
        assert!(rows.contains("Priya Shah"), "{rows}");
        assert_eq!(md.matches("| Also present | Sam Okafor").count(), 0, "{md}");
    }
}

use fairmove::base::data::DataSource;
use fairmove::frontends::flow::{Action, Screen, State};
use fairmove::pipeline::answers::Raw;
use fairmove::Engine;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Answers the questions of `id` from its example, in the order the flow
/// asks them, with `own` answers first, until the flow shows something
/// other than a question. Returns that screen's findings (if blocked) and
/// how many questions were answered.
fn answer_until_stopped(id: &str, own: &[(&str, Raw)]) -> (Option<String>, usize, Vec<String>) {
    let data = DataSource::builtin();
    let engine = Engine::load(&data, id).unwrap();
    let example = fairmove::pipeline::answers::Answers::load(&example(id)).unwrap();
    let mut state = State::default();
    let mut step = state.step(&engine, &data, today(), Action::Resume).unwrap();
    for asked in 0..100 {
        let id_now = match &step.screen {
            Screen::Question(q) => q.question.id.clone(),
            Screen::Findings {
                blocked: true,
                findings,
                next,
            } => {
                let why = findings.findings[0].message.clone();
                return (
                    Some(why),
                    asked,
                    next.iter().map(|n| n.id.clone()).collect(),
                );
            }
            _ => return (None, asked, Vec::new()),
        };
        let raw = own
            .iter()
            .find(|(k, _)| *k == id_now)
            .map(|(_, v)| v.clone())
            .or_else(|| example.get(&id_now).map(|e| e.value.clone()))
            .unwrap_or(Raw::Null);
        step = state
            .step(
                &engine,
                &data,
                today(),
                Action::Answer {
                    question: id_now,
                    raw,
                },
            )
            .unwrap();
    }
    panic!("{id}: the flow did not end");
}

#[test]
fn an_answer_that_blocks_stops_the_flow_at_once_with_what_helps() {
    // B7: a foster carer agreeing was accepted until question 34.
    let (why, asked, _) = answer_until_stopped(
        "consent-record",
        &[("giver_has_pr", Raw::Text("no".into()))],
    );
    let why = why.expect("stopped");
    assert!(
        why.contains("does not have parental responsibility"),
        "{why}"
    );
    assert!(asked <= 11, "stopped only after {asked} questions");
    // K9: one other holder has not agreed: stopped at once too.
    let (why, asked, _) =
        answer_until_stopped("consent-record", &[("others_agree", Raw::Bool(false))]);
    assert!(why
        .expect("stopped")
        .contains("Not everyone with parental responsibility"));
    assert!(asked <= 11, "stopped only after {asked} questions");
    // B6: a managed move cannot be ended by the placement letter: the first
    // question says so, and the review record is offered.
    let (why, asked, next) = answer_until_stopped(
        "placement-ended",
        &[("arrangement", Raw::Text("managed-move".into()))],
    );
    assert!(why.expect("stopped").contains("permanent"));
    assert_eq!(asked, 1);
    assert_eq!(next, ["move-review"]);
    // The board has met: the head can no longer cancel.
    let (why, _, next) = answer_until_stopped(
        "withdraw-exclusion",
        &[("board_meeting_started", Raw::Text("yes".into()))],
    );
    assert!(why.expect("stopped").contains("can no longer cancel"));
    assert_eq!(next, ["governors-representations"]);
    // The examples themselves run to the end.
    for id in ["consent-record", "placement-ended", "withdraw-exclusion"] {
        let (why, _, _) = answer_until_stopped(id, &[]);
        assert!(why.is_none(), "{id}: {why:?}");
    }
}

#[test]
fn changing_the_answer_that_stopped_the_flow_goes_back_to_it() {
    let data = DataSource::builtin();
    let engine = Engine::load(&data, "placement-ended").unwrap();
    let mut state = State::default();
    let step = state
        .step(
            &engine,
            &data,
            today(),
            Action::Answer {
                question: "arrangement".into(),
                raw: Raw::Text("managed-move".into()),
            },
        )
        .unwrap();
    assert!(matches!(
        step.screen,
        Screen::Findings { blocked: true, .. }
    ));
    let step = state
        .step(
            &engine,
            &data,
            today(),
            Action::Back {
                from: fairmove::frontends::flow::At::Findings,
            },
        )
        .unwrap();
    match step.screen {
        Screen::Question(q) => {
            assert_eq!(q.question.id, "arrangement");
            assert_eq!(q.current, Some(Raw::Text("managed-move".into())));
        }
        _ => panic!("not back at the question"),
    }
}

/// Every text question of every document, with its document.
fn text_questions() -> Vec<(String, String, bool)> {
    let data = DataSource::builtin();
    let mut out = Vec::new();
    for id in fairmove::documents::document::list_ids(&data).unwrap() {
        let def = fairmove::documents::document::load_def(&data, &id).unwrap();
        for q in def.questions {
            use fairmove::documents::document::QuestionType::*;
            if matches!(q.kind, Text | Paragraph | List) && q.number.is_none() {
                out.push((id.clone(), q.id.clone(), q.kind == Text));
            }
        }
    }
    out
}

const DENIALS: &[&str] = &[
    "No",
    "none",
    "N/A",
    "n/a",
    "Not sure",
    "dont know",
    "Don't know",
    "don’t know",
    "nothing",
    "Yes",
    "unknown",
    "no one",
    "Not applicable",
    "idk",
    "-",
];

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// No yes, no or "don't know" typed into any text box of any document
    /// reaches a draft: it is refused, naming its field (issue 24 item 7).
    #[test]
    fn no_denial_in_any_text_field_reaches_a_draft(
        which in 0usize..1000,
        denial in 0usize..DENIALS.len(),
        upper in any::<bool>(),
        stop in prop::sample::select(vec!["", ".", "!", " ", "  .", ","]),
        yes_name in any::<bool>(),
    ) {
        let questions = text_questions();
        let (id, qid, one_line) = &questions[which % questions.len()];
        let mut text = format!("{}{stop}", DENIALS[denial]);
        if upper {
            text = text.to_uppercase();
        }
        if yes_name && *one_line {
            text = "Yes, Dan Whitaker".to_string();
        }
        let data = DataSource::builtin();
        let engine = Engine::load(&data, id).unwrap();
        let mut answers = fairmove::pipeline::answers::Answers::load(&example(id)).unwrap();
        answers.entries.retain(|e| &e.key != qid);
        let def = &engine.doc.def;
        let q = def.questions.iter().find(|q| &q.id == qid).unwrap();
        let raw = if q.kind == fairmove::documents::document::QuestionType::List {
            Raw::List(vec![Raw::Text(text.clone())])
        } else {
            Raw::Text(text.clone())
        };
        answers.entries.push(fairmove::pipeline::answers::Entry {
            key: qid.clone(),
            key_pos: Default::default(),
            value: raw,
            value_pos: Default::default(),
        });
        match engine.facts(&answers, today()) {
            Err(e) => {
                let msg = format!("{e:#}");
                prop_assert!(msg.contains(&format!("field `{qid}`")), "{id}: {msg}");
                prop_assert!(msg.contains("word for word"), "{id}: {msg}");
            }
            // Never accepted where it would be used: only a question not
            // asked with these answers takes it, and then it is set aside.
            Ok(facts) => prop_assert!(facts.get(qid).is_none(), "{id}: `{qid}` took {text:?}"),
        }
    }
}

#[test]
fn the_yes_no_detail_checks_refuse_in_the_terminal_and_the_pages_alike() {
    // The same check serves the interview, the pages and `check`: the flow
    // refuses a denial at the question it is typed into.
    let data = DataSource::builtin();
    let engine = Engine::load(&data, "separation-confirmation").unwrap();
    let mut state = State::default();
    for (qid, raw) in [
        ("sender_name", Raw::Text("June Harris".into())),
        ("sender_role", Raw::Text("carer".into())),
    ] {
        state
            .step(
                &engine,
                &data,
                today(),
                Action::Answer {
                    question: qid.into(),
                    raw,
                },
            )
            .unwrap();
    }
    let step = state
        .step(
            &engine,
            &data,
            today(),
            Action::Answer {
                question: "carer_order".into(),
                raw: Raw::Text("special-guardian".into()),
            },
        )
        .unwrap();
    let Screen::Question(q) = step.screen else {
        panic!("a question")
    };
    assert_eq!(q.question.id, "sender_contact");
    let step = state
        .step(
            &engine,
            &data,
            today(),
            Action::Answer {
                question: "sender_contact".into(),
                raw: Raw::Text("n/a".into()),
            },
        )
        .unwrap();
    let Screen::Question(q) = step.screen else {
        panic!("a question")
    };
    assert_eq!(q.question.id, "sender_contact");
    assert!(q.error.unwrap().contains("word for word"));
}

#[test]
fn l2_a_count_past_the_term_dates_is_never_late_and_says_so() {
    // Written decision Thursday 15 July 2027; the example term dates end on
    // Wednesday 21 July 2027. If the school returns on Thursday 2 September,
    // the last day is Thursday 16 September: fairmove must not say later.
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "review-panel-request",
        "2027-07-16",
        &[
            ("letter_date", None),
            ("exclusion_date", Some("2027-06-21")),
            ("decision_written_date", Some("2027-07-15")),
        ],
    );
    let terms = root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
    let out = fairmove_for(&p)
        .arg("--terms")
        .arg(&terms)
        .arg("check")
        .arg(&p)
        .output()
        .unwrap();
    let report = fold(&String::from_utf8_lossy(&out.stdout));
    // 4 school days to 21 July, then 11 weekdays: Thursday 5 August.
    assert!(report.contains("Thursday 5 August 2027"), "{report}");
    assert!(!report.contains("September 2027"), "{report}");
    assert!(report.contains("falls outside the Shinfield"), "{report}");
    let md = draft_markdown(&p, Some(&terms));
    assert!(md.contains("Thursday 5 August 2027"), "{md}");
}

#[test]
fn n05_n13_n15_the_partly_fixed_findings_of_the_second_audit() {
    // N5: an academy's notice of 15 July 2026 for a placement running past
    // 26 July says the new law and its transitional arrangements apply.
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "offsite-direction-notice",
        "2026-07-15",
        &[
            ("notice_date", Some("2026-07-15")),
            ("decision_date", Some("2026-07-14")),
            ("start_date", Some("2026-07-20")),
            ("school_type", Some("academy")),
        ],
    );
    let (_, report) = check_report(&p);
    assert!(
        report.contains("NOTE academy-runs-into-the-new-law"),
        "{report}"
    );
    assert!(
        report.contains("Transitional arrangements apply"),
        "{report}"
    );
    // N13: a Saturday given as the first day: the count starts on Monday.
    let out = fairmove()
        .args(["dates", "--exclusion-start", "2026-11-21"])
        .output()
        .unwrap();
    let text = fold(&String::from_utf8_lossy(&out.stdout));
    assert!(
        text.contains("starts on the next school day, Monday 23 November 2026, as day 1"),
        "{text}"
    );
    assert!(!text.contains("day 1 anyway"), "{text}");
    // N15: the head gives the education notice (EIA 2006 s104(1)).
    assert!(text.contains("The headteacher gives this notice"), "{text}");
    assert!(!text.contains("was not checked"), "{text}");
}

#[test]
fn l8_c17_the_kinship_carers_separation_letter_is_true_for_her() {
    // June, a grandmother with a special guardianship order, writes about
    // her grandson kept away; she types "No" for the social worker.
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "separation-confirmation",
        "2026-11-23",
        &[("has_social_worker", Some("\"no\""))],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("I am Leon Harris's special guardian, so I hold parental responsibility"),
        "{md}"
    );
    assert!(!md.contains("social worker"), "{md}");
    // The guidance is said to be as published summaries report it, and the
    // family learns that keeping a pupil out for behaviour needs a formal
    // exclusion in writing.
    assert!(
        md.contains("Published summaries of the DfE guidance"),
        "{md}"
    );
    assert!(
        !md.contains("The DfE guidance in force since 26 July 2026 says"),
        "{md}"
    );
    assert!(
        md.contains(
            "keeping a pupil out of school without one is unlawful, even when the family agrees"
        ),
        "{md}"
    );
    let (_, report) = check_report(&p);
    assert!(!report.contains("could not check which law"), "{report}");
    let p = example_with(
        dir.path(),
        "separation-confirmation",
        "2026-11-23",
        &[("education_arranged", Some("\"no\""))],
    );
    let (_, report) = check_report(&p);
    assert!(
        report.contains("Education Act 1996, section 19(1)"),
        "{report}"
    );
    // "No" typed into the old name box is refused (terminal review K1).
    let p = example_with(
        dir.path(),
        "separation-confirmation",
        "2026-11-23",
        &[
            ("has_social_worker", Some("\"yes\"")),
            ("social_worker", Some("No")),
        ],
    );
    assert!(refused(&p).contains("field `social_worker`"));
}

#[test]
fn l9_representations_to_a_pupil_referral_unit_use_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "governors-representations",
        "2026-11-23",
        &[("school_type", Some("pru"))],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(md.contains("The Clerk to the Management Committee"), "{md}");
    assert!(
        md.contains("Dear Members of the Management Committee,"),
        "{md}"
    );
    assert!(md.contains("the teacher in charge decided"), "{md}");
    assert!(!md.contains("Governing Board"), "{md}");
    assert!(!md.contains("the board"), "{md}");
}

#[test]
fn l10_attendance_of_90_per_cent_is_persistent_absence_and_a_fraction_is_queried() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "move-referral",
        "2026-11-23",
        &[("attendance", Some("90"))],
    );
    let (_, report) = check_report(&p);
    assert!(report.contains("WARNING low-attendance"), "{report}");
    assert!(report.contains("persistent absence"), "{report}");
    let p = example_with(
        dir.path(),
        "move-referral",
        "2026-11-23",
        &[("attendance", Some("0.85"))],
    );
    let why = refused(&p);
    assert!(
        why.contains("field `attendance`") && why.contains("85 for 85%"),
        "{why}"
    );
}

#[test]
fn l11_the_withdraw_letter_says_what_each_person_decided() {
    let dir = tempfile::tempdir().unwrap();
    // The parent would consider a move; the young person is not sure.
    let p = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[
            ("family_agrees", Some("\"yes\"")),
            ("young_person_agrees", Some("not-sure")),
        ],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("We would consider a move to another school, but Jordan has not decided yet"),
        "{md}"
    );
    assert!(!md.contains("We have not decided"), "{md}");
    // A young person of 18 writes for themselves: no parents' agreement,
    // and the head tells them.
    let p = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[
            ("sender_role", Some("young-person")),
            ("sender_name", Some("Jordan Okafor")),
            ("adult", Some("yes")),
            ("family_agrees", None),
            ("young_person_agrees", Some("\"yes\"")),
        ],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("I am 18 or over, so the decision is mine."),
        "{md}"
    );
    assert!(!md.contains("parental responsibility for me"), "{md}");
    assert!(md.contains("tell me, the governing board"), "{md}");
}

#[test]
fn answers_that_belong_to_one_document_are_not_carried_to_another() {
    // How to attend the board's meeting is not how to attend the review,
    // and a letter's date or reply date is its own.
    let data = DataSource::builtin();
    let text = std::fs::read_to_string(example("governors-representations")).unwrap();
    let answers = fairmove::pipeline::answers::Answers::parse(&text, "g.yaml").unwrap();
    let carried =
        fairmove::frontends::flow::shared_answers(&data, answers, "review-panel-request").unwrap();
    let keys: Vec<&str> = carried.entries.iter().map(|e| e.key.as_str()).collect();
    assert!(keys.contains(&"pupil_name"), "{keys:?}");
    assert!(
        keys.contains(&"sender_name"),
        "the same role goes over: {keys:?}"
    );
    for not in ["attend_how", "letter_date"] {
        assert!(!keys.contains(&not), "{not} carried: {keys:?}");
    }
}

#[test]
fn c3_b13_a_letter_is_dated_the_day_it_can_be_sent() {
    let dir = tempfile::tempdir().unwrap();
    // Review C3: dated 20 November, drafted on 4 December: the letter is
    // dated today, says the time has passed, and the check says so first.
    let p = example_with(
        dir.path(),
        "review-panel-request",
        "2026-12-04",
        &[("letter_date", Some("2026-11-20"))],
    );
    let (_, report) = check_report(&p);
    assert!(report.contains("WARNING answers The date you gave for the letter, 20 November 2026, has passed, so the letter is dated today, 4 December 2026"), "{report}");
    let md = fold(&draft_markdown(&p, None));
    assert!(md.contains("4 December 2026"), "{md}");
    assert!(
        !md.contains("This application is made within 15 school days"),
        "{md}"
    );
    assert!(
        md.contains("I know that the time limit, Monday 23 November 2026, has passed."),
        "{md}"
    );
    // Review B13: a letter dated in 2030 is refused, naming the field.
    let p = example_with(
        dir.path(),
        "evidence-request",
        "2026-12-04",
        &[
            ("letter_date", Some("2030-01-01")),
            ("board_meeting_date", None),
        ],
    );
    let why = refused(&p);
    assert!(
        why.contains("field `letter_date`") && why.contains("more than three months after today"),
        "{why}"
    );
    assert!(!why.contains("9 December 2026"), "{why}");
}

/// The documents offered after writing `id` from its example with `own`
/// answers changed.
fn offered_after(id: &str, own: &[(&str, Raw)]) -> Vec<String> {
    written(id, own).next.iter().map(|n| n.id.clone()).collect()
}

/// The document written from `id`'s example with `own` answers changed,
/// through the flow both front ends use.
fn written(id: &str, own: &[(&str, Raw)]) -> Box<fairmove::frontends::flow::Done> {
    let data = DataSource::builtin();
    let engine = Engine::load(&data, id).unwrap();
    let mut answers = fairmove::pipeline::answers::Answers::load(&example(id)).unwrap();
    for (k, v) in own {
        answers.entries.retain(|e| e.key != *k);
        answers.entries.push(fairmove::pipeline::answers::Entry {
            key: k.to_string(),
            key_pos: Default::default(),
            value: v.clone(),
            value_pos: Default::default(),
        });
    }
    let mut state = State::default();
    assert!(state.prefill(&engine, &answers).is_empty());
    // Optional questions the file leaves out are left empty, as a person
    // pressing Continue would.
    for _ in 0..60 {
        let step = state.step(&engine, &data, today(), Action::Resume).unwrap();
        let Screen::Question(q) = step.screen else {
            break;
        };
        let (question, raw) = (q.question.id.clone(), q.current.unwrap_or(Raw::Null));
        state
            .step(&engine, &data, today(), Action::Answer { question, raw })
            .unwrap();
    }
    match state
        .step(&engine, &data, today(), Action::Write)
        .unwrap()
        .screen
    {
        Screen::Done(done) => done,
        _ => panic!("{id}: not written"),
    }
}

#[test]
fn k1_the_end_offers_a_pressure_complaint_only_after_pressure() {
    let none = offered_after(
        "withdraw-exclusion",
        &[("school_pressured", Raw::Bool(false))],
    );
    assert!(
        !none.contains(&"pressure-complaint".to_string()),
        "{none:?}"
    );
    let some = offered_after(
        "withdraw-exclusion",
        &[
            ("school_pressured", Raw::Bool(true)),
            (
                "pressure_details",
                Raw::Text("The deputy head said find another school.".into()),
            ),
            ("mention_concerns", Raw::Bool(true)),
        ],
    );
    assert!(some.contains(&"pressure-complaint".to_string()), "{some:?}");
    // The board letter: "no" to pressure offers no complaint either.
    let none = offered_after("governors-representations", &[]);
    assert!(
        !none.contains(&"pressure-complaint".to_string()),
        "{none:?}"
    );
}

#[test]
fn b16_the_application_says_whether_its_date_is_the_letters_or_the_day_given() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "review-panel-request",
        "2026-11-23",
        &[("decision_date_is", Some("letter-date"))],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("was given to me in writing, in a letter dated 2 November 2026"),
        "{md}"
    );
    assert!(!md.contains("On 2 November 2026 I was given"), "{md}");
}

/// What the last screen says to do with the document written from `id`'s
/// example on `today`.
fn last_screen(id: &str) -> String {
    written(id, &[]).send
}

#[test]
fn k3_the_last_screen_says_what_to_send_to_whom_and_by_when() {
    // The review application: the last day is today, and too late to post.
    let send = last_screen("review-panel-request");
    assert!(send.contains("Send it today to the local authority or academy trust that arranges the review: it must arrive today, the last day for the application to be made."), "{send}");
    assert!(send.contains("too late to post it"), "{send}");
    // The board letter: by the day the board meets.
    let send = last_screen("governors-representations");
    assert!(
        send.contains(
            "It must arrive by Thursday 3 December 2026, the day the governing board meets"
        ),
        "{send}"
    );
    // A letter with no fixed day: today, or as soon as possible.
    let send = last_screen("withdraw-exclusion");
    assert!(
        send.contains("Send it today, or as soon as you can, to the headteacher"),
        "{send}"
    );
    // A school's record: who gets it.
    let send = last_screen("consent-record");
    assert!(send.starts_with("Print it and give it to"), "{send}");
}

#[test]
fn b16_a_young_person_applying_for_themselves_gives_their_name_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "review-panel-request",
        "2026-11-23",
        &[
            ("sender_role", Some("young-person")),
            ("sender_name", Some("Kai Brennan")),
            ("pupil_name", None),
            ("pupil_known_as", None),
            ("pupil_date_of_birth", Some("2008-01-14")),
        ],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("Application for an independent review: Kai Brennan"),
        "{md}"
    );
    assert!(
        md.contains("I am Kai Brennan (born 14 January 2008), and I am 18 or over"),
        "{md}"
    );
    let data = DataSource::builtin();
    let engine = Engine::load(&data, "review-panel-request").unwrap();
    let mut state = State::default();
    for (q, v) in [
        ("sender_name", "Kai Brennan"),
        ("sender_role", "young-person"),
    ] {
        state
            .step(
                &engine,
                &data,
                today(),
                Action::Answer {
                    question: q.into(),
                    raw: Raw::Text(v.into()),
                },
            )
            .unwrap();
    }
    let relevant = state.relevance(&engine, today()).unwrap();
    let asked: Vec<&str> = engine
        .doc
        .def
        .questions
        .iter()
        .zip(relevant)
        .filter(|(_, r)| *r)
        .map(|(q, _)| q.id.as_str())
        .collect();
    assert!(!asked.contains(&"pupil_name"), "{asked:?}");
}

#[test]
fn every_signer_of_an_agreement_has_one_row_in_every_combination() {
    // The agreement's table for every combination of care status and the
    // people present (the parent, the pupil, the social worker, the
    // virtual school head and others listed again among them, or not).
    let dir = tempfile::tempdir().unwrap();
    let present = [
        None,
        Some("\n  - Priya Shah, inclusion adviser (local authority)"),
        Some("\n  - Sam Okafor, father\n  - Jordan Okafor, pupil"),
        Some("\n  - Helen Ward, virtual school head\n  - Dan Whitaker, social worker\n  - Ada Okafor, mother"),
    ];
    for care in [false, true] {
        for others in present {
            let mut changes: Vec<(&str, Option<&str>)> = vec![("others_present", others)];
            if care {
                changes.extend([
                    ("looked_after", Some("yes")),
                    ("virtual_school_head", Some("Helen Ward")),
                    ("social_worker", Some("Dan Whitaker")),
                ]);
            }
            let p = example_with(dir.path(), "move-agreement", "2026-11-23", &changes);
            let Some(md) = markdown_of(&p) else { continue };
            let rows = signature_rows(&md, "| Who | Name | Signature | Date |").join("\n");
            let mut signers = vec![
                "Sam Okafor",
                "Jordan Okafor",
                "Mrs Jones, deputy head",
                "Mr Ali, head of Year 9",
            ];
            if care {
                signers.extend(["Helen Ward", "Dan Whitaker"]);
            }
            for s in signers {
                assert_eq!(
                    rows.matches(s).count(),
                    1,
                    "{s} ({care}, {others:?}):\n{rows}"
                );
            }
            if let Some(o) = others {
                if o.contains("Ada Okafor") {
                    assert!(
                        rows.contains("| Also present | Ada Okafor, mother |"),
                        "{rows}"
                    );
                }
            }
        }
    }
}

#[test]
fn c15_a_title_never_breaks_inside_a_name_or_a_date() {
    let p = example("placement-ended");
    let out = fairmove_for(&p)
        .args(["draft"])
        .arg(&p)
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let title = md.lines().find(|l| l.starts_with("# ")).unwrap();
    assert!(
        title.contains("Jordan\u{a0}Okafor (born 2\u{a0}April\u{a0}2013)"),
        "{title:?}"
    );
}

#[test]
fn k3_a_mother_is_told_when_the_board_must_meet_and_that_the_head_can_cancel_until_then() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[("board_meeting_date", None)],
    );
    let (_, report) = check_report(&p);
    assert!(report.contains("KEY DATE board-deadline"), "{report}");
    assert!(
        report.contains("by about Monday 7 December 2026"),
        "{report}"
    );
    assert!(
        report.contains("The head can cancel the exclusion only until that meeting starts"),
        "{report}"
    );
}

#[test]
fn c8_c12_signature_pages_name_their_record_and_the_pupils_page_says_what_it_is_for() {
    let consent = fold(&draft_markdown(&example("consent-record"), None));
    assert!(
        consent.contains("Signatures: record of consent for Jordan Okafor"),
        "{consent}"
    );
    let agreement = fold(&draft_markdown(&example("move-agreement"), None));
    assert!(
        agreement.contains("Signatures: managed move agreement for Jordan Okafor"),
        "{agreement}"
    );
    let page = fold(&draft_markdown(&example("pupil-views"), None));
    assert!(page.contains("This page is for you to say what you think. The adults at the meeting about your school will read it."), "{page}");
}

#[test]
fn c6_the_off_site_notice_gives_a_way_to_make_the_written_request_it_describes() {
    let md = fold(&draft_markdown(&example("offsite-direction-notice"), None));
    assert!(
        md.contains("Please send your request to Mrs Jones, deputy head, 0117 496 0001, at Riverside Academy, Mill Road, Bristol BS1 5TR, or office@riverside.example."),
        "{md}"
    );
}

#[test]
fn c9_the_off_site_notice_is_signed_in_the_right_role_without_naming_the_school_twice() {
    let dir = tempfile::tempdir().unwrap();
    // Before 26 July 2026 an academy's notice is the academy's own.
    let p = example_with(
        dir.path(),
        "offsite-direction-notice",
        "2026-03-02",
        &[
            ("notice_date", Some("2026-03-02")),
            ("decision_date", Some("2026-03-02")),
            ("start_date", Some("2026-03-09")),
            ("trust_name", None),
        ],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        !md.contains("Riverside Academy, for Riverside Academy"),
        "{md}"
    );
    // A pupil referral unit's notice is signed by the teacher in charge.
    let p = example_with(
        dir.path(),
        "offsite-direction-notice",
        "2026-11-24",
        &[
            ("school_type", Some("pru")),
            ("home_school", Some("Northgate Pupil Referral Unit")),
            ("trust_name", None),
        ],
    );
    let md = fold(&draft_markdown(&p, None));
    assert!(
        md.contains("Teacher in charge, Northgate Pupil Referral Unit"),
        "{md}"
    );
    assert!(!md.contains("Headteacher, Northgate"), "{md}");
}

#[test]
fn c13_a_school_address_typed_with_its_name_gives_the_name_once() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[(
            "school_address",
            Some("\"Riverside Academy\\nBarkham Road\\nBristol BS1 5TR\""),
        )],
    );
    let md = draft_markdown(&p, None);
    let block = md.split("# Request").next().unwrap();
    assert_eq!(block.matches("Riverside Academy").count(), 1, "{block}");
    // Without the name in it, the address goes under the name.
    let p = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[("school_address", Some("\"Barkham Road\\nBristol BS1 5TR\""))],
    );
    let md = draft_markdown(&p, None);
    let block = md.split("# Request").next().unwrap();
    assert!(
        block.contains("Riverside Academy\\ Barkham Road"),
        "{block}"
    );
}

#[test]
fn c16_a_footnote_names_two_regulations_of_one_instrument_together() {
    let dir = tempfile::tempdir().unwrap();
    let p = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[
            ("school_type", Some("maintained")),
            ("has_social_worker", Some("\"yes\"")),
            ("looked_after", Some("yes")),
            ("pr_holder", Some("care-order")),
        ],
    );
    let md = draft_markdown(&p, None);
    assert!(
        md.contains("Law: regulations 5 and 8A of the School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012; Children Act 1989, section 33(3)."),
        "{md}"
    );
    assert!(!md.contains("Regulations 2012; regulation"), "{md}");
}

#[test]
fn b10_the_agreement_offers_the_review_record_with_the_case_carried() {
    let next = offered_after("move-agreement", &[]);
    assert!(next.contains(&"move-review".to_string()), "{next:?}");
    let data = DataSource::builtin();
    let answers = fairmove::pipeline::answers::Answers::load(&example("move-agreement")).unwrap();
    let carried = fairmove::frontends::flow::shared_answers(&data, answers, "move-review").unwrap();
    let keys: Vec<&str> = carried.entries.iter().map(|e| e.key.as_str()).collect();
    for k in [
        "pupil_name",
        "home_school",
        "new_school",
        "parent_name",
        "start_date",
        "protocol",
    ] {
        assert!(keys.contains(&k), "{k} not carried: {keys:?}");
    }
}

#[test]
fn a_date_without_a_year_is_asked_for_its_year() {
    // Terminal review K11: "6th November" was refused as "not a date".
    let dir = tempfile::tempdir().unwrap();
    let f = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[("exclusion_date", Some("6th November"))],
    );
    fairmove_for(&f)
        .arg("check")
        .arg(&f)
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "\"6th November\" has no year. Write the year too",
        ))
        .stderr(predicates::str::contains("exclusion_date"));
}

#[test]
fn a_last_day_counted_without_term_dates_says_it_may_be_later() {
    // Browser review B21: "the last day is Thursday 24 December 2026" was
    // stated as fact, counted without the school's holidays.
    let later = "If school holidays fall before then, the last day is later.";
    let answers = example("review-panel-request");
    let terms = root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
    assert!(draft_markdown(&answers, None).contains(later));
    assert!(!draft_markdown(&answers, Some(&terms)).contains(later));
}

#[test]
fn the_support_a_school_put_in_place_rests_on_last_resort_not_managed_moves() {
    // Browser review B17: the board letter footnoted "a school should be
    // able to show the support it put in place" to the part on managed
    // moves, in a letter about a permanent exclusion.
    let md = draft_markdown(&example("governors-representations"), None);
    let line = md
        .lines()
        .find(|l| l.contains("show the support it put in place"))
        .expect("the sentence");
    assert!(line.contains("[^last-resort]"), "{line}");
    assert!(!line.contains("[^managed-moves"), "{line}");
}

#[test]
fn the_review_record_says_which_weeks_it_counts() {
    // Browser review B20: the hint promised school weeks, and without term
    // dates the record counts calendar weeks ("5 weeks ago").
    let data = DataSource::builtin();
    let def = fairmove::documents::document::load_def(&data, "move-review").unwrap();
    let q = def.questions.iter().find(|q| q.id == "start_date").unwrap();
    let help = q.help.as_deref().unwrap_or("");
    assert!(help.contains("calendar weeks if not"), "{help}");
}

#[test]
fn the_review_record_names_the_pupil_in_full_once_then_by_first_name() {
    // Documents review C14: the full name eight times, in headings too.
    let out = fairmove()
        .arg("draft")
        .arg(example("move-review"))
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    // The Markdown as written (draft_markdown folds spaces, the title's
    // no-break spaces included).
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.matches("Jordan Okafor").count() <= 4, "{md}");
    assert!(md.contains("## How Jordan is settling in"), "{md}");
}

#[test]
fn the_off_site_notice_names_the_pupil_in_full_once_then_by_first_name() {
    // Documents review C14: the full name nine times in the notice.
    let out = fairmove()
        .arg("draft")
        .arg(example("offsite-direction-notice"))
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    // The Markdown as written (draft_markdown folds spaces, the title's
    // no-break spaces included).
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.matches("Jordan Okafor").count() <= 3, "{md}");
    assert!(md.contains("## What this means for Jordan\n"), "{md}");
}

#[test]
fn the_agreement_and_the_placement_letter_name_the_pupil_in_full_where_it_counts() {
    // Documents review C14 (R19, R33, R39): the full name ten times in the
    // agreement, six in the placement letter. The full name stays where it
    // identifies the pupil (title, the table, the first sentence, the
    // signatures); the first name is used elsewhere.
    let md = |id: &str| {
        let out = fairmove()
            .arg("draft")
            .arg(example(id))
            .args(["--format", "md", "-o", "-"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let agreement = md("move-agreement");
    assert_eq!(agreement.matches("Jordan Okafor").count(), 3, "{agreement}");
    assert_eq!(
        agreement.matches("Jordan\u{a0}Okafor").count(),
        2,
        "{agreement}"
    );
    assert!(agreement.contains("### Jordan will"), "{agreement}");
    assert!(agreement.contains("## If Jordan struggles"), "{agreement}");
    assert!(
        agreement.contains("| Pupil | Jordan Okafor |"),
        "{agreement}"
    );
    let letter = md("placement-ended");
    assert_eq!(letter.matches("Jordan Okafor").count(), 1, "{letter}");
    assert!(
        letter.contains("can no longer offer Jordan Okafor a place"),
        "{letter}"
    );
    assert!(letter.contains("I wish Jordan well"), "{letter}");
}

#[test]
fn a_review_of_a_child_in_care_records_the_virtual_school_head_and_social_worker() {
    // Browser review B20: nothing asked about the virtual school head or
    // the social worker for a child in care.
    let dir = tempfile::tempdir().unwrap();
    let lac = example_with(
        dir.path(),
        "move-review",
        "2026-11-23",
        &[
            ("looked_after", Some("yes")),
            ("virtual_school_head", Some("Dr Lee")),
            ("virtual_school_head_attended", Some("no")),
            ("social_worker", Some("Alex Brown")),
            ("social_worker_attended", Some("yes")),
        ],
    );
    let md = draft_markdown(&lac, None);
    assert!(
        md.contains("| Virtual school head | Dr Lee: ☐ did not take part |"),
        "{md}"
    );
    assert!(
        md.contains("| Social worker | Alex Brown: ☒ took part |"),
        "{md}"
    );
    // Which review it is, for an interim one too (documents review R43).
    assert!(
        md.contains("| Which review | A review part way through |"),
        "{md}"
    );
    let (_, report) = check_report(&lac);
    assert!(report.contains("WARNING looked-after-absent"), "{report}");
    assert!(
        report.contains("the virtual school head (Dr Lee) did not take part"),
        "{report}"
    );
    // Not in care: neither row, no warning.
    let md = draft_markdown(&example("move-review"), None);
    assert!(!md.contains("Virtual school head"), "{md}");
    let (_, report) = check_report(&example("move-review"));
    assert!(!report.contains("looked-after-absent"), "{report}");
    // Carried over from the agreement: in care, and who the two are; who
    // took part in this meeting is asked again.
    let data = fairmove::base::data::DataSource::builtin();
    let agreement = example_with(
        dir.path(),
        "move-agreement",
        "2026-11-23",
        &[
            ("looked_after", Some("yes")),
            ("virtual_school_head", Some("Dr Lee")),
            ("social_worker", Some("Alex Brown")),
        ],
    );
    let answers = fairmove::pipeline::answers::Answers::load(&agreement).unwrap();
    let carried = fairmove::frontends::flow::shared_answers(&data, answers, "move-review").unwrap();
    let keys: Vec<&str> = carried.entries.iter().map(|e| e.key.as_str()).collect();
    for k in ["looked_after", "virtual_school_head", "social_worker"] {
        assert!(keys.contains(&k), "{k} not carried: {keys:?}");
    }
    assert!(!keys.contains(&"virtual_school_head_attended"), "{keys:?}");
}

#[test]
fn a_family_not_sure_about_a_move_can_say_so_and_the_board_letter_asks_for_none() {
    // Terminal review T19: the governors' letter offered only yes or no to
    // "would the family consider a managed move?".
    let dir = tempfile::tempdir().unwrap();
    for (answer, asks) in [("yes", true), ("not-sure", false), ("no", false)] {
        let f = example_with(
            dir.path(),
            "governors-representations",
            "2026-11-23",
            &[("open_to_managed_move", Some(answer))],
        );
        let md = draft_markdown(&f, None);
        assert_eq!(
            md.contains("look at a managed move"),
            asks,
            "{answer}: {md}"
        );
    }
}

#[test]
fn a_person_named_with_their_role_is_set_off_by_commas() {
    // Documents review R14: "Mr Jones, deputy headteacher put pressure on
    // us" lacked its second comma.
    let md = draft_markdown(&example("pressure-complaint"), None);
    assert!(
        md.contains("Mr Jones, deputy headteacher, put pressure on us."),
        "{md}"
    );
    let dir = tempfile::tempdir().unwrap();
    let f = example_with(
        dir.path(),
        "pressure-complaint",
        "2026-11-23",
        &[("who_pressured", Some("Mrs Lee"))],
    );
    assert!(draft_markdown(&f, None).contains("Mrs Lee put pressure on us."));
}

#[test]
fn a_review_cannot_come_before_the_pupil_started() {
    // Found reading the review record as its signer: a meeting on 25
    // November for a pupil starting on 30 November printed "(-1 weeks ago)"
    // and "on the roll since 30 November".
    let dir = tempfile::tempdir().unwrap();
    let f = example_with(
        dir.path(),
        "move-review",
        "2026-11-23",
        &[("review_date", Some("2026-11-25"))],
    );
    let out = fairmove_for(&f).arg("check").arg(&f).output().unwrap();
    let err = fold(&String::from_utf8_lossy(&out.stderr));
    assert_ne!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("field `start_date`: The pupil cannot have started after this meeting (25 November 2026)"),
        "{err}"
    );
}
