//! The command line: what each command does, in words a newcomer follows.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "fairmove",
    version,
    about = "Letters and records for school managed moves and permanent exclusions in England, checked against the DfE guidance.",
    long_about = "fairmove helps parents, carers, advocates and schools in England with permanent \
exclusions and managed moves. You answer questions (in an answers file); fairmove checks the \
answers against the Department for Education's guidance and writes a Word document.\n\n\
The easiest way to start:\n  \
fairmove interview                                  answer questions, get a letter\n  \
fairmove serve                                      the same in a web browser\n\n\
With an answers file instead:\n  \
fairmove documents                                  see what it can write\n  \
fairmove questions withdraw-exclusion > answers.yaml  get the questions\n  \
(fill in answers.yaml in any text editor)\n  \
fairmove check answers.yaml                         see what the guidance says\n  \
fairmove draft answers.yaml -o letter.docx          write the letter\n\n\
Everything stays on this computer: fairmove makes no network connections (`fairmove serve` only answers a web browser, and keeps nothing).",
    after_help = "Exit status: 0 done; 1 an error (the message says what to fix); 2 the command was \
written wrongly; 3 a check found something that stops the document being written."
)]
pub struct Cli {
    /// Use documents, questions, rules and guidance from this folder
    /// (with templates/ and guidance/ inside) before the built-in ones.
    #[arg(long, global = true, value_name = "DIR", env = "FAIRMOVE_DATA")]
    pub data: Option<PathBuf>,

    /// Treat this date as today when working out deadlines (e.g. 2026-11-23).
    #[arg(long, global = true, value_name = "DATE", env = "FAIRMOVE_TODAY")]
    pub today: Option<String>,

