//! Writing files safely: never half a file (a temporary file in the same
//! folder, then a rename), never over a person's file unless they asked,
//! and readable only by the owner (the files hold a child's personal data).

use anyhow::{bail, Context, Result};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically. Refuses to replace an existing file
/// unless `overwrite` is true. The file gets permissions 0600 on Unix.
pub fn write_new(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    if path.is_dir() {
        bail!(
            "{} is a folder; give a file name to write to",
            path.display()
        );
    }
    if !overwrite && path.exists() {
        bail!(
            "{} already exists. Choose another name with -o, or add --force to replace it",
            path.display()
        );
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        bail!("the folder {} does not exist", dir.display());
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".fairmove-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .with_context(|| format!("could not create a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("could not write {}", path.display()))?;
    // tempfile creates the file with 0600 already; say so explicitly.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(0o600))?;
    }
    if overwrite {
        tmp.persist(path)
            .map_err(|e| e.error)
            .with_context(|| format!("could not write {}", path.display()))?;
    } else {
        tmp.persist_noclobber(path)
            .map_err(|e| e.error)
            .with_context(|| {
                format!(
                "could not write {} (it may have appeared meanwhile; add --force to replace it)",
                path.display()
            )
            })?;
    }
    Ok(())
}

/// `base.ext`, or `base-2.ext`, `base-3.ext`... : the first name not taken.
pub fn unused_name(dir: &Path, base: &str, ext: &str) -> PathBuf {
    // In the current folder, "letter.docx" reads more simply than "./letter.docx".
    let dir = if dir == Path::new(".") {
        Path::new("")
    } else {
        dir
    };
    let first = dir.join(format!("{base}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{base}-{n}.{ext}")))
        .find(|p| !p.exists())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_overwrite_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("letter.docx");
        write_new(&p, b"one", false).unwrap();
        let err = write_new(&p, b"two", false).unwrap_err();
        assert!(err.to_string().contains("already exists"));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_new(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // No temporary files are left behind.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(left.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn files_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("answers.yaml");
        write_new(&p, b"x: 1\n", false).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn unused_name_counts_up() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            unused_name(dir.path(), "a", "docx"),
            dir.path().join("a.docx")
        );
        std::fs::write(dir.path().join("a.docx"), "").unwrap();
        assert_eq!(
            unused_name(dir.path(), "a", "docx"),
            dir.path().join("a-2.docx")
        );
    }
}
