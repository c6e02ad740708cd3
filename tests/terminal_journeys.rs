//! The four journeys of the terminal review (../shared/reviews/
//! terminal-journeys.md), each typed into the real binary in a
//! pseudo-terminal (rexpect) from "What is happening?" to the written
//! document and the next step: the document suggested, nothing blocking
//! the person's real aim, the sender's role in the letter, the deadline
//! shown first among the findings, and the next step offered as a choice.

mod common;

use common::*;
use rexpect::session::{spawn_command, PtySession};
use std::path::Path;
use std::process::Command;

const ENTER: &str = "\r";
const DOWN: &str = "\x1b[B";

/// `fairmove ARGS` in a 100x40 pseudo-terminal in `dir`.
fn start(dir: &Path, args: &str) -> Keys {
    start_in(dir, args, "xterm")
}

/// As [`start`], in a terminal of type `term`.
fn start_in(dir: &Path, args: &str, term: &str) -> Keys {
    let bin = assert_cmd::cargo::cargo_bin("fairmove");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("stty cols 100 rows 40 && exec \"$0\" {args}"))
        .arg(bin)
        .current_dir(dir)
        .env("FAIRMOVE_TODAY", "2026-11-23")
        .env("TERM", term)
        .env_remove("FAIRMOVE_DATA");
    Keys(spawn_command(cmd, Some(20_000)).expect("the interview starts in a pseudo-terminal"))
}

struct Keys(PtySession);

impl Keys {
    /// Waits for `text` on the screen; returns what came before it.
    fn see(&mut self, text: &str) -> String {
        match self.0.exp_string(text) {
            Ok(before) => before,
            Err(e) => panic!("did not see {text:?}: {e}"),
        }
    }
    fn keys(&mut self, keys: &str) -> &mut Self {
        self.0.send(keys).unwrap();
        self.0.flush().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(120));
        self
    }
    /// Waits for the prompt `ask`, then types `text` and Enter.
    fn answer(&mut self, ask: &str, text: &str) -> &mut Self {
        self.see(ask);
        self.keys(text).keys(ENTER)
    }
    /// Waits for the prompt `ask`, moves down `n` choices and picks.
    fn pick(&mut self, ask: &str, n: usize) -> &mut Self {
        self.see(ask);
        self.keys(&DOWN.repeat(n)).keys(ENTER)
    }
    /// Waits for a menu `ask`, types a filter and picks the first match.
    fn choose(&mut self, ask: &str, filter: &str) -> &mut Self {
        self.see(ask);
        self.keys(filter).keys(ENTER)
    }
}

// Yes/no prompts start on neither answer: one Down is Yes, two are No.
const YES: usize = 1;
const NO: usize = 2;

/// The findings printed before "Write the letter?": returns them.
fn findings(k: &mut Keys) -> String {
    k.see("Is everything right?");
    k.keys(ENTER); // Go on
    k.see("Write the")
}

