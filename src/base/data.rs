//! Where the data files come from: the copies embedded in the binary, or a
//! directory given with `--data` whose files replace or add to them.
//!
//! A local authority or charity can copy `templates/` and `guidance/` out of
//! the source, change the wording, and point fairmove at the copy without
//! recompiling. Files the directory does not have fall back to the embedded
//! ones, so an override can be as small as one template.

use anyhow::{Context, Result};
use include_dir::{include_dir, Dir};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

static TEMPLATES: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static GUIDANCE: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/guidance");

/// A file read from the data: its text and a name to show in messages.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub text: String,
    /// `templates/withdraw-exclusion/document.yaml (built in)` or the real path.
    pub origin: String,
    /// For a built-in YAML file, the same data prepared as JSON by build.rs.
    pub prepared: Option<&'static str>,
}

mod prepared {
    include!(concat!(env!("OUT_DIR"), "/prepared.rs"));
}

impl DataFile {
    /// The file's data as `T`: from the JSON prepared at build time for a
    /// built-in file, otherwise from its YAML, with the file, line and
    /// column of any mistake.
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T> {
        if let Some(json) = self.prepared {
            if let Ok(v) = serde_json::from_str(json) {
                return Ok(v);
            }
        }
        crate::base::yaml::parse(&self.text, &self.origin)
    }
}

/// The data fairmove runs on: built in, optionally overlaid by a directory.
#[derive(Debug, Clone, Default)]
pub struct DataSource {
    overlay: Option<PathBuf>,
}

impl DataSource {
    /// Only the data embedded in the binary.
    pub fn builtin() -> Self {
        DataSource { overlay: None }
    }

    /// Data from `dir` (with `templates/` and/or `guidance/` inside), falling
    /// back to the built-in copies for any file it does not have.
    pub fn with_overlay(dir: &Path) -> Result<Self> {
        if !dir.is_dir() {
            anyhow::bail!(
                "the data directory {} does not exist or is not a directory \
                 (it should contain templates/ and/or guidance/)",
                dir.display()
            );
        }
        Ok(DataSource {
            overlay: Some(dir.to_path_buf()),
        })
    }

    /// Whether files may come from a folder (`--data`) rather than only
    /// from the built-in copies, which the tests have checked.
    pub fn has_overlay(&self) -> bool {
        self.overlay.is_some()
    }

    fn embedded(path: &str) -> Option<&'static include_dir::File<'static>> {
        let (root, rest) = path.split_once('/')?;
        match root {
            "templates" => TEMPLATES.get_file(rest),
            "guidance" => GUIDANCE.get_file(rest),
            _ => None,
        }
    }

    fn embedded_dir(path: &str) -> Option<&'static Dir<'static>> {
        let (root, rest) = match path.split_once('/') {
            Some((r, rest)) => (r, rest),
            None => (path, ""),
        };
        let base = match root {
            "templates" => &TEMPLATES,
            "guidance" => &GUIDANCE,
            _ => return None,
        };
        if rest.is_empty() {
            Some(base)
        } else {
            base.get_dir(rest)
        }
    }

    /// Reads `path` (for example `templates/withdraw-exclusion/document.yaml`).
    pub fn read(&self, path: &str) -> Result<DataFile> {
        self.try_read(path)?
            .with_context(|| format!("the data file {path} is missing"))
    }

    /// Reads `path` if it exists in the overlay or the built-in data.
    pub fn try_read(&self, path: &str) -> Result<Option<DataFile>> {
        if let Some(dir) = &self.overlay {
            let full = dir.join(path);
            if full.is_file() {
                // A file that is a link to somewhere outside the folder is
                // refused: the overlay is wording, not a way to read other
                // files.
                let inside = match (dir.canonicalize(), full.canonicalize()) {
                    (Ok(d), Ok(f)) => f.starts_with(d),
                    _ => false,
                };
                if !inside {
                    anyhow::bail!(
                        "{} points outside the data folder {}; fairmove only reads files inside it",
                        full.display(),
                        dir.display()
                    );
                }
                let text = crate::base::input::read_text(&full, "the data file")?;
                return Ok(Some(DataFile {
                    text,
                    origin: full.display().to_string(),
                    prepared: None,
                }));
            }
        }
        match Self::embedded(path) {
            Some(f) => {
                let text = f
                    .contents_utf8()
                    .with_context(|| format!("built-in data file {path} is not UTF-8"))?;
                Ok(Some(DataFile {
                    text: text.to_string(),
                    origin: format!("{path} (built in)"),
                    prepared: prepared::PREPARED
                        .iter()
                        .find(|(p, _)| *p == path)
                        .map(|(_, json)| *json),
                }))
            }
            None => Ok(None),
        }
    }

