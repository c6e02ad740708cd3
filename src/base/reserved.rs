//! The keys an answers file holds besides the answers to its questions:
//! no question may have one of them as its id.

/// The key under which an answers file keeps the school's term dates: the
/// same YAML a term-dates file holds (`--terms`), as one block of text, so
/// the dates counted for a document travel with its answers (review B9).
pub const TERM_DATES: &str = "term_dates";

/// The key listing the questions whose answers were stopped part way (a
/// list left with Ctrl-C): carrying on asks them again (review K4).
pub const UNFINISHED: &str = "unfinished";

/// The keys an answers file may hold besides its questions' answers.
pub const RESERVED: &[&str] = &["document", TERM_DATES, UNFINISHED];
