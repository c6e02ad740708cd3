//! `fairmove interview [DOC]`: the guided interview in a terminal. The flow
//! is `fairmove::frontends::interview`; this file is the terminal side (inquire) and
//! the choice of answers file.

use anyhow::{bail, Context, Result};
use chrono::NaiveDate;
use fairmove::base::data::DataSource;
use fairmove::base::output::unused_name;
use fairmove::documents::document::{Question, QuestionType};
use fairmove::frontends::flow::shared_answers;
use fairmove::frontends::interview::{
    self, check_answer, Ask, Interview, Options, Outcome, Pick, Prompter, Reply,
};
use fairmove::law::calendar::{long_date, parse_date, Calendar};
use fairmove::pipeline::answers::Raw;
use fairmove::Engine;
use inquire::error::InquireError;
use inquire::validator::Validation;
use inquire::{Select, Text};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub struct Args {
    pub document: Option<String>,
    pub resume: Option<PathBuf>,
    pub answers: Option<PathBuf>,
    pub dir: Option<PathBuf>,
    pub today: NaiveDate,
    pub calendar: Calendar,
}

pub fn run(data: &DataSource, args: Args) -> Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        bail!(
            "`fairmove interview` asks its questions one at a time, so it needs a terminal to \
             type in, and there is none here (the input comes from a file or a pipe).\n\
             Without a terminal, use an answers file instead:\n  \
             fairmove questions {doc} > answers.yaml   (then fill it in with any text editor)\n  \
             fairmove draft answers.yaml",
            doc = args.document.as_deref().unwrap_or("withdraw-exclusion")
        );
    }
    set_look();
    let mut terminal = Terminal;
    let dir = args.dir.clone().unwrap_or_else(|| PathBuf::from("."));
    if !dir.is_dir() {
        bail!("the folder {} does not exist", dir.display());
    }

    // Which document, which answers to start from, and where to save them.
    let chosen_from_menu =
        args.document.is_none() && args.resume.is_none() && args.answers.is_none();
    let (mut id, mut start, mut save_to) = match (&args.resume, &args.answers) {
        (Some(file), _) => {
            let (answers, id) = super::load_answers(data, file, args.document.as_deref())?;
            (id, Some(answers), file.clone())
        }
        (None, Some(file)) => {
            let (answers, id) = super::load_answers(data, file, args.document.as_deref())?;
            let save = new_answers_file(&dir, &id, args.today);
            (id.clone(), Some(shared_answers(data, answers, &id)?), save)
        }
        (None, None) => {
            let id = match &args.document {
                Some(d) => d.clone(),
                None => match interview::choose_document_on(data, args.today, &mut terminal)? {
                    Some(id) => id,
                    None => {
                        eprintln!("Stopped. Nothing was saved.");
                        return Ok(ExitCode::SUCCESS);
                    }
                },
            };
            // Coming back another day: yesterday's answers are offered, not
            // left beside a new start at question 1 (terminal review K4).
            let carry_on = match saved_answers(&dir, &id) {
                Some(file) => {
                    terminal.say(&format!(
                        "You have answers saved for this document in {}.",
                        file.display()
                    ))?;
                    let options = [
                        "Carry on with the saved answers".to_string(),
                        "Start again (the saved file is kept)".to_string(),
                    ];
                    match terminal.choose("Carry on where you stopped?", &options)? {
                        interview::Pick::Chosen(0) => Some(file),
                        interview::Pick::Quit => {
                            eprintln!("Stopped.");
                            return Ok(ExitCode::SUCCESS);
                        }
                        _ => None,
                    }
                }
                None => None,
            };
            match carry_on {
                Some(file) => {
                    let (answers, _) = super::load_answers(data, &file, Some(&id))?;
                    (id, Some(answers), file)
                }
                None => {
                    let save = new_answers_file(&dir, &id, args.today);
                    (id, None, save)
                }
            }
        }
    };

    loop {
        // The term dates given with --terms, or else those kept with the
        // answers carried on (review B9).
        let calendar = match &start {
            Some(answers) => super::calendar_for(args.calendar.clone(), answers)?,
            None => args.calendar.clone(),
        };
        let engine = Engine::load_with_calendar(data, &id, Some(calendar))?;
        let mut flow = Interview::new(
            &engine,
            data,
            Options {
                today: args.today,
                save_to: save_to.clone(),
                out_dir: dir.clone(),
            },
        );
        if let Some(answers) = &start {
            for message in flow.prefill(answers) {
                terminal.say(&message)?;
            }
            // What was taken, so nothing is typed twice (issue 24 item 3;
            // terminal review K4, K8).
            let from = if answers.document().as_deref() == Some(id.as_str()) {
                "your saved answers"
            } else {
                "the answers you gave before"
            };
            if let Some(summary) = flow.carried_summary(from) {
                terminal.say(&summary)?;
            }
        }
        // Term dates given with --terms are saved with the answers, so the
        // dates come out the same when the interview is carried on.
        if let Some(terms) = args.calendar.terms() {
            flow.set_terms(Some(terms.to_yaml()?));
        }
        if chosen_from_menu {
            flow = flow.from_start_menu();
        }
        let outcome = flow.run(&mut terminal).map_err(|e| {
            e.context(format!(
                "the interview stopped. Your answers so far are saved in {}; carry on with \
                 `fairmove interview --resume {}`",
                save_to.display(),
                save_to.display()
            ))
        })?;
        match outcome {
            Outcome::Written(_) | Outcome::Stopped => return Ok(ExitCode::SUCCESS),
            Outcome::BackToStart => {
                match interview::choose_document_on(data, args.today, &mut terminal)? {
                    Some(next) => {
                        start = if flow.state_has_answers() {
                            Some(shared_answers(data, flow.answers(), &next)?)
                        } else {
                            None
                        };
                        id = next;
                        save_to = new_answers_file(&dir, &id, args.today);
                    }
                    None => {
                        eprintln!("Stopped.");
                        return Ok(ExitCode::SUCCESS);
                    }
                }
            }
            Outcome::SwitchTo(next) | Outcome::WrittenThen(_, next) => {
                // Carry over the answers the next document also asks for.
                start = Some(shared_answers(data, flow.answers(), &next)?);
                id = next;
                save_to = new_answers_file(&dir, &id, args.today);
            }
        }
    }
}