    /// Names of the entries directly under `dir` (files and folders), from
    /// both the overlay and the built-in data, sorted.
    pub fn list(&self, dir: &str, want_dirs: bool) -> Result<Vec<String>> {
        let mut names = BTreeSet::new();
        if let Some(d) = Self::embedded_dir(dir) {
            if want_dirs {
                for sub in d.dirs() {
                    if let Some(n) = sub.path().file_name() {
                        names.insert(n.to_string_lossy().into_owned());
                    }
                }
            } else {
                for f in d.files() {
                    if let Some(n) = f.path().file_name() {
                        names.insert(n.to_string_lossy().into_owned());
                    }
                }
            }
        }
        if let Some(overlay) = &self.overlay {
            let full = overlay.join(dir);
            if full.is_dir() {
                let entries = std::fs::read_dir(&full)
                    .with_context(|| format!("could not list {}", full.display()))?;
                for entry in entries {
                    let entry = entry?;
                    let is_dir = entry.file_type()?.is_dir();
                    if is_dir == want_dirs {
                        names.insert(entry.file_name().to_string_lossy().into_owned());
                    }
                }
            }
        }
        Ok(names.into_iter().collect())
    }
}

/// For tests: reads the built-in file `path` both ways, from its prepared
/// JSON and from its YAML, and checks they give the same data (the JSON is
/// read without knowing the types, so a YAML value read one way for a
/// string field and another for a flag would show here).
#[cfg(test)]
pub(crate) fn assert_prepared_same<T: serde::de::DeserializeOwned + std::fmt::Debug>(path: &str) {
    let f = DataSource::builtin().read(path).unwrap();
    let json = f
        .prepared
        .unwrap_or_else(|| panic!("{path} has no prepared JSON"));
    let from_json: T = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{path}: the prepared JSON does not read: {e}"));
    let from_yaml: T = crate::base::yaml::parse(&f.text, &f.origin).unwrap();
    assert_eq!(
        format!("{from_json:?}"),
        format!("{from_yaml:?}"),
        "{path}: JSON and YAML differ"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_yaml_file_is_prepared() {
        let data = DataSource::builtin();
        let mut n = 0;
        for dir in data.list("templates", true).unwrap() {
            for name in data.list(&format!("templates/{dir}"), false).unwrap() {
                if name.ends_with(".yaml") {
                    let f = data.read(&format!("templates/{dir}/{name}")).unwrap();
                    assert!(f.prepared.is_some(), "{}", f.origin);
                    n += 1;
                }
            }
        }
        assert!(n >= 20, "{n}");
        assert!(prepared::PREPARED.len() > n);
    }

    #[test]
    fn builtin_has_the_withdraw_letter() {
        let data = DataSource::builtin();
        let docs = data.list("templates", true).unwrap();
        assert!(docs.contains(&"withdraw-exclusion".to_string()), "{docs:?}");
        let f = data
            .read("templates/withdraw-exclusion/document.yaml")
            .unwrap();
        assert!(f.origin.ends_with("(built in)"));
    }

    #[test]
    fn overlay_replaces_one_file_and_keeps_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("templates/withdraw-exclusion");
        std::fs::create_dir_all(&p).unwrap();
        std::fs::write(p.join("letter.md"), "local wording").unwrap();
        let data = DataSource::with_overlay(dir.path()).unwrap();
        let f = data.read("templates/withdraw-exclusion/letter.md").unwrap();
        assert_eq!(f.text, "local wording");
        assert!(!f.origin.contains("built in"));
        let g = data
            .read("templates/withdraw-exclusion/document.yaml")
            .unwrap();
        assert!(g.origin.ends_with("(built in)"));
    }

    #[test]
    fn missing_overlay_directory_is_an_error() {
        let err = DataSource::with_overlay(Path::new("/no/such/dir")).unwrap_err();
        assert!(err.to_string().contains("/no/such/dir"));
    }
}