#[test]
fn a_mother_asks_the_head_to_cancel_though_her_son_does_not_want_a_move() {
    // Journey A2: blocked before (the son did not want a move).
    let dir = tempfile::tempdir().unwrap();
    let mut k = start(dir.path(), "interview");
    k.choose("What is happening?", "find another way");
    let shown = k.see("What would you like to do?");
    assert!(
        shown.contains("Request to withdraw a permanent exclusion"),
        "{shown}"
    );
    k.keys(ENTER); // Start
    k.answer("What is your full name?", "Amina Hassan")
        .answer("Who are you writing as?", "")
        // A wrong start, then Ctrl-U (0x15) clears the line (review T11:
        // it typed "u").
        .answer(
            "How can the school reach you?",
            "Leeds\x1514 Crown Street, Leeds LS2 7DJ",
        )
        .answer("full name", "Yusuf Hassan")
        .answer("name of the school", "Riverside Academy")
        .answer("headteacher's name", "Mr Brown")
        .answer("decide to exclude", "20/11/2026")
        .pick("social worker", NO)
        .pick("legal say over your child", 2) // Not sure yet
        .pick("young person want", 3) // No
        .pick("push or pressure", NO)
        .pick("board of governors met yet", 1) // not started
        .answer("governors' meeting", "")
        .answer("Item 1:", "A report card")
        .answer("Item 2:", "")
        .pick("education, health and care plan", NO);
    let found = findings(&mut k);
    assert!(!found.contains("cannot be written"), "{found}");
    assert!(found.contains("does not want"), "{found}");
    k.keys(ENTER); // Write it now
    k.see("Your letter is ready: withdraw-exclusion-");
    k.see("What helps next?");
    let next = k.see("Finish here");
    assert!(next.contains("Written representations"), "{next}");
    k.keys(ENTER); // Start the board letter, answers carried over
    k.see("already have an answer");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().unwrap();

    let letter = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .expect("the letter is written");
    let text = fold(&docx_text(&letter));
    assert!(text.contains("I am Yusuf Hassan's parent"), "{text}");
    assert!(
        text.contains("14 Crown Street, Leeds LS2 7DJ") && !text.contains("Leeds14"),
        "Ctrl-U clears the line: {text}"
    );
    assert!(
        text.contains("withdraw (cancel) the permanent exclusion"),
        "{text}"
    );
    assert!(
        !text.contains("managed move to another school instead"),
        "{text}"
    );
    assert!(!text.contains("We agree"), "{text}");
}

#[test]
fn a_foster_carer_applies_for_a_review_in_time() {
    // Journey B: the letter said nothing of the child being in care.
    let dir = tempfile::tempdir().unwrap();
    let mut k = start(dir.path(), "interview");
    k.choose("What is happening?", "decided not to take my child back");
    let shown = k.see("What would you like to do?");
    assert!(shown.contains("independent review"), "{shown}");
    k.keys(ENTER);
    k.answer("What is your full name?", "Patricia Okoro")
        .pick("Who are you applying as?", 1) // foster carer
        .answer("How can", "7 Elm Road, Bristol BS2 9AA")
        .answer("full name", "Daniel Mensah")
        .answer("date of birth", "14/03/2012")
        .answer("name of the school", "Riverside Academy")
        .pick("What kind of school is it?", 1) // academy
        // A foster carer's child is in care: not asked again (issue 24).
        // "Yes, Alex Brown" answers a question not asked (terminal K1):
        // refused at once, never printed.
        .answer("social worker's name?", "Yes, Alex Brown");
    k.see("word for word");
    k.keys(&"\x7f".repeat(20))
        .keys("Alex Brown")
        .keys(ENTER)
        .answer(
            "Who arranges",
            "Riverside Learning Trust, Clerk to independent review panels",
        )
        .answer("decide to exclude", "9/11/2026")
        .answer("in writing", "20/11/2026")
        .pick("or the date printed on the letter?", 0) // the day given
        .answer("Item 1:", "The school did not try the support in the plan")
        .answer("Item 2:", "")
        .pick("SEN expert", NO)
        .pick("treated worse", NO)
        .pick("attend the review", 0);
    let found = findings(&mut k);
    assert!(!found.contains("cannot be written"), "{found}");
    // The deadline comes first among the findings: the first one printed
    // gives the last day to apply.
    let list = &found[found.find("read these:").expect(&found)..];
    let first = list.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(first.contains("review-dates"), "{list}");
    assert!(first.contains("Friday 11 December 2026"), "{list}");
    k.keys(ENTER);
    k.see("is ready: review-panel-request-");
    // What to send, to whom and by when, on the last screen (K3).
    let now = fold(&k.see("What helps next?"));
    assert!(now.contains("What to do now: Send it to"), "{now}");
    assert!(
        now.contains("It must arrive by Friday 11 December 2026"),
        "{now}"
    );
    assert!(
        now.contains("post it by Wednesday 9 December 2026"),
        "{now}"
    );
    let next = k.see("Finish here");
    assert!(next.contains("evidence"), "{next}");
    k.keys("Finish").keys(ENTER);
    k.0.exp_eof().unwrap();
    let letter = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    let text = fold(&docx_text(&letter));
    assert!(text.contains("foster carer"), "{text}");
    assert!(text.contains("virtual school head"), "{text}");
    assert!(text.contains("social worker, Alex Brown,"), "{text}");
    assert!(!text.contains("Yes,"), "{text}");
    assert!(!text.contains("I am the parent"), "{text}");
}