/// How the prompts look. Without colour (`NO_COLOR`, or `TERM=dumb`, a
/// terminal that cannot show it) an answered question is marked apart from
/// the one being asked, and going back says so in words instead of
/// `<canceled>` (terminal review K12).
fn set_look() {
    use inquire::ui::{Color, RenderConfig, Styled};
    let plain = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
        || std::env::var("TERM").is_ok_and(|t| t == "dumb");
    let mut config = if plain {
        RenderConfig::empty()
    } else {
        RenderConfig::default_colored()
    };
    config.canceled_prompt_indicator = if plain {
        // "?" marks the question being asked, ">" one answered.
        config.answered_prompt_prefix = Styled::new(">");
        Styled::new("(back)")
    } else {
        Styled::new("(back)").with_fg(Color::DarkGrey)
    };
    inquire::set_global_render_config(config);
}

/// The newest answers file the interview saved for document `id` in
/// `dir` (`<id>-answers-<date>[-n].yaml`), if any.
fn saved_answers(dir: &Path, id: &str) -> Option<PathBuf> {
    let prefix = format!("{id}-answers-");
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            name.starts_with(&prefix) && name.ends_with(".yaml")
        })
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, p)| p)
}

fn new_answers_file(dir: &Path, id: &str, today: NaiveDate) -> PathBuf {
    unused_name(
        dir,
        &format!("{id}-answers-{}", today.format("%Y-%m-%d")),
        "yaml",
    )
}

/// Whether more typed input is already waiting, within a moment: only a
/// paste arrives that fast after an Enter.
fn paste_waiting() -> bool {
    crossterm::event::poll(std::time::Duration::from_millis(60)).unwrap_or(false)
}

/// The prompter for a real terminal, built on inquire.
struct Terminal;

const KEYS: &str = "Esc: back · Ctrl-C: stop (answers are kept)";

/// What a key press in a prompt meant, when it was not an answer.
fn control(e: InquireError) -> Result<Reply> {
    match e {
        InquireError::OperationCanceled => Ok(Reply::Back),
        InquireError::OperationInterrupted => Ok(Reply::Quit),
        other => Err(other).context("could not read from the terminal"),
    }
}

fn pick_control(e: InquireError) -> Result<Pick> {
    control(e).map(|r| match r {
        Reply::Back => Pick::Back,
        _ => Pick::Quit,
    })
}

