//! Reading what people give fairmove, within limits: answers files (or
//! standard input as `-`), term-dates files and a local authority's data
//! folder. A file over the size limit is refused before it is read whole,
//! and anything that is not an ordinary file (a directory, a device such as
//! /dev/zero, a FIFO) is refused at once rather than read for ever.

use anyhow::{bail, Context, Result};
use std::io::Read;
use std::path::Path;

/// The largest file fairmove reads: 1 MiB, far more than any answers file,
/// term-dates file or template needs.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// How `path` is shown in messages: `-` is standard input.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads `path` as UTF-8 text, or standard input when `path` is `-`.
/// `what` names the kind of file in messages ("the answers file").
pub fn read_text(path: &Path, what: &str) -> Result<String> {
    let name = display_name(path);
    let limit = MAX_FILE_BYTES;
    let bytes = if path == Path::new("-") {
        read_at_most(std::io::stdin().lock(), limit, what, &name)?
    } else {
        let meta =
            std::fs::metadata(path).with_context(|| format!("could not read {what} {name}"))?;
        if !meta.is_file() {
            let kind = if meta.is_dir() {
                "a folder"
            } else {
                "not an ordinary file (a device, a pipe or a socket)"
            };
            bail!("{what} {name} is {kind}; fairmove reads ordinary files only");
        }
        if meta.len() > limit {
            bail!(
                "{what} {name} is {} bytes; fairmove reads files of at most {} (1 MiB)",
                meta.len(),
                limit
            );
        }
        let f =
            std::fs::File::open(path).with_context(|| format!("could not read {what} {name}"))?;
        read_at_most(f, limit, what, &name)?
    };
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{what} {name} is not UTF-8 text (at byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Reads at most `limit` bytes; one more means the input is too large (a
/// file that grew, or standard input).
fn read_at_most(r: impl Read, limit: u64, what: &str, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    r.take(limit + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("could not read {what} {name}"))?;
    if bytes.len() as u64 > limit {
        bail!("{what} {name} is larger than {limit} bytes (1 MiB), the most fairmove reads");
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_folders_and_large_files_are_refused() {
        if Path::new("/dev/zero").exists() {
            let e = read_text(Path::new("/dev/zero"), "the answers file").unwrap_err();
            assert!(e.to_string().contains("not an ordinary file"), "{e}");
        }
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), "the answers file").unwrap_err();
        assert!(e.to_string().contains("is a folder"), "{e}");
        let big = dir.path().join("big.yaml");
        std::fs::write(&big, vec![b'a'; (MAX_FILE_BYTES + 1) as usize]).unwrap();
        let e = read_text(&big, "the answers file").unwrap_err();
        assert!(e.to_string().contains("at most 1048576 (1 MiB)"), "{e}");
        assert!(e.to_string().contains("big.yaml"), "{e}");
        let bad = dir.path().join("bad.yaml");
        std::fs::write(&bad, b"a: \xff\n").unwrap();
        let e = read_text(&bad, "the answers file").unwrap_err();
        assert!(e.to_string().contains("not UTF-8"), "{e}");
        let e = read_at_most(&b"abcdef"[..], 5, "x", "y").unwrap_err();
        assert!(e.to_string().contains("larger than 5 bytes"), "{e}");
    }
}
