//! The interview end to end in a pseudo-terminal: the real binary, driven
//! by keystrokes as a person would type them (rexpect).

mod common;

use common::*;
use rexpect::session::{spawn_command, PtySession};
use std::path::Path;
use std::process::Command;

const ENTER: &str = "\r";
const ESC: &str = "\x1b";
const DOWN: &str = "\x1b[B";
const BACKSPACE: &str = "\x7f";

/// Starts `fairmove ARGS` in a 100x40 pseudo-terminal in `dir`.
fn start(dir: &Path, args: &str) -> PtySession {
    let bin = assert_cmd::cargo::cargo_bin("fairmove");
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("stty cols 100 rows 40 && exec \"$0\" {args}"))
        .arg(bin)
        .current_dir(dir)
        .env("FAIRMOVE_TODAY", "2026-11-23")
        .env("TERM", "xterm")
        .env_remove("FAIRMOVE_DATA");
    spawn_command(cmd, Some(20_000)).expect("the interview starts in a pseudo-terminal")
}

struct Keys(PtySession);

impl Keys {
    /// Waits for `text` on the screen.
    fn see(&mut self, text: &str) -> &mut Self {
        if let Err(e) = self.0.exp_string(text) {
            panic!("did not see {text:?}: {e}");
        }
        self
    }
    /// Types `keys` (no Enter).
    fn keys(&mut self, keys: &str) -> &mut Self {
        self.0.send(keys).unwrap();
        self.0.flush().unwrap();
        // Let the prompt take the keys in before the next ones arrive, as
        // a person's typing would (an Esc on its own must stay a key).
        std::thread::sleep(std::time::Duration::from_millis(150));
        self
    }
    /// Types `text` and presses Enter.
    fn answer(&mut self, text: &str) -> &mut Self {
        self.keys(text).keys(ENTER)
    }
}

#[test]
fn a_parent_answers_by_keystrokes_goes_back_reviews_and_gets_the_letter() {
    let dir = tempfile::tempdir().unwrap();
    let mut k = Keys(start(dir.path(), "interview withdraw-exclusion"));
    k.see("Question 1 of about 16")
        .see("What is your full name?");
    k.answer("Sam Okafor");
    k.see("Who are you writing as?").answer(""); // the first choice: parent
    k.see("How can the school reach you?")
        .answer("12 Mill Lane");
    k.see("full name").answer("Jordan Okafr"); // a typo, mended below
    k.see("name of the school").keys(ESC); // go back
    k.see("Question 4 of about 16").see("full name");
    // The answer given is there to edit: fix the typo.
    k.keys(BACKSPACE).keys(BACKSPACE).answer("for");
    k.see("name of the school").answer("Riverside Academy");
    k.see("headteacher's name").answer("Ms Patel");
    // An impossible date is refused with the reason, then corrected.
    k.see("decide to exclude").answer("31/11/2026");
    k.see("is not a date");
    k.keys(&BACKSPACE.repeat(10)).answer("16/11/2026");
    k.see("16 November 2026");
    // A social worker? "No" also answers "in care?" (every child in care
    // has one), so that question is not asked.
    k.see("social worker").keys(DOWN).keys(DOWN).answer(""); // No
    k.see("legal say over your child").keys(DOWN).answer(""); // Yes
    k.see("young person want").keys(DOWN).answer(""); // Yes
                                                      // A yes/no starts on neither answer: Enter alone is refused.
    k.see("push or pressure").see("choose Yes or No").answer("");
    k.see("Choose an answer: move with the arrow keys");
    k.see("push or pressure").keys(DOWN).keys(DOWN).answer(""); // No
    k.see("board of governors met yet").keys(DOWN).answer(""); // not started
    k.see("governors' meeting").answer(""); // not known
    k.see("What did the school try")
        .see("Item 1:")
        .answer("A report card");
    k.see("Item 2:").answer("");
    k.see("education, health and care plan")
        .keys(DOWN)
        .keys(DOWN)
        .answer(""); // No
                     // 15 questions on the way through; details are offered on the review.
    k.see("Here are your answers")
        .see("Jordan Okafor")
        .see("16 November 2026")
        .see("More details you can add")
        .see("Is everything right?");
    // Typing filters the choices: add the letter's date.
    k.answer("letter show");
    k.see("What date should the letter show?")
        .answer("23/11/2026");
    k.see("Is everything right?");
    k.answer(""); // Go on
    k.see("Write the letter?").answer(""); // Write it now
    k.see("Your letter is ready: withdraw-exclusion-2026-11-23.docx");
    // What comes next is offered; this parent finishes here.
    k.see("What helps next?").see("Finish here");
    k.keys("Finish").keys(ENTER);
    k.0.exp_eof().expect("the interview ends");

    let letter = dir.path().join("withdraw-exclusion-2026-11-23.docx");
    let text = docx_text(&letter);
    assert!(text.contains("Jordan Okafor"), "{text}");
    assert!(!text.contains("Okafr"), "{text}");
    assert!(text.contains("A report card"), "{text}");

    // The saved answers give the same letter through `fairmove draft`.
    let saved = dir
        .path()
        .join("withdraw-exclusion-answers-2026-11-23.yaml");
    let drafted = dir.path().join("drafted.docx");
    draft_to(&saved, &drafted).success();
    assert_eq!(
        std::fs::read(drafted).unwrap(),
        std::fs::read(letter).unwrap()
    );
}

#[test]
fn ctrl_c_keeps_the_answers_and_resume_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let mut k = Keys(start(dir.path(), "interview withdraw-exclusion"));
    k.see("What is your full name?").answer("Sam Okafor");
    k.see("Who are you writing as?").answer("");
    k.see("How can the school reach you?");
    k.0.send_control('c').unwrap();
    k.see("Stopped. Your answers so far are saved in");
    k.0.exp_eof().unwrap();
    let saved = dir
        .path()
        .join("withdraw-exclusion-answers-2026-11-23.yaml");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("sender_name: Sam Okafor"), "{text}");

    let mut k = Keys(start(
        dir.path(),
        "interview --resume withdraw-exclusion-answers-2026-11-23.yaml",
    ));
    k.see("2 already have an answer");
    k.see("Question 3 of about 16")
        .see("How can the school reach you?");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().unwrap();
}

#[test]
fn answers_from_another_document_carry_over_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let from = example("move-agreement");
    let mut k = Keys(start(
        dir.path(),
        &format!(
            "interview offsite-direction-notice --answers {}",
            from.display()
        ),
    ));
    // pupil_name is shared; the agreement's other answers are left out
    // without a message for each.
    let before = k.0.exp_string("already have an answer").unwrap();
    assert!(!before.contains("not a question"), "{before}");
    k.see("On what date will this notice be given to the family?");
    k.0.send_control('c').unwrap();
    k.0.exp_eof().unwrap();
    let saved = std::fs::read_to_string(
        dir.path()
            .join("offsite-direction-notice-answers-2026-11-23.yaml"),
    )
    .unwrap();
    assert!(saved.contains("pupil_name: Jordan Okafor"), "{saved}");
    assert!(
        saved.contains("document: offsite-direction-notice"),
        "{saved}"
    );
    // The file it started from is untouched.
    assert!(std::fs::read_to_string(&from)
        .unwrap()
        .contains("document: move-agreement"));
}