#[test]
fn a_future_exclusion_date_is_refused_at_its_own_question() {
    // Journey C: caught 23 questions later before.
    let dir = tempfile::tempdir().unwrap();
    let mut k = start(dir.path(), "interview withdraw-exclusion");
    k.answer("What is your full name?", "Sam Okafor")
        .answer("Who are you writing as?", "")
        .answer("How can the school reach you?", "12 Mill Lane")
        .answer("full name", "Jordan Okafor")
        .answer("name of the school", "Riverside Academy")
        .answer("headteacher's name", "Ms Patel")
        .answer("decide to exclude", "15/12/2026");
    k.see("That date is after today");
    k.keys(&"\x7f".repeat(10)).keys("16/11/2026").keys(ENTER);
    k.see("16 November 2026");
    k.pick("social worker", NO);
    k.0.send_control('c').unwrap();
    k.see("Stopped. Your answers so far are saved in");
    k.0.exp_eof().unwrap();
    let saved = std::fs::read_to_string(
        dir.path()
            .join("withdraw-exclusion-answers-2026-11-23.yaml"),
    )
    .unwrap();
    let line = saved
        .lines()
        .find(|l| l.starts_with("exclusion_date:"))
        .unwrap_or_default();
    assert!(
        line.contains("16") && line.contains("11") && line.contains("2026"),
        "{saved}"
    );
    assert!(!saved.contains("15/12/2026"), "{saved}");
}

#[test]
fn a_school_records_consent_and_carries_it_into_the_agreement() {
    // Journey D, and D22: the agreement started with nothing carried over.
    let dir = tempfile::tempdir().unwrap();
    let mut k = start(dir.path(), "interview");
    k.choose("What is happening?", "record a parent's consent");
    let shown = k.see("What would you like to do?");
    assert!(shown.contains("consent"), "{shown}");
    k.keys(ENTER);
    k.answer("pupil's full name", "Jordan Okafor")
        .answer("year group", "Year 9")
        .answer("at now", "Riverside Academy")
        .answer("move to?", "Hillcrest School")
        .answer("give their answer?", "18/11/2026")
        .answer("giving their answer", "Sam Okafor")
        .answer("How are they related", "Father")
        .pick("legal say over the pupil", 0) // a parent
        .answer("Item 1:", "")
        .pick("What did the parent decide?", 2) // agrees, the last choice (K9)
        .pick("in care", NO)
        .pick("education, health and care plan", NO)
        .pick("what a managed move is", YES)
        .pick("they can say no", YES)
        .pick("how to complain", YES)
        .pick("excluded if they did not agree", NO)
        .pick("pushed or rushed", NO)
        .answer(
            "What does the pupil think",
            "Jordan would like a fresh start.",
        )
        .pick("Does the pupil want the move?", YES)
        .pick("headteacher of the home school", YES)
        .pick("headteacher of the new school", YES)
        .answer("name of the head of the home school", "Dr Patel")
        .answer("name of the head of the new school", "")
        .pick("decides on places", YES)
        .answer("Which council officer", "")
        .answer("Who is making this record?", "Mrs Jones, deputy head")
        .answer("What date should the record show?", "");
    let found = findings(&mut k);
    assert!(!found.contains("cannot be written"), "{found}");
    k.keys(ENTER);
    k.see("is ready: consent-record-");
    k.see("What helps next?");
    let next = k.see("Finish here");
    assert!(next.contains("agreement"), "{next}");
    k.keys("agreement").keys(ENTER);
    let carried = k.see("already have an answer");
    assert!(!carried.contains("not a question"), "{carried}");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().unwrap();
    let saved = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("move-agreement-answers"))
        .expect("the agreement's answers are saved");
    let saved = std::fs::read_to_string(saved).unwrap();
    for carried in ["Jordan Okafor", "Hillcrest School", "Riverside Academy"] {
        assert!(saved.contains(carried), "{carried}: {saved}");
    }
}