impl Terminal {
    fn text(&self, ask: &Ask, help: &str) -> Result<Reply> {
        let q = ask.question.clone();
        let initial = match ask.current {
            Some(Raw::Text(s)) => match q.kind {
                QuestionType::Date => parse_date(s)
                    .map(|d| d.format("%d/%m/%Y").to_string())
                    .unwrap_or_else(|| s.clone()),
                _ => s.clone(),
            },
            _ => String::new(),
        };
        let example = q.example_date().format("%d/%m/%Y");
        let placeholder = match (q.kind, q.required) {
            (QuestionType::Date, true) => format!("e.g. {example}"),
            (QuestionType::Date, false) => format!("e.g. {example} (Enter to skip)"),
            (_, false) => "(Enter to skip)".to_string(),
            _ => String::new(),
        };
        let validator_q = q.clone();
        let validator = move |input: &str| {
            let raw = Raw::Text(input.to_string());
            Ok(match check_answer(&validator_q, &raw, &mut Vec::new()) {
                Ok(_) => Validation::Valid,
                Err(msg) => Validation::Invalid(msg.into()),
            })
        };
        let show_date = |s: &str| match parse_date(s) {
            Some(d) => long_date(d),
            None if s.trim().is_empty() => "(left empty)".to_string(),
            None => s.to_string(),
        };
        let mut prompt = Text::new(q.ask.trim())
            .with_help_message(help)
            .with_initial_value(&initial)
            .with_validator(validator);
        if !placeholder.is_empty() {
            prompt = prompt.with_placeholder(&placeholder);
        }
        if q.kind == QuestionType::Date {
            prompt = prompt.with_formatter(&show_date);
        } else {
            prompt = prompt.with_formatter(&interview::answer_shown);
        }
        match prompt.prompt() {
            Ok(s) => Ok(Reply::Answer(Raw::Text(s))),
            Err(e) => control(e),
        }
    }

    fn select(&self, ask: &Ask, help: &str) -> Result<Reply> {
        let q = ask.question;
        let mut values: Vec<(String, String)> = match q.kind {
            QuestionType::YesNo => vec![("yes".into(), "Yes".into()), ("no".into(), "No".into())],
            _ => q
                .choices
                .iter()
                .map(|c| (c.value.clone(), c.label.clone()))
                .collect(),
        };
        if !q.required {
            values.push((String::new(), "Leave it empty".into()));
        }
        let current = match ask.current {
            Some(Raw::Bool(true)) => Some("yes".to_string()),
            Some(Raw::Bool(false)) => Some("no".to_string()),
            Some(Raw::Text(s)) => Some(s.clone()),
            _ => None,
        };
        // A yes/no question (or a choice with a "yes" among its answers)
        // not yet answered starts on no answer, so Enter alone never writes
        // "yes" into a letter (terminal review T3).
        let yes_no = q.kind == QuestionType::YesNo;
        let placeholder = current.is_none() && (yes_no || values.iter().any(|(v, _)| v == "yes"));
        if placeholder {
            let label = if yes_no {
                "(choose Yes or No with the arrow keys)"
            } else {
                "(choose an answer with the arrow keys)"
            };
            values.insert(0, (String::new(), label.into()));
        }
        let start = current
            .and_then(|c| values.iter().position(|(v, _)| *v == c))
            .unwrap_or(0);
        let labels: Vec<String> = values.iter().map(|(_, l)| l.clone()).collect();
        loop {
            match Select::new(q.ask.trim(), labels.clone())
                .with_help_message(help)
                .with_starting_cursor(start)
                .with_page_size(10)
                .raw_prompt()
            {
                Ok(chosen) if placeholder && chosen.index == 0 => {
                    eprintln!("  Choose an answer: move with the arrow keys, then press Enter.");
                }
                Ok(chosen) => return Ok(Reply::Answer(Raw::Text(values[chosen.index].0.clone()))),
                Err(e) => return control(e),
            }
        }
    }

