//! A prompter that plays a script of replies: the tests drive the whole
//! interview with it, as a person would at a terminal.

use super::*;
use crate::pipeline::answers::Raw;
use anyhow::{bail, Result};
use std::collections::VecDeque;

/// One step of a [`ScriptedPrompter`]'s script.
#[derive(Debug, Clone, PartialEq)]
pub enum Scripted {
    /// Type this answer (text, a date, yes/no or a choice's value or label).
    Type(String),
    /// Give this list.
    List(Vec<String>),
    /// Choose the first option containing this text (any case).
    Pick(String),
    Back,
    Quit,
    /// Type these items of a list, then press Ctrl-C.
    QuitInList(Vec<String>),
}

/// A prompter that follows a script, for tests: it records everything it
/// is shown in `transcript` and fails if the flow asks for something the
/// script does not expect.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    pub script: VecDeque<Scripted>,
    pub transcript: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(script: impl IntoIterator<Item = Scripted>) -> Self {
        ScriptedPrompter {
            script: script.into_iter().collect(),
            transcript: Vec::new(),
        }
    }

    fn next(&mut self, at: &str) -> Result<Scripted> {
        match self.script.pop_front() {
            Some(s) => Ok(s),
            None => bail!(
                "the script ran out at: {at}\n--- transcript ---\n{}",
                self.transcript.join("\n")
            ),
        }
    }
}

impl Prompter for ScriptedPrompter {
    fn ask(&mut self, ask: &Ask) -> Result<Reply> {
        let line = format!("ASK [{}] {}", ask.progress(), ask.question.ask.trim());
        self.transcript.push(line.clone());
        Ok(match self.next(&line)? {
            Scripted::Type(s) => Reply::Answer(Raw::Text(s)),
            Scripted::List(items) => {
                Reply::Answer(Raw::List(items.into_iter().map(Raw::Text).collect()))
            }
            Scripted::Back => Reply::Back,
            Scripted::Quit => Reply::Quit,
            Scripted::QuitInList(items) => Reply::Keep(
                Raw::List(items.into_iter().map(Raw::Text).collect()),
                Box::new(Reply::Quit),
            ),
            Scripted::Pick(s) => bail!("the script wanted to pick \"{s}\" but was asked: {line}"),
        })
    }

    fn choose(&mut self, title: &str, options: &[String]) -> Result<Pick> {
        let line = format!("CHOOSE {title}\n  {}", options.join("\n  "));
        self.transcript.push(line.clone());
        // A script that ends after the document is written finishes there.
        if self.script.is_empty() {
            if let Some(n) = options.iter().position(|o| o == "Finish here") {
                return Ok(Pick::Chosen(n));
            }
        }
        Ok(match self.next(&line)? {
            Scripted::Pick(want) => {
                let want_l = want.to_lowercase();
                match options
                    .iter()
                    .position(|o| o.to_lowercase().contains(&want_l))
                {
                    Some(n) => Pick::Chosen(n),
                    None => bail!("no option contains \"{want}\" in: {line}"),
                }
            }
            Scripted::Back => Pick::Back,
            Scripted::Quit => Pick::Quit,
            other => bail!("the script wanted {other:?} but was offered a choice: {line}"),
        })
    }

    fn say(&mut self, text: &str) -> Result<()> {
        self.transcript.push(format!("SAY {text}"));
        Ok(())
    }
}