#[test]
fn a_father_whose_son_was_sent_home_to_cool_off_writes_a_true_letter() {
    // Browser review B1, in the terminal: sent home three afternoons with
    // nothing in writing. The route names the informal exclusion, and the
    // letter says what happened, and no more.
    let dir = tempfile::tempdir().unwrap();
    let mut k = start(dir.path(), "interview");
    k.choose("What is happening?", "sent home early");
    let shown = k.see("What would you like to do?");
    assert!(
        shown.contains("We suggest: Request to stop keeping a child out"),
        "{shown}"
    );
    k.keys(ENTER);
    k.pick("What is the school doing?", 0) // sent home
        .answer("What is your full name?", "Lee Walsh")
        .pick("Who are you writing as?", 0) // parent
        .answer(
            "How can the school reach you?",
            "22 Park Row, Leeds LS1 5JL",
        )
        .answer("young person's full name", "Callum Walsh")
        .answer("name of the school", "Northfield Academy")
        .answer("headteacher's name", "Mrs Ahmed")
        .answer("first happen?", "16/11/2026")
        .pick("Which of these has happened?", 0) // sent home in the day
        .answer("How many times", "3")
        .answer("Item 1:", "Monday 16 November, sent home at 12.30pm")
        .answer("Item 2:", "")
        .answer("What reason did the school give?", "He needs to cool off.")
        .pick("given any school work?", 2) // no
        .pick("special educational needs", 3) // no (after the empty placeholder)
        .pick("social worker", 2); // no
    let found = findings(&mut k);
    assert!(!found.contains("cannot be written"), "{found}");
    assert!(
        fold(&found).contains("Education Act 1996, section 19(1)"),
        "{found}"
    );
    k.keys(ENTER);
    k.see("is ready: informal-exclusion-");
    k.0.send_control('c').ok();
    let letter = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "docx"))
        .unwrap();
    let text = fold(&docx_text(&letter));
    assert!(
        text.contains(
            "Callum has been sent home from school during the school day, 3 times so far"
        ),
        "{text}"
    );
    assert!(!text.contains("kept away from school"), "{text}");
    assert!(text.contains("He needs to cool off."), "{text}");
    assert!(text.contains("is unlawful"), "{text}");
}

#[test]
fn coming_back_the_next_day_offers_the_saved_answers() {
    // Terminal review K4: a plain `fairmove interview` started again from
    // question 1 beside yesterday's saved answers.
    let dir = tempfile::tempdir().unwrap();
    let mut k = start(dir.path(), "interview withdraw-exclusion");
    k.answer("What is your full name?", "Amina Hassan");
    k.see("Who are you writing as?");
    k.0.send_control('c').unwrap();
    k.see("Stopped. Your answers so far are saved in");
    k.0.exp_eof().unwrap();
    let mut k = start(dir.path(), "interview withdraw-exclusion");
    k.see("You have answers saved for this document in");
    k.see("Carry on where you stopped?");
    k.keys(ENTER);
    let shown = fold(&k.see("Who are you writing as?"));
    assert!(
        shown.contains("carried over from your saved answers"),
        "{shown}"
    );
    assert!(shown.contains("Amina Hassan"), "{shown}");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().unwrap();
    // Still one answers file: the same one carried on.
    let files = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".yaml")
        })
        .count();
    assert_eq!(files, 1);
}

