//! Reading YAML with errors a person can act on: the file, the line and the
//! column, and what was wrong. YAML goes through serde-saphyr (see README).

use anyhow::Result;
use serde::de::DeserializeOwned;
use std::fmt;

/// A place in a YAML file, counted from 1 as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

impl Pos {
    pub fn from_location(loc: serde_saphyr::Location) -> Self {
        Pos {
            line: loc.line(),
            column: loc.column(),
        }
    }
    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_known() {
            write!(f, "line {}, column {}", self.line, self.column)
        } else {
            write!(f, "unknown position")
        }
    }
}

/// The YAML itself could not be read (a syntax error or a value of the
/// wrong shape for a data file).
#[derive(Debug)]
pub struct YamlError {
    pub file: String,
    pub pos: Pos,
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pos.is_known() {
            write!(f, "{}, {}: {}", self.file, self.pos, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for YamlError {}

/// Turns serde-saphyr's error into ours: the position as "line L, column C"
/// and the message without the library's own location suffix.
pub fn convert_error(err: &serde_saphyr::Error, file: &str) -> YamlError {
    let pos = err.location().map(Pos::from_location).unwrap_or_default();
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let mut message = err.render_with_options(options);
    // The plain rendering ends with " at line L column C"; we say that ourselves.
    if let Some(i) = message.rfind(" at line ") {
        message.truncate(i);
    }
    YamlError {
        file: file.to_string(),
        pos,
        message: message.trim().to_string(),
    }
}

/// Parses a data file (a document definition, rules, guidance) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str, file: &str) -> Result<T> {
    serde_saphyr::from_str(text).map_err(|e| convert_error(&e, file).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        name: String,
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let err = parse::<Small>("name: [unclosed\n", "x.yaml").unwrap_err();
        let e = err.downcast_ref::<YamlError>().unwrap();
        assert_eq!(e.file, "x.yaml");
        assert!(e.pos.line >= 1, "{e}");
        assert!(e.to_string().starts_with("x.yaml, line "), "{e}");
    }

    #[test]
    fn unknown_field_is_named() {
        let err = parse::<Small>("name: a\nnmae: b\n", "x.yaml").unwrap_err();
        assert!(err.to_string().contains("nmae"), "{err}");
    }
}
