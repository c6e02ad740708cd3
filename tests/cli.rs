//! The real binary, run as a person would, on the examples and on broken
//! answers files.

mod common;

use common::*;
use predicates::prelude::*;

#[test]
fn documents_lists_each_document_with_who_writes_to_whom() {
    fairmove()
        .arg("documents")
        .assert()
        .success()
        .stdout(predicate::str::contains("withdraw-exclusion"))
        .stdout(predicate::str::contains(
            "Request to withdraw a permanent exclusion",
        ))
        .stdout(predicate::str::contains(
            "from a parent, carer, advocate or the young person to the headteacher",
        ));
}

#[test]
fn questions_prints_a_template_whose_keys_are_the_question_ids() {
    let out = fairmove()
        .args(["questions", "withdraw-exclusion"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "sender_name",
        "pupil_name",
        "exclusion_date",
        "school_pressured",
        "school_tried",
    ] {
        assert!(
            text.contains(&format!("\n{id}:\n")),
            "{id} missing from:\n{text}"
        );
    }
    assert!(text.contains("# What is the young person's full name?"));
    assert!(text.contains("Required. Type: date."));
    assert!(text.contains("Optional. Type: list."));
    assert!(text.contains("#   not-sure"));
    // The blank template is valid YAML: checking it lists what is missing.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    std::fs::write(&path, &text).unwrap();
    fairmove()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing a required answer"))
        .stderr(predicate::str::contains("`pupil_name`"));
}

#[test]
fn questions_for_an_unknown_document_suggests_the_nearest() {
    fairmove()
        .args(["questions", "withdraw-exclusoin"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Did you mean `withdraw-exclusion`?",
        ));
}

#[test]
fn check_on_the_example_finds_nothing_blocking() {
    fairmove()
        .arg("check")
        .arg(example("withdraw-exclusion"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "edition in force from 26 July 2026",
        ))
        .stdout(predicate::str::contains("permanent-move"))
        .stdout(predicate::str::contains(
            "Nothing stops this document being written",
        ));
}

#[test]
fn pressure_warns_and_cites_paragraph_52() {
    // A pressured family can still ask the head to cancel (issue 9): the
    // finding warns, cites the pressure paragraph and offers the complaint.
    fairmove()
        .arg("check")
        .arg(fixture("pressured-2024-edition.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("WARNING  pressure"))
        .stdout(predicate::str::contains("paragraph 52"))
        .stdout(predicate::str::contains("complaints procedure"))
        .stdout(predicate::str::contains(
            "If a parent believes that they are being pressured into a managed move",
        ));
}

#[test]
fn pressure_under_the_2026_edition_cites_the_section_not_a_number() {
    let (code, text) = check_report(&fixture("pressured-2026-edition.yaml"));
    assert_eq!(code, Some(0));
    assert!(text.contains("WARNING pressure"), "{text}");
    assert!(
        text.contains("the part on off-rolling and pressure on parents."),
        "{text}"
    );
    assert!(!text.contains("paragraph 52"), "{text}");
    assert!(!text.contains("“Managed moves”"), "{text}");
    // What was not verified is for `fairmove guidance`, not for a parent
    // reading a finding (browser review D15).
    assert!(!text.contains("not verified"), "{text}");
}

#[test]
fn a_blocked_letter_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letter.docx");
    draft_to(fixture("board-met.yaml"), &out)
        .code(3)
        .stderr(predicate::str::contains("did not write the letter"))
        .stderr(predicate::str::contains("the head cannot do"));
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn board_already_met_blocks_and_points_to_the_board() {
    fairmove()
        .arg("check")
        .arg(fixture("board-met.yaml"))
        .assert()
        .code(3)
        .stdout(predicate::str::contains("BLOCKS   board-has-met"))
        .stdout(predicate::str::contains(
            "make your case to the governing board",
        ));
}

#[test]
fn without_the_young_persons_consent_the_letter_asks_only_to_cancel() {
    fairmove()
        .arg("check")
        .arg(fixture("no-consent.yaml"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("NOTE     no-move-wanted"))
        .stdout(predicate::str::contains(
            "should be voluntary, so the letter does not ask for one",
        ));
}

#[test]
fn looked_after_ehcp_and_nothing_tried_give_notes_and_a_warning() {
    let (code, text) = check_report(&fixture("looked-after-ehcp-2024.yaml"));
    assert_eq!(code, Some(0));
    for want in [
        "WARNING nothing-tried-recorded",
        "WARNING board-unsure",
        "NOTE looked-after-child",
        "Alex Brown",
        "NOTE ehc-plan",
        "paragraph 50",
        "September 2023 edition, updated August 2024",
    ] {
        assert!(text.contains(want), "{want} missing from:\n{text}");
    }
    // Under the 2023 edition too a managed move is permanent (audit W1).
    assert!(text.contains("NOTE permanent-move"), "{text}");
    assert!(
        text.contains("guide for parents says schools should not use a trial period"),
        "{text}"
    );
}

#[test]
fn draft_writes_a_letter_whose_text_matches_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letter.docx");
    draft_to(example("withdraw-exclusion"), &out)
        .success()
        .stdout(predicate::str::contains("Wrote"));
    let text = fold(&docx_text(&out));
    for want in std::fs::read_to_string(fixture("expect/withdraw-exclusion.txt"))
        .unwrap()
        .lines()
    {
        if want.starts_with("Page ") {
            continue; // the footer is checked through LibreOffice
        }
        assert!(text.contains(&fold(want)), "{want:?} missing from:\n{text}");
    }
    // Described as permanent, never as a trial.
    assert!(text.contains("a permanent move to another school"));
    // Two A4 pages at most, checked through LibreOffice in tests/libreoffice.rs.
    assert!(text.contains("It is not a trial."));
    // The consent statement is there because the answers say so.
    assert!(text.contains("the school has not pressured or pushed us"));
}

#[test]
fn letter_under_the_2024_edition_cites_verified_paragraphs_and_quotes_part_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letter.docx");
    draft_to(fixture("looked-after-ehcp-2024.yaml"), &out).success();
    let text = fold(&docx_text(&out));
    // The citations are Word footnotes (issue 12): the edition, the
    // verified paragraph or section, and the law for the school's type.
    let notes = fold(&docx_part_text(
        &std::fs::read(&out).unwrap(),
        "word/footnotes.xml",
    ));
    for want in [
        "DfE, Suspension and permanent exclusion from maintained schools, academies and pupil referral units in England, including pupil movement (September 2023 edition, updated August 2024), paragraph 48.",
        "DfE exclusion guidance (September 2023 edition, updated August 2024), the section “Part one”.",
        "paragraph 50.",
        "Law: regulation 8A of the School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012",
        "Children Act 1989",
    ] {
        assert!(notes.contains(want), "{want:?} missing from the footnotes:\n{notes}");
    }
    assert!(!text.contains("(paragraph 48)"), "{text}");
    for want in [
        "“For the vast majority of pupils, suspensions and permanent exclusions may not be necessary",
        "Please involve the virtual school head and the social worker, Alex Brown,",
        "process for changing the EHC plan",
        "I have not seen a record of the support",
        "Northside Family Rights",
        // Five school days after Wednesday 8 July 2026.
        "Wednesday 15 July 2026",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    assert!(!text.contains("permanent transfer from the start"));

    // With --sources appendix the places are in brackets and listed at the
    // end; with none, neither.
    let out = dir.path().join("appendix.docx");
    fairmove()
        .arg("draft")
        .arg(fixture("looked-after-ehcp-2024.yaml"))
        .args(["--sources", "appendix", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = fold(&docx_text(&out));
    assert!(text.contains("(DfE guidance, paragraph 50)"), "{text}");
    let signed = text.find("Yours sincerely").expect("signed");
    let listed = text
        .find("Sources DfE, Suspension")
        .expect("the list of sources");
    assert!(listed > signed, "the list comes after the sign-off: {text}");
    assert!(
        text[listed..].contains("Pupils with special educational needs and EHC plans"),
        "{text}"
    );
    assert!(
        text.contains("(regulation 8A of the School Discipline"),
        "{text}"
    );
    let out = dir.path().join("none.md");
    fairmove()
        .arg("draft")
        .arg(fixture("looked-after-ehcp-2024.yaml"))
        .args(["--sources", "none", "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .success();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(
        !md.contains("[^") && !md.contains("paragraph 50") && !md.contains("## Sources"),
        "{md}"
    );
}

#[test]
fn every_document_citing_the_guidance_lists_its_sources_after_the_sign_off() {
    // Issue 17 item 6: --sources appendix kept its promise in 1 of 13.
    let mut paths: Vec<_> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.to_string_lossy().contains("term-dates"))
        .collect();
    paths.sort();
    for path in paths {
        let out = fairmove()
            .arg("draft")
            .arg(&path)
            .args(["--sources", "appendix", "--format", "md", "-o", "-"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", path.display());
        let md = String::from_utf8(out.stdout).unwrap();
        assert!(!md.contains("[^"), "{}: {md}", path.display());
        let Some(first) = md.find("(DfE guidance, ") else {
            assert!(!md.contains("## Sources"), "{}: {md}", path.display());
            continue;
        };
        let listed = md
            .rfind("\n## Sources\n")
            .unwrap_or_else(|| panic!("{}: places in brackets but no list: {md}", path.display()));
        assert!(listed > first, "{}", path.display());
        if let Some(signed) = md.find("Yours sincerely") {
            assert!(listed > signed, "{}: {md}", path.display());
        }
        // Each place in the text is in the list.
        for place in md[..listed].split("(DfE guidance, ").skip(1) {
            let place = place.split(')').next().unwrap();
            assert!(
                md[listed..].contains(&format!("({place})")),
                "{}: {place} not listed",
                path.display()
            );
        }
    }
}

#[test]
fn same_answers_give_identical_bytes_and_no_user_name() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.docx");
    let b = dir.path().join("b.docx");
    for p in [&a, &b] {
        draft_to(example("withdraw-exclusion"), p).success();
        std::thread::sleep(std::time::Duration::from_millis(1100));
    }
    let (x, y) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_eq!(x, y, "output differs between runs");
    let core = docx_part(&x, "docProps/core.xml");
    assert!(core.contains("<dc:title>Request to withdraw a permanent exclusion"));
    assert!(core.contains("<dc:creator>fairmove</dc:creator>"));
    for var in ["USER", "LOGNAME"] {
        if let Ok(user) = std::env::var(var) {
            if user.len() > 2 {
                for part in ["docProps/core.xml", "docProps/app.xml", "word/document.xml"] {
                    assert!(!docx_part(&x, part).contains(&user), "{var} in {part}");
                }
            }
        }
    }
}

#[test]
fn word_structure_has_styles_lists_and_a4_pages() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("l.docx");
    draft_to(example("withdraw-exclusion"), &out).success();
    let bytes = std::fs::read(&out).unwrap();
    let doc = docx_part(&bytes, "word/document.xml");
    assert!(doc.contains(r#"<w:pgSz w:w="11906" w:h="16838""#), "A4");
    assert!(doc.contains(r#"<w:pStyle w:val="DocumentTitle"/>"#));
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1"/>"#));
    // The numbered request list and the two bulleted lists (what was tried,
    // what the head must do on withdrawing) are separate instances.
    let lists: std::collections::BTreeSet<_> = doc
        .match_indices("<w:numId w:val=\"")
        .map(|(i, _)| doc[i + 16..].split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(lists.len(), 3, "{lists:?}");
    // Citations are footnotes, with their own part.
    assert!(doc.contains("<w:footnoteReference"), "footnotes");
    assert!(docx_part(&bytes, "word/footnotes.xml").contains("regulation 26A"));
    let styles = docx_part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"<w:name w:val="heading 1"/>"#));
    let footer = docx_part(&bytes, "word/footer1.xml");
    assert!(footer.contains("PAGE"), "page numbers in the footer");
}

#[test]
fn existing_output_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("letter.docx");
    std::fs::write(&out, "my own file").unwrap();
    draft_to(example("withdraw-exclusion"), &out)
        .code(1)
        .stderr(predicate::str::contains("already exists"))
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my own file");
    fairmove()
        .arg("draft")
        .arg(example("withdraw-exclusion"))
        .arg("-o")
        .arg(&out)
        .arg("--force")
        .assert()
        .success();
    assert!(docx_text(&out).contains("Jordan Okafor"));
}

#[test]
fn default_output_name_never_replaces_an_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("withdraw-exclusion-2026-11-23.docx"),
        "mine",
    )
    .unwrap();
    fairmove()
        .current_dir(dir.path())
        .arg("draft")
        .arg(example("withdraw-exclusion"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "withdraw-exclusion-2026-11-23-2.docx",
        ));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("withdraw-exclusion-2026-11-23.docx")).unwrap(),
        "mine"
    );
}

#[test]
fn malformed_yaml_names_file_line_and_column() {
    fairmove()
        .arg("check")
        .arg(fixture("malformed.yaml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("malformed.yaml, line "))
        .stderr(predicate::str::contains("column"))
        .stderr(predicate::str::contains("not a valid answers file"));
}

#[test]
fn unknown_field_is_named_with_the_nearest_known_one() {
    fairmove()
        .arg("check")
        .arg(fixture("unknown-field.yaml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 8, column 1, field `exclusoin_date`",
        ))
        .stderr(predicate::str::contains("Did you mean `exclusion_date`?"));
}

#[test]
fn several_missing_answers_are_listed_at_once() {
    let out = fairmove()
        .arg("check")
        .arg(fixture("missing-several.yaml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    for id in [
        "sender_role",
        "pupil_name",
        "school_name",
        "headteacher_name",
        "young_person_agrees",
        "pr_agreement",
        "school_pressured",
        "board_meeting_started",
        "looked_after",
        "ehc_plan",
    ] {
        assert!(
            err.contains(&format!("field `{id}`: missing a required answer")),
            "{id}:\n{err}"
        );
    }
    // The school's type and the exclusion's reason are details now (issue
    // 16 item 8), so not demanded.
    assert!(!err.contains("field `school_type`"), "{err}");
    assert!(!err.contains("field `exclusion_reason`"), "{err}");
    assert!(err.contains("10 problems"), "{err}");
    // Optional and irrelevant questions are not demanded.
    assert!(!err.contains("`sender_organisation`"));
    assert!(!err.contains("`pressure_details`"));
}

#[test]
fn invalid_date_says_how_to_write_one() {
    fairmove()
        .arg("check")
        .arg(fixture("invalid-date.yaml"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "line 8, column 17, field `exclusion_date`",
        ))
        .stderr(predicate::str::contains("\"31/02/2026\" is not a date"))
        .stderr(predicate::str::contains(
            "2026-11-10, 10/11/2026 (day first)",
        ));
}

#[test]
fn hostile_answers_come_out_literally() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("h.docx");
    draft_to(fixture("hostile.yaml"), &out)
        .success()
        .stdout(predicate::str::contains(
            "invisible control or text-direction character was removed",
        ));
    // The form feed became a line break: compare with whitespace folded.
    let text = fold(&docx_text(&out));
    for want in [
        "Zoë Ní Bhriain",
        "Flat 2 & 3 <w:t>evil</w:t> Road London",
        "Łukasz *Nowak* {{ pupil }} عائشة",
        "Siobhán's [School](http://x.example) # 1",
        "Mr O'Brien | {% raw %}",
        "Said \"no\" & walked out <b>twice</b>",
        "- not a list",
        "1. not numbered",
        "_underscored_ & `code`",
        "a footnote [^last-resort] and [^x]: y",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    let doc = docx_part(&std::fs::read(&out).unwrap(), "word/document.xml");
    assert!(
        !doc.contains('\u{7}') && !doc.contains('\u{c}'),
        "control characters in XML"
    );
}

#[test]
fn markdown_output_for_review() {
    let out = fairmove()
        .args(["draft", "--format", "md", "-o", "-"])
        .arg(example("withdraw-exclusion"))
        .output()
        .unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(
        "withdraw_exclusion_markdown",
        String::from_utf8(out.stdout).unwrap()
    );
}

#[test]
fn docx_text_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("l.docx");
    draft_to(example("withdraw-exclusion"), &out).success();
    insta::assert_snapshot!("withdraw_exclusion_docx_text", docx_text(&out));
}

#[test]
fn a_data_directory_overrides_the_wording_without_recompiling() {
    let dir = tempfile::tempdir().unwrap();
    let tdir = dir.path().join("templates/withdraw-exclusion");
    std::fs::create_dir_all(&tdir).unwrap();
    std::fs::write(
        tdir.join("template.md"),
        "# Local wording\n\nDear {{ headteacher_name }}, about {{ pupil_name }}.\n",
    )
    .unwrap();
    let out = dir.path().join("l.md");
    fairmove()
        .arg("--data")
        .arg(dir.path())
        .args(["draft", "--format", "md", "-o"])
        .arg(&out)
        .arg(example("withdraw-exclusion"))
        .assert()
        .success();
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("# Local wording"));
    assert!(md.contains("Dear Ms Patel, about Jordan Okafor."));
}

#[test]
fn guidance_shows_edition_paragraph_quotation_and_source() {
    fairmove()
        .args(["guidance", "managed-moves-pressure"])
        .assert()
        .success()
        .stdout(predicate::str::contains("paragraph 52"))
        .stdout(predicate::str::contains(
            "September 2023 edition, updated August 2024",
        ))
        .stdout(predicate::str::contains("Quotation: “If a parent believes"))
        .stdout(predicate::str::contains(
            "https://www.gov.uk/government/publications/school-exclusion",
        ))
        .stdout(predicate::str::contains(
            "the part on off-rolling and pressure on parents (heading and paragraph number not verified)",
        ));
    fairmove()
        .arg("guidance")
        .assert()
        .success()
        .stdout(predicate::str::contains("2026-07"))
        .stdout(predicate::str::contains("cancelling-exclusions"));
    fairmove()
        .args(["guidance", "presure"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no guidance topic, edition, law or protocol called `presure`",
        ));
}

#[test]
fn quotations_are_word_for_word_from_the_checked_source() {
    // Every quotation in guidance/ must appear in the source it names.
    let seed = root().join("../shared/seeds/asking-headteacher-to-consider-managed-move.txt");
    let seed = std::fs::read_to_string(&seed)
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (../shared must sit beside the project)",
                seed.display()
            )
        })
        .replace("suspensions1", "suspensions");
    let seed = fold(&seed);
    let g = fairmove::law::guidance::Guidance::load(&fairmove::base::data::DataSource::builtin())
        .unwrap();
    let mut checked = 0;
    for e in &g.editions {
        for p in &e.paragraphs {
            if let Some(q) = &p.quotation {
                assert!(
                    seed.contains(&fold(q)),
                    "{} {}: quotation not found in the seed",
                    e.id,
                    p.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 4);
}

#[test]
fn a_today_that_is_not_a_date_is_explained() {
    fairmove()
        .args(["--today", "tomorrow", "documents"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "--today \"tomorrow\" is not a date",
        ));
}

#[test]
fn every_document_has_an_example_that_checks_and_drafts() {
    let ids = fairmove::documents::document::list_ids(&fairmove::base::data::DataSource::builtin())
        .unwrap();
    assert!(ids.len() >= 5, "{ids:?}");
    let dir = tempfile::tempdir().unwrap();
    for id in ids {
        let out = dir.path().join(format!("{id}.docx"));
        fairmove().arg("check").arg(example(&id)).assert().success();
        draft_to(example(&id), &out).success();
        let text = fold(&docx_text(&out));
        for want in std::fs::read_to_string(fixture(&format!("expect/{id}.txt")))
            .unwrap()
            .lines()
        {
            if !want.starts_with("Page ") && !want.trim().is_empty() {
                assert!(
                    text.contains(&fold(want)),
                    "{id}: {want:?} missing from:\n{text}"
                );
            }
        }
    }
}

#[test]
fn a_passed_review_deadline_is_reported_plainly() {
    let (code, text) = check_report(&fixture("review-late.yaml"));
    assert_eq!(code, Some(0));
    assert!(text.contains("KEY DATE deadline-passed"), "{text}");
    assert!(
        text.contains("The last day to apply was Monday 2 November 2026"),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("late.docx");
    draft_to(fixture("review-late.yaml"), &docx).success();
    assert!(fold(&docx_text(&docx))
        .contains("I know that the time limit, Monday 2 November 2026, has passed."));
}

#[test]
fn a_close_deadline_is_flagged() {
    fairmove()
        .arg("check")
        .arg(example("review-panel-request"))
        .assert()
        .success()
        .stdout(predicate::str::contains("KEY DATE deadline-close"))
        .stdout(predicate::str::contains("is the last day"));
}

#[test]
fn a_board_meeting_outside_the_15_day_window_is_a_note_when_the_count_is_an_estimate() {
    // Counted from the exclusion date and without term dates: the board may
    // not be late at all, so the parent is told it is an estimate (audit W11).
    let (_, text) = check_report(&fixture("governors-late-meeting.yaml"));
    assert!(
        text.contains("NOTE meeting-may-be-outside-window"),
        "{text}"
    );
    assert!(!text.contains("WARNING meeting-outside-window"), "{text}");
    assert!(
        text.contains("after 7 December 2026, fairmove's estimate"),
        "{text}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("g.docx");
    draft_to(fixture("governors-late-meeting.yaml"), &out).success();
    let letter = fold(&docx_text(&out));
    assert!(
        letter.contains("I estimate that is by Monday 7 December 2026"),
        "{letter}"
    );
    assert!(!letter.contains("Please explain the delay"), "{letter}");
}

#[test]
fn a_board_meeting_outside_the_15_day_window_is_warned_when_the_count_is_sure() {
    // The board's notice date is known and the term dates are loaded; check
    // and draft use the same calendar.
    let terms = root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
    let out = fairmove()
        .arg("--terms")
        .arg(&terms)
        .arg("check")
        .arg(fixture("governors-late-meeting-known.yaml"))
        .output()
        .unwrap();
    let text = fold(&String::from_utf8(out.stdout).unwrap());
    assert!(text.contains("WARNING meeting-outside-window"), "{text}");
    assert!(text.contains("Shinfield St Mary's"), "{text}");
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("g.docx");
    fairmove()
        .arg("--terms")
        .arg(&terms)
        .arg("draft")
        .arg(fixture("governors-late-meeting-known.yaml"))
        .arg("-o")
        .arg(&docx)
        .assert()
        .success();
    assert!(fold(&docx_text(&docx)).contains("Please explain the delay"));
}

#[test]
fn findings_point_to_the_next_useful_document() {
    let (_, text) = check_report(&fixture("pressured-2026-edition.yaml"));
    assert!(
        text.contains("Next step: Complaint about pressure to accept a managed move or to leave the school (run `fairmove questions pressure-complaint`)"),
        "{text}"
    );
    let (_, text) = check_report(&fixture("board-met.yaml"));
    assert!(
        text.contains("run `fairmove questions governors-representations`"),
        "{text}"
    );
}

#[test]
fn dates_counts_school_days_and_writes_a_calendar_file() {
    let dir = tempfile::tempdir().unwrap();
    let ics = dir.path().join("dates.ics");
    let out = fairmove()
        .args([
            "dates",
            "--exclusion",
            "16/11/2026",
            "--exclusion-start",
            "17/11/2026",
            "--board-decision-written",
            "2026-12-10",
            "--ics",
        ])
        .arg(&ics)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = fold(&String::from_utf8(out.stdout).unwrap());
    for want in [
        "Tuesday 24 November 2026 in 1 school day Sixth school day",
        "Thursday 31 December 2026 in 26 school days Last day to post the application by first class post",
        "Monday 7 December 2026 in 10 school days Last day for the governing board",
        "Tuesday 5 January 2027",
        "were not taken into account",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    let cal = std::fs::read_to_string(&ics).unwrap();
    assert!(cal.contains("DTSTART;VALUE=DATE:20261207"));
    assert!(cal.contains("DTSTART;VALUE=DATE:20270105"));
    // Not replaced without --force.
    fairmove()
        .args(["dates", "--exclusion", "2026-11-16", "--ics"])
        .arg(&ics)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
}

#[test]
fn dates_with_term_dates_skip_holidays_and_report_passed_deadlines() {
    let out = fairmove()
        .arg("--terms")
        .arg(root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml"))
        .args([
            "dates",
            "--board-decision",
            "2026-12-10",
            "--exclusion",
            "2026-10-01",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = fold(&String::from_utf8(out.stdout).unwrap());
    // 11-18 Dec is 6 school days; the term restarts Tue 5 Jan after INSET on the 4th.
    assert!(text.contains("Friday 15 January 2027"), "{text}");
    assert!(text.contains("PASSED"), "{text}");
    assert!(text.contains("This date has passed"), "{text}");
    assert!(
        text.contains("Shinfield St Mary's Junior School 2026-27 term dates"),
        "{text}"
    );
}

#[test]
fn interview_without_a_terminal_says_what_to_do_instead() {
    // stdin is a pipe here, as in CI: no hang, no panic, a clear way on.
    let out = fairmove()
        .arg("interview")
        .arg("withdraw-exclusion")
        .write_stdin("Sam\n")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .failure()
        .code(1);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(
        err.contains("fairmove questions withdraw-exclusion > answers.yaml"),
        "{err}"
    );
    assert!(err.contains("fairmove draft answers.yaml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn answers_read_as_people_type_them() {
    // A single line break is a space (the person's text wrapped); a blank
    // line starts a new paragraph, inside the quotation too (issue 12).
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("a.yaml");
    let text = std::fs::read_to_string(example("withdraw-exclusion"))
        .unwrap()
        .replace(
            "fresh_start_reason: |\n  Jordan does well in small groups and wants a school nearer home,\n  where he can make a new start.\n",
            "fresh_start_reason: |\n  Jordan does well in small groups\n  and wants a school nearer home.\n\n  He has friends at Hillcrest.\n",
        );
    assert!(text.contains("He has friends"), "the example changed");
    std::fs::write(&answers, text).unwrap();
    let out = dir.path().join("l.docx");
    draft_to(&answers, &out).success();
    let text = docx_text(&out);
    assert!(
        text.contains("\nJordan does well in small groups and wants a school nearer home.\nHe has friends at Hillcrest.\n"),
        "{text}"
    );
    let doc = docx_part(&std::fs::read(&out).unwrap(), "word/document.xml");
    assert!(!doc.contains('\u{2029}'));
}

#[test]
fn a_review_copy_explains_each_paragraph_in_word_comments() {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.docx");
    fairmove()
        .arg("draft")
        .arg(example("withdraw-exclusion"))
        .args(["--review", "-o"])
        .arg(&review)
        .assert()
        .success();
    let bytes = std::fs::read(&review).unwrap();
    let doc = docx_part(&bytes, "word/document.xml");
    let comments = fold(&docx_part_text(&bytes, "word/comments.xml"));
    let starts = doc.matches("<w:commentRangeStart").count();
    assert!(starts >= 8, "only {starts} comments");
    assert_eq!(starts, doc.matches("<w:commentRangeEnd").count());
    for want in [
        // Every finding, at the top.
        "What the checks found (fairmove check):",
        "KEY DATE: The letter asks for a reply by Monday 30 November 2026.",
        // The answers a paragraph came from.
        "From the answers: What reason did the school give for the exclusion? Persistent disruptive behaviour in lessons",
        "What did the school try before it excluded? List each thing. Leave it empty if you do not know of anything. A pastoral support plan from September",
        // The guidance and the law behind it.
        "Rests on: The headteacher can cancel (withdraw) an exclusion: DfE exclusion guidance (edition in force from 26 July 2026), the part on cancelling an exclusion",
        "Law: School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012",
    ] {
        assert!(comments.contains(want), "{want:?} not in the comments:\n{comments}");
    }
    assert!(docx_part(&bytes, "word/comments.xml").contains(r#"w:author="fairmove""#));
    // The same answers give the same review copy; the ordinary draft has no
    // comments at all.
    let again = dir.path().join("again.docx");
    fairmove()
        .arg("draft")
        .arg(example("withdraw-exclusion"))
        .args(["--review", "-o"])
        .arg(&again)
        .assert()
        .success();
    assert_eq!(bytes, std::fs::read(&again).unwrap());
    let plain = dir.path().join("plain.docx");
    draft_to(example("withdraw-exclusion"), &plain).success();
    let plain_doc = docx_part(&std::fs::read(&plain).unwrap(), "word/document.xml");
    assert!(!plain_doc.contains("commentRange"));
    // Comments need a Word document.
    fairmove()
        .arg("draft")
        .arg(example("withdraw-exclusion"))
        .args(["--review", "--format", "md", "-o", "-"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("needs --format docx"));
}

/// A heading is a line of its own: a template's whitespace control once
/// joined "The board's meeting" and the deadline sentence after it into one
/// heading in the governing board letter.
#[test]
fn every_heading_stands_apart_from_the_text_after_it() {
    let ids = fairmove::documents::document::list_ids(&fairmove::base::data::DataSource::builtin())
        .unwrap();
    for id in ids {
        let out = fairmove()
            .arg("draft")
            .arg(example(&id))
            .args(["--format", "md", "-o", "-"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{id}");
        let md = String::from_utf8(out.stdout).unwrap();
        let lines: Vec<&str> = md.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if line.starts_with('#') {
                let next = lines.get(i + 1).copied().unwrap_or("");
                assert!(
                    next.trim().is_empty(),
                    "{id}: the heading on line {} runs into the next line:\n{line}\n{next}",
                    i + 1
                );
                assert!(
                    !line.contains(". ") || line.starts_with("# "),
                    "{id}: a sentence inside a heading on line {}:\n{line}",
                    i + 1
                );
            }
        }
    }
}

#[test]
fn the_deadline_that_matters_most_comes_first_after_anything_that_blocks() {
    // Browser review D9: the last day to apply was the fifth note of six.
    let (_, report) = check_report(&example("review-panel-request"));
    let first = report.split("Guidance applied").nth(1).unwrap();
    let first = first.split_once(". ").map(|x| x.1).unwrap_or(first);
    let order = ["deadline-close", "review-dates", "sen-expert"];
    let pos: Vec<usize> = order.iter().map(|r| first.find(r).unwrap()).collect();
    assert!(pos[0] < pos[1] && pos[1] < pos[2], "{report}");
}

#[test]
fn an_address_keeps_its_lines() {
    // Browser review D4: "Line one\nLine two" came out as one line.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("separation-confirmation"))
        .unwrap()
        .replace(
            "sender_contact: \"3 Orchard Close, Leeds LS8 2PQ. Phone 07700 900456\"",
            "sender_contact: \"3 Orchard Close\\nLeeds LS8 2PQ\\nPhone 07700 900456\"",
        );
    let p = dir.path().join("a.yaml");
    std::fs::write(&p, text).unwrap();
    let out = fairmove()
        .arg("draft")
        .arg(&p)
        .args(["--format", "md", "-o", "-"])
        .output()
        .unwrap();
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.contains("3 Orchard Close\\\nLeeds LS8 2PQ\\\nPhone 07700 900456"),
        "{md}"
    );
}

#[test]
fn an_adviser_writes_to_the_board_for_the_family_and_the_next_step_is_named() {
    // Browser review D11, D12; terminal T8, T9.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("governors-representations")).unwrap();
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("sender_role:") {
                "sender_role: advocate\nsender_organisation: Hillside Families Advice\nfamily_name: Dionne Clarke\nlooked_after: yes\nehc_plan: yes\npressure_account: The deputy head said find another school or he would be excluded.".to_string()
            } else if l.starts_with("pressured:") {
                "pressured: yes".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let p = dir.path().join("g.yaml");
    std::fs::write(&p, text).unwrap();
    let md = draft_markdown(&p, None);
    assert!(!md.contains("I am the parent"), "{md}");
    assert!(
        md.contains("I am helping Dionne Clarke, who looks after"),
        "{md}"
    );
    assert!(
        md.contains("with me as their representative") || md.contains("The family will not attend"),
        "{md}"
    );
    assert!(md.contains("Please invite the virtual school head"), "{md}");
    assert!(md.contains("## Pressure to leave the school"), "{md}");
    assert!(md.contains("## Education, health and care plan"), "{md}");
    let (_, report) = check_report(&p);
    assert!(report.contains("NOTE after-the-meeting"), "{report}");
    assert!(
        report.contains("within 15 school days after the day they are given"),
        "{report}"
    );
    assert!(report.contains("NOTE pressure-told"), "{report}");
}

#[test]
fn a_pressure_complaint_with_a_live_exclusion_points_to_the_head_and_the_deadline() {
    // Terminal review T7.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("pressure-complaint")).unwrap()
        + "\nexcluded: permanent\nexclusion_date: 2026-11-16\n";
    let p = dir.path().join("p.yaml");
    std::fs::write(&p, text).unwrap();
    let (_, report) = check_report(&p);
    assert!(
        report.contains("WARNING, KEY DATE permanent-exclusion-live"),
        "{report}"
    );
    assert!(
        report.contains("by about Monday 7 December 2026 (an estimate)"),
        "{report}"
    );
    // It is the deadline, so it comes first.
    let after = report.split("Guidance applied").nth(1).unwrap();
    assert!(
        after
            .trim_start()
            .split_once(". ")
            .unwrap()
            .1
            .trim_start()
            .starts_with("WARNING, KEY DATE permanent-exclusion-live"),
        "{report}"
    );
}

#[test]
fn every_document_can_be_suggested_and_its_related_documents_exist() {
    let data = fairmove::base::data::DataSource::builtin();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    for id in fairmove::documents::document::list_ids(&data).unwrap() {
        let engine = fairmove::Engine::load(&data, &id).unwrap();
        let s = fairmove::frontends::flow::suggestion(&engine, &data, today).unwrap();
        assert!(s.questions > 0, "{id}");
        for r in &s.related {
            assert_ne!(r.id, id, "{id} relates to itself");
            assert!(!r.note.is_empty(), "{id}");
        }
    }
}

#[test]
fn posted_letters_greet_by_title_and_surname_and_carry_the_address_given() {
    // Issue 17 item 3 (review R1, R2; terminal review T17).
    let dir = tempfile::tempdir().unwrap();
    let address = "school_address: |\n  Mill Road\n  Bristol BS1 5TR\n";
    for (id, extra, greeting, top) in [
        (
            "withdraw-exclusion",
            "headteacher_name: Mr David Clarke\n",
            "Dear Mr Clarke,",
            "Riverside Academy\\ Mill Road\\ Bristol BS1 5TR",
        ),
        (
            "pressure-complaint",
            "chair_name: Mrs Joan van der Berg\n",
            "Dear Mrs van der Berg,",
            "Hillview School\\ Mill Road\\ Bristol BS1 5TR",
        ),
        (
            "governors-representations",
            "",
            "Dear Members of the Governing Board,",
            "Riverside Academy\\ Mill Road\\ Bristol BS1 5TR",
        ),
    ] {
        let mut text = std::fs::read_to_string(example(id)).unwrap();
        text = text
            .lines()
            .filter(|l| !l.starts_with("headteacher_name:") || extra.is_empty())
            .filter(|l| !l.starts_with("chair_name:") || extra.is_empty())
            .collect::<Vec<_>>()
            .join("\n");
        let path = dir.path().join(format!("{id}.yaml"));
        std::fs::write(&path, format!("{text}\n{extra}{address}")).unwrap();
        let md = draft_markdown(&path, None);
        assert!(md.contains(greeting), "{id}: {md}");
        assert!(md.contains(top), "{id}: {md}");
        assert!(!md.contains("Dear Mr David"), "{id}: {md}");
    }
}

#[test]
fn an_advocates_organisation_is_printed_once_in_the_sender_block() {
    // Review R8: the organisation came out twice when the typed contact
    // starts with it.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(example("governors-representations"))
        .unwrap()
        .replace(
            "sender_role: parent\n",
            "sender_role: advocate\nsender_organisation: Hillside Families Advice\nfamily_name: Mrs Okafor\n",
        );
    for (contact, times) in [
        ("Hillside Families Advice, 3 Hill St, Bristol BS2 1AA", 1),
        ("3 Hill St, Bristol BS2 1AA", 1),
    ] {
        let lines: Vec<String> = text
            .lines()
            .map(|l| {
                if l.starts_with("sender_contact:") {
                    format!("sender_contact: \"{contact}\"")
                } else {
                    l.to_string()
                }
            })
            .collect();
        let path = dir.path().join("g.yaml");
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
        let md = draft_markdown(&path, None);
        let head = md.split("Dear").next().unwrap();
        assert_eq!(
            head.matches("Hillside Families Advice").count(),
            times,
            "{head}"
        );
        assert!(head.contains(contact), "{head}");
    }
}

#[test]
fn term_dates_kept_in_the_answers_file_count_the_dates_as_terms_does() {
    // Browser review B9: the term dates travel with the answers.
    let dir = tempfile::tempdir().unwrap();
    let terms = root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
    let mut text = std::fs::read_to_string(example("move-agreement")).unwrap();
    text.push_str("term_dates: |\n");
    for line in std::fs::read_to_string(&terms).unwrap().lines() {
        text.push_str(&format!("  {line}\n"));
    }
    let with = dir.path().join("with-terms.yaml");
    std::fs::write(&with, &text).unwrap();
    let draft = |answers: &std::path::Path, flag: Option<&std::path::Path>, out: &str| {
        let mut c = fairmove_for(answers);
        if let Some(f) = flag {
            c.arg("--terms").arg(f);
        }
        let o = c
            .args(["draft", "--format", "md", "-o"])
            .arg(dir.path().join(out))
            .arg(answers)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        (
            std::fs::read_to_string(dir.path().join(out)).unwrap(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let (kept, _) = draft(&with, None, "kept.md");
    let (flag, _) = draft(&example("move-agreement"), Some(&terms), "flag.md");
    let (none, _) = draft(&example("move-agreement"), None, "none.md");
    assert_eq!(kept, flag);
    assert_ne!(kept, none, "the kept term dates changed nothing");
    // --terms given as well wins, and says so.
    let (_, said) = draft(&with, Some(&terms), "both.md");
    assert!(said.contains("--terms are used, not those in"), "{said}");

    // Written as a nested mapping instead of a block of text, or wrong
    // inside: the file, the line and the field are named.
    let mut nested = std::fs::read_to_string(example("move-agreement")).unwrap();
    nested.push_str("term_dates:\n  name: Hillcrest\n");
    let bad = dir.path().join("nested.yaml");
    std::fs::write(&bad, &nested).unwrap();
    let line = nested.lines().count() - 1;
    let o = fairmove_for(&bad).arg("check").arg(&bad).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("nested.yaml, line {line}, `term_dates`"))
            && err.contains("block of text"),
        "{err}"
    );
    let wrong = text.replace("    end: 2026-12-18", "    end: 18th Dec");
    std::fs::write(&bad, &wrong).unwrap();
    let o = fairmove_for(&bad).arg("check").arg(&bad).output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("`term_dates`"), "{err}");
}