#[test]
fn a_terminal_without_colour_gets_none_and_going_back_says_so_in_words() {
    // Terminal review K12: TERM=dumb still got colour codes, NO_COLOR left
    // the answered questions marked like the current one, and Esc left
    // `<canceled>` on the screen.
    let dir = tempfile::tempdir().unwrap();
    let mut k = start_in(dir.path(), "interview withdraw-exclusion", "dumb");
    k.answer("What is your full name?", "Sam Okafor");
    let shown = k.see("Who are you writing as?");
    k.keys("\x1b"); // Esc: back to the name
    let back = k.see("What is your full name?");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().ok();
    let all = format!("{shown}{back}");
    assert!(!all.contains("\x1b[38;5;"), "colour codes: {all:?}");
    assert!(all.contains("> What is your full name?"), "{all:?}");
    assert!(!all.contains("<canceled>"), "{all:?}");
}

/// Answers every question the interview asks for document `id`, from its
/// example answers (with `own` first), as a person types them: text and
/// dates typed, yes/no and choices picked with the arrow keys, list items
/// one a line. Stops at "Is everything right?"; returns the asks seen.
fn answer_from_example(k: &mut Keys, id: &str, own: &[(&str, &str)]) -> Vec<String> {
    use fairmove::documents::document::{load_def, QuestionType};
    use fairmove::pipeline::answers::{Answers, Raw};
    let data = fairmove::base::data::DataSource::builtin();
    let def = load_def(&data, id).unwrap();
    let example = Answers::load(&example(id)).unwrap();
    // The start of each ask, as it shows on one line of the terminal.
    let start = |ask: &str| -> String { ask.trim().chars().take(50).collect() };
    let mut waiting: Vec<_> = def.questions.iter().filter(|q| !q.detail).collect();
    let mut seen = Vec::new();
    loop {
        let mut alternatives: Vec<String> =
            waiting.iter().map(|q| escape(&start(&q.ask))).collect();
        alternatives.push(escape("Is everything right?"));
        // A question being asked starts with "? " (without colour), a list
        // question's line with two spaces; the answers carried over are
        // listed with "- ", answered ones "> ".
        let (_, found) =
            k.0.exp_regex(&format!("(?:\\? |\n  )({})", alternatives.join("|")))
                .unwrap_or_else(|e| panic!("{id}: no question came ({e}); seen {seen:?}"));
        let found = found.trim_start_matches(['?', ' ', '\r', '\n']).to_string();
        if found == "Is everything right?" {
            return seen;
        }
        let at = waiting.iter().position(|q| start(&q.ask) == found).unwrap();
        let q = waiting.remove(at);
        seen.push(q.id.clone());
        let given: Option<Raw> = own
            .iter()
            .find(|(qid, _)| *qid == q.id)
            .map(|(_, v)| Raw::Text(v.to_string()))
            .or_else(|| example.get(&q.id).map(|e| e.value.clone()));
        std::thread::sleep(std::time::Duration::from_millis(150));
        match q.kind {
            QuestionType::YesNo | QuestionType::Choice => {
                let mut values: Vec<String> = if q.kind == QuestionType::YesNo {
                    vec!["yes".into(), "no".into()]
                } else {
                    q.choices.iter().map(|c| c.value.clone()).collect()
                };
                if !q.required {
                    values.push(String::new());
                }
                if q.kind == QuestionType::YesNo || values.iter().any(|v| v == "yes") {
                    values.insert(0, "(placeholder)".into());
                }
                let want = match given {
                    Some(Raw::Bool(true)) => "yes".to_string(),
                    Some(Raw::Bool(false)) => "no".to_string(),
                    Some(Raw::Text(t)) => t,
                    _ => String::new(),
                };
                let n = values
                    .iter()
                    .position(|v| *v == want)
                    .unwrap_or_else(|| panic!("{id}: {} has no choice {want:?}", q.id));
                k.keys(&DOWN.repeat(n)).keys(ENTER);
            }
            QuestionType::List => {
                for item in given.and_then(|r| r.list_texts()).unwrap_or_default() {
                    k.see("Item ");
                    k.keys(&item).keys(ENTER);
                }
                k.see("Item ");
                k.keys(ENTER);
            }
            _ => {
                let text = match given {
                    Some(Raw::Text(t)) => t.replace('\n', ", "),
                    Some(Raw::Number(n)) => n.to_string(),
                    _ => String::new(),
                };
                k.keys(&text).keys(ENTER);
            }
        }
    }
}