    fn list(&self, ask: &Ask) -> Result<Reply> {
        let q: &Question = ask.question;
        let mut items = ask.current.and_then(Raw::list_texts).unwrap_or_default();
        eprintln!("  {}", q.ask.trim());
        // A list already given: keep it, add to it, change or take out one
        // item (terminal review T14: a typo meant writing it all again),
        // or write it again.
        while !items.is_empty() {
            eprintln!("  You listed:");
            for i in &items {
                eprintln!("    - {i}");
            }
            let options = vec![
                "Keep this list".to_string(),
                "Add more to it".to_string(),
                "Change or take out one item".to_string(),
                "Write the list again".to_string(),
            ];
            match Select::new("What would you like to do with the list?", options)
                .with_help_message(KEYS)
                .raw_prompt()
            {
                Ok(c) if c.index == 0 => {
                    return Ok(Reply::Answer(Raw::List(
                        items.into_iter().map(Raw::Text).collect(),
                    )))
                }
                Ok(c) if c.index == 1 => break,
                Ok(c) if c.index == 2 => {
                    let Ok(which) = Select::new("Which item?", items.clone())
                        .with_help_message(KEYS)
                        .raw_prompt()
                    else {
                        continue; // Esc: back to the list
                    };
                    match Text::new("Change it, or clear it to take it out:")
                        .with_initial_value(&items[which.index])
                        .with_help_message(KEYS)
                        .prompt()
                    {
                        Ok(s) if s.trim().is_empty() => {
                            items.remove(which.index);
                        }
                        Ok(s) => items[which.index] = s,
                        Err(_) => {}
                    }
                }
                Ok(_) => items.clear(),
                Err(e) => return control(e),
            }
        }
        let help = format!("Press Enter on an empty line when you have finished · {KEYS}");
        loop {
            let label = format!("Item {}:", items.len() + 1);
            match Text::new(&label).with_help_message(&help).prompt() {
                // An empty line ends the list, unless more of a paste is
                // already waiting: then it was a gap between pasted items,
                // and the next pasted line is not taken as the answer to
                // the next question (terminal review K10).
                Ok(s) if s.trim().is_empty() => {
                    if !paste_waiting() {
                        break;
                    }
                }
                Ok(s) => items.extend(interview::pasted_items(&s)),
                // The items typed so far are kept, then Esc goes back and
                // Ctrl-C stops (terminal review T6, T14).
                Err(e) if !items.is_empty() => {
                    let then = control(e)?;
                    let kept = Raw::List(items.into_iter().map(Raw::Text).collect());
                    return Ok(Reply::Keep(kept, Box::new(then)));
                }
                Err(e) => return control(e),
            }
        }
        Ok(Reply::Answer(Raw::List(
            items.into_iter().map(Raw::Text).collect(),
        )))
    }
}

impl Prompter for Terminal {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let q = ask.question;
        eprintln!();
        eprintln!("{}", ask.progress());
        if let Some(help) = &q.help {
            eprint!(
                "{}",
                fairmove::base::words::wrap(&format!("Why we ask: {}", help.trim()), "  ", 78)
            );
        }
        for c in &ask.cites {
            eprint!(
                "{}",
                fairmove::base::words::wrap(&format!("Guidance: {c}."), "  ", 78)
            );
        }
        let help = match q.kind {
            QuestionType::Date => {
                let e = q.example_date();
                format!(
                    "e.g. {} or {} · {KEYS}",
                    e.format("%d/%m/%Y"),
                    e.format("%-d %b %Y")
                )
            }
            _ => KEYS.to_string(),
        };
        match q.kind {
            QuestionType::Text | QuestionType::Paragraph | QuestionType::Date => {
                self.text(ask, &help)
            }
            QuestionType::YesNo | QuestionType::Choice => self.select(ask, &help),
            QuestionType::List => self.list(ask),
        }
    }

    fn choose(&mut self, title: &str, options: &[String]) -> Result<Pick> {
        eprintln!();
        match Select::new(title, options.to_vec())
            .with_help_message("↑↓ to move, Enter to choose · Esc: back · Ctrl-C: stop")
            .with_page_size(12)
            .raw_prompt()
        {
            Ok(c) => Ok(Pick::Chosen(c.index)),
            Err(e) => pick_control(e),
        }
    }

    fn say(&mut self, text: &str) -> Result<()> {
        eprintln!();
        for line in text.lines() {
            if line.len() > 80 && !line.starts_with(' ') {
                eprint!("{}", fairmove::base::words::wrap(line, "", 80));
            } else {
                eprintln!("{line}");
            }
        }
        Ok(())
    }
}