    /// Count school days using this term dates file (YAML, see
    /// examples/term-dates-*.yaml) as well as weekends and bank holidays.
    #[arg(long, global = true, value_name = "FILE", env = "FAIRMOVE_TERMS")]
    pub terms: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Answer questions one at a time and get a checked letter: start here.
    ///
    /// Without a document, it first asks what is happening and suggests the
    /// right letter. Your answers are saved after every answer (in
    /// <document>-answers-<date>.yaml), so you can stop with Ctrl-C and carry
    /// on later with --resume. Press Esc to go back a question. At the end
    /// you see every answer, can change any of them, and the checks run
    /// before the document is written.
    Interview {
        /// The document id, e.g. withdraw-exclusion (see `fairmove documents`).
        document: Option<String>,
        /// Carry on from an answers file saved by an earlier interview.
        #[arg(long, value_name = "FILE", conflicts_with = "answers")]
        resume: Option<PathBuf>,
        /// Start from the answers in this file (it is not changed): only the
        /// missing answers are asked.
        #[arg(long, value_name = "FILE")]
        answers: Option<PathBuf>,
        /// The folder for the answers file and the document (default: the
        /// current folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },

    /// The guided interview as web pages: open the address it prints in a
    /// browser (on this computer, or on a phone through a charity's server).
    ///
    /// The same questions, checks and documents as `fairmove interview`.
    /// The server keeps nothing: your answers travel with the pages and stay
    /// in your browser; download them, and the letter, as files.
    Serve {
        /// The address and port to listen on. The default is this computer
        /// only; another address needs a reverse proxy for TLS in front.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR:PORT")]
        addr: std::net::SocketAddr,
        /// Open the address in the web browser.
        #[arg(long)]
        open: bool,
    },

    /// List the documents fairmove can write: id, title, and who writes it to whom.
    Documents,

    /// Print the questions for a document as an answers file to fill in.
    ///
    /// Every question comes with its id, the question in plain English, whether
    /// it must be answered, the kind of answer and an example. Save it, fill it
    /// in with any text editor, then run `fairmove check` and `fairmove draft`.
    Questions {
        /// The document id, e.g. withdraw-exclusion (see `fairmove documents`).
        document: String,
    },

    /// Check an answers file against the guidance and say what it finds.
    ///
    /// Each finding says what it means, what to do, and the part of the
    /// guidance it rests on. Exits with status 3 when a finding stops the
    /// document being written.
    Check {
        /// The answers file (YAML).
        answers: PathBuf,
        /// The document, when the answers file does not say (`document: ...`).
        #[arg(long)]
        document: Option<String>,
    },

    /// Write the document for an answers file (a Word .docx by default).
    ///
    /// Runs the checks first and refuses, with the reason, when one of them
    /// stops the document. Never replaces an existing file unless --force is
    /// given.
    Draft {
        /// The answers file (YAML).
        answers: PathBuf,
        /// Where to write it; `-` prints Markdown to the screen. Defaults to
        /// <document>-<date>.docx in the current folder.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// docx for Word, md for Markdown to review.
        #[arg(long, value_enum, default_value_t = Format::Docx)]
        format: Format,
        /// Replace the output file if it already exists.
        #[arg(long)]
        force: bool,
        /// The document, when the answers file does not say (`document: ...`).
        #[arg(long)]
        document: Option<String>,
        /// How the guidance and law are cited: footnotes, a list at the end
        /// (appendix), or none.
        #[arg(long, value_enum, default_value_t = SourcesArg::Footnotes)]
        sources: SourcesArg,
        /// An advocate's review copy: the same document with Word comments
        /// saying which answers and which guidance each paragraph comes
        /// from, and every finding of the checks at the top.
        #[arg(long)]
        review: bool,
    },

    /// Work out the statutory deadlines, counted in school days.
    ///
    /// Give the dates you know; fairmove prints each deadline that follows
    /// from them, whether it has passed, and the guidance behind it.
    /// Weekends and England and Wales bank holidays never count; add
    /// --terms FILE to skip school holidays and INSET days too.
    Dates {
        /// The date of the headteacher's decision to exclude.
        #[arg(long, value_name = "DATE")]
        exclusion: Option<String>,
        /// The first day the pupil was kept off school by the exclusion (day
        /// 1 of the count to the sixth school day); often the day of the
        /// decision or the next day.
        #[arg(long, value_name = "DATE")]
        exclusion_start: Option<String>,
        /// The date the governing board received notice of the exclusion
        /// (without it, the exclusion date is used as an estimate).
        #[arg(long, value_name = "DATE")]
        board_notified: Option<String>,
        /// The date you were given the governing board's decision IN WRITING
        /// (being told at the meeting does not start the count).
        #[arg(long, value_name = "DATE", alias = "board-decision")]
        board_decision_written: Option<String>,
        /// The date the governing board was notified of an independent
        /// review panel's decision to recommend or direct reconsideration.
        #[arg(long, value_name = "DATE")]
        review_decision_notified: Option<String>,
        /// The first day of an off-site direction.
        #[arg(long, value_name = "DATE")]
        offsite_start: Option<String>,
        /// The date a letter is sent.
        #[arg(long, value_name = "DATE")]
        letter: Option<String>,
        /// Also write the dates to this calendar file (.ics) for a phone.
        #[arg(long, value_name = "FILE")]
        ics: Option<PathBuf>,
        /// Replace the calendar file if it already exists.
        #[arg(long)]
        force: bool,
    },

    /// Show the parts of the DfE guidance the checks rely on.
    ///
    /// Without an id, lists the editions and topics. With a topic id (e.g.
    /// managed-moves-pressure) or an edition id (e.g. 2026-07), shows the
    /// edition, paragraph or section, quotation, summary and source.
    Guidance {
        /// A topic id or an edition id.
        id: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Docx,
    Md,
}

/// How a document gives the guidance and law it rests on.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourcesArg {
    /// Word footnotes (edition, paragraph or section, and the law).
    Footnotes,
    /// The place in brackets, and a list at the end of the letter.
    Appendix,
    /// No citations.
    None,
}

impl From<SourcesArg> for fairmove::base::sources::Sources {
    fn from(s: SourcesArg) -> Self {
        match s {
            SourcesArg::Footnotes => Self::Footnotes,
            SourcesArg::Appendix => Self::Appendix,
            SourcesArg::None => Self::None,
        }
    }
}