/// `s` as a regular expression matching it literally.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The newest answers file saved in `dir` for document `id`.
fn saved_answers(dir: &Path, id: &str) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(&format!("{id}-answers")))
        .max()
        .unwrap_or_else(|| panic!("no answers saved for {id}"))
}

#[test]
fn a_school_keeps_one_case_through_its_four_records() {
    // Browser review journey 4 (Ms Grant) in the terminal, and B9, B10,
    // K8: consent, then the agreement with the school's term dates, then
    // the review record, each carrying the case over; then the letter
    // ending a placement, which a managed move cannot have.
    let dir = tempfile::tempdir().unwrap();
    let terms = root().join("examples/term-dates-shinfield-st-marys-2026-27.yaml");
    let mut k = start_in(
        dir.path(),
        &format!("--terms '{}' interview consent-record", terms.display()),
        "dumb",
    );
    let asked = answer_from_example(&mut k, "consent-record", &[]);
    assert!(asked.len() > 20, "{asked:?}");
    k.keys(ENTER); // Go on
    k.see("Write the record?");
    k.keys(ENTER);
    k.see("is ready: consent-record-");
    let next = k.see("Finish here");
    assert!(next.contains("agreement"), "{next}");
    k.keys(ENTER); // the agreement, first of the next documents
    let carried = fold(&k.see("answers were carried over"));
    let asked = answer_from_example(&mut k, "move-agreement", &[("start_date", "7/12/2026")]);
    for id in ["pupil_name", "home_school", "new_school"] {
        assert!(
            !asked.iter().any(|a| a == id),
            "{id} asked again: {asked:?} {carried}"
        );
    }
    k.keys(ENTER);
    k.see("Write the record?");
    k.keys(ENTER);
    k.see("is ready: move-agreement-");
    let next = k.see("Finish here");
    assert!(next.contains("review"), "{next}");
    k.keys(ENTER);
    k.see("answers were carried over");
    let asked = answer_from_example(&mut k, "move-review", &[]);
    assert!(!asked.iter().any(|a| a == "start_date"), "{asked:?}");
    k.keys(ENTER);
    k.see("Write the record?");
    k.keys(ENTER);
    k.see("is ready: move-review-");
    k.0.exp_eof().unwrap();

    // Each record in the folder, the case in each, and the review's weeks
    // counted in the school's weeks: its term dates travelled with the
    // agreement's answers.
    let review_answers = std::fs::read_to_string(saved_answers(dir.path(), "move-review")).unwrap();
    assert!(review_answers.contains("term_dates:"), "{review_answers}");
    assert!(review_answers.contains("Shinfield"), "{review_answers}");
    let docs: Vec<_> = ["consent-record", "move-agreement", "move-review"]
        .iter()
        .map(|id| {
            std::fs::read_dir(dir.path())
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| {
                    let n = p.file_name().unwrap().to_string_lossy().to_string();
                    n.starts_with(&format!("{id}-2")) && n.ends_with(".docx")
                })
                .unwrap_or_else(|| panic!("{id} was not written"))
        })
        .collect();
    for d in &docs {
        let text = fold(&docx_text(d));
        assert!(text.contains("Jordan"), "{}: {text}", d.display());
    }
    let review = fold(&docx_text(&docs[2]));
    assert!(
        review.contains("7 December 2026 (5 school weeks ago)"),
        "{review}"
    );

    // The fourth: the placement letter, started from the review's answers,
    // stops at its first question for a managed move and offers the
    // review record instead (review B6).
    let mut k = start_in(
        dir.path(),
        &format!(
            "interview placement-ended --answers '{}'",
            saved_answers(dir.path(), "move-review").display()
        ),
        "dumb",
    );
    k.see("On what basis does the pupil attend your school?");
    k.keys(DOWN).keys(ENTER); // a managed move
    let stopped = fold(&k.see("What would you like to do?"));
    assert!(stopped.contains("cannot be written"), "{stopped}");
    let options = k.see("Stop for now");
    assert!(
        options.contains("Start instead: Managed move review meeting record"),
        "{options}"
    );
    k.0.send_control('c').unwrap();
    k.0.exp_eof().ok();
}

#[test]
fn a_pasted_list_stays_one_list_and_a_long_paste_shows_as_one_line() {
    // Terminal review K10: pasted lines with a blank line between ended the
    // list, and the next line became the answer to the next question; K6: a
    // 3,000-character paste filled a small screen.
    let dir = tempfile::tempdir().unwrap();
    let answers = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[
            ("school_tried", None),
            ("ehc_plan", None),
            ("sender_contact", None),
        ],
    );
    let mut k = start_in(
        dir.path(),
        &format!("interview --answers '{}'", answers.display()),
        "dumb",
    );
    // A long answer (typed a key at a time here: a pseudo-terminal has no
    // paste, and each key redraws the line, so 300 characters, not 3,000).
    k.see("How can the school reach you?");
    let long = "It said he was disruptive in lessons. ".repeat(8);
    k.keys(long.trim_end()).keys(ENTER);
    let shown = k.see("Item 1:");
    assert!(shown.contains("> How can the school reach you? Give an address, email or phone number. 303 characters, starting"), "{shown:?}");
    // A list pasted as a plain terminal gets it: lines, a blank line, more.
    k.keys("- A report card\r\r- A referral to the SEN team\r\rTwo meetings with the SENCO\r");
    k.see("Item 4:");
    k.keys(ENTER);
    k.see("education, health and care plan");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().ok();
    let saved = std::fs::read_to_string(saved_answers(dir.path(), "withdraw-exclusion")).unwrap();
    assert!(
        saved.contains("school_tried:\n- A report card\n- A referral to the SEN team\n- Two meetings with the SENCO\n"),
        "{saved}"
    );
    assert!(!saved.contains("ehc_plan"), "{saved}");
}

#[test]
fn one_item_of_a_list_can_be_changed_or_taken_out() {
    // Terminal review T14: a typo in one item meant writing the whole list
    // again. And K4: a list stopped part way is asked again.
    let dir = tempfile::tempdir().unwrap();
    let answers = example_with(
        dir.path(),
        "withdraw-exclusion",
        "2026-11-23",
        &[("unfinished", Some("[school_tried]"))],
    );
    let mut k = start_in(
        dir.path(),
        &format!("interview --answers '{}'", answers.display()),
        "dumb",
    );
    let shown = k.see("What would you like to do with the list?");
    assert!(
        shown.contains("- A pastoral support plan from September"),
        "{shown}"
    );
    k.keys(&DOWN.repeat(2)).keys(ENTER); // Change or take out one item
    k.see("Which item?");
    k.keys(ENTER); // the first
    k.see("Change it, or clear it to take it out:");
    k.keys("\x15")
        .keys("A pastoral support plan from October")
        .keys(ENTER);
    k.see("What would you like to do with the list?");
    k.keys(&DOWN.repeat(2)).keys(ENTER);
    k.see("Which item?");
    k.keys(DOWN).keys(ENTER); // the second
    k.see("Change it, or clear it to take it out:");
    k.keys("\x15").keys(ENTER); // cleared: taken out
    k.see("You listed:");
    let listed = k.see("What would you like to do with the list?");
    assert!(
        listed.contains("A pastoral support plan from October"),
        "{listed}"
    );
    assert!(!listed.contains("SENCO"), "{listed}");
    k.keys(ENTER); // Keep this list
    k.see("Is everything right?");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().ok();
    let saved = std::fs::read_to_string(saved_answers(dir.path(), "withdraw-exclusion")).unwrap();
    assert!(
        saved.contains("school_tried:\n- A pastoral support plan from October\n"),
        "{saved}"
    );
    assert!(!saved.contains("SENCO"), "{saved}");
    assert!(!saved.contains("unfinished"), "{saved}");
}
