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
    // --force replaces a file or a symbolic link (the link itself), never a
    // device, a pipe or a socket (hosting review F8).
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        let kind = meta.file_type();
        if !kind.is_file() && !kind.is_symlink() {
            bail!(
                "{} is not a regular file (a device, a pipe or a socket), so fairmove will not \
                 replace it, even with --force; give a file name to write to",
                path.display()
            );
        }
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        bail!("the folder {} does not exist", dir.display());
    }
    #[cfg(target_os = "linux")]
    unnamed::remove_stale(&dir, FALLBACK_PREFIX);
    #[cfg(target_os = "linux")]
    if let Some(done) = unnamed::write(&dir, path, bytes, overwrite) {
        return done;
    }
    // Where the file system has no unnamed files (vfat, CIFS, NFSv3: a
    // school's shared drive), a named temporary file holds the letter until
    // it is whole. Its name carries this process's id, so one left by a
    // draft that was killed is removed by the next write in the folder
    // (hosting review A7).
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!("{FALLBACK_PREFIX}{}-", std::process::id()))
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

/// The start of a named temporary file's name, before the process id.
const FALLBACK_PREFIX: &str = ".fairmove-tmp-";

/// On Linux the data is written to an unnamed file (`O_TMPFILE`) that gets
/// a name only when it is whole, so a process killed at any moment (even by
/// SIGKILL, which runs no clean-up) leaves neither half a file nor a stray
/// temporary file. Replacing a file needs one named step (link, then
/// rename); a name from a process that died in that instant is removed by
/// the next write in the folder.
#[cfg(target_os = "linux")]
mod unnamed {
    use anyhow::{Context, Result};
    use std::ffi::CString;
    use std::io::Write;
    use std::os::fd::FromRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::path::Path;

    const PREFIX: &str = ".fairmove-link-";

    /// `None` when the file system has no unnamed files: the caller falls
    /// back to a named temporary file.
    pub fn write(dir: &Path, path: &Path, bytes: &[u8], overwrite: bool) -> Option<Result<()>> {
        let cdir = CString::new(dir.as_os_str().as_bytes()).ok()?;
        // SAFETY: a valid C string; the descriptor is owned by the File below.
        let fd = unsafe {
            libc::open(
                cdir.as_ptr(),
                libc::O_TMPFILE | libc::O_WRONLY | libc::O_CLOEXEC,
                0o600,
            )
        };
        if fd < 0 {
            return None;
        }
        // SAFETY: `fd` was just opened and nothing else owns it.
        let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
        Some(finish(dir, path, &mut file, fd, bytes, overwrite))
    }

    fn finish(
        dir: &Path,
        path: &Path,
        file: &mut std::fs::File,
        fd: i32,
        bytes: &[u8],
        overwrite: bool,
    ) -> Result<()> {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .and_then(|_| file.write_all(bytes))
            .and_then(|_| file.sync_all())
            .with_context(|| format!("could not write {}", path.display()))?;
        remove_stale_links(dir);
        let proc_path = CString::new(format!("/proc/self/fd/{fd}")).expect("no NUL");
        let link = |to: &Path| -> std::io::Result<()> {
            let to = CString::new(to.as_os_str().as_bytes())?;
            // SAFETY: both are valid C strings; AT_SYMLINK_FOLLOW resolves
            // the /proc link to the unnamed file.
            let r = unsafe {
                libc::linkat(
                    libc::AT_FDCWD,
                    proc_path.as_ptr(),
                    libc::AT_FDCWD,
                    to.as_ptr(),
                    libc::AT_SYMLINK_FOLLOW,
                )
            };
            if r == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        };
        if !overwrite {
            return link(path).with_context(|| {
                format!(
                    "could not write {} (it may have appeared meanwhile; add --force to replace it)",
                    path.display()
                )
            });
        }
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let named = dir.join(format!("{PREFIX}{}-{nonce}.tmp", std::process::id()));
        link(&named).with_context(|| format!("could not write {}", path.display()))?;
        // rename replaces a symbolic link itself, never the file it points to.
        std::fs::rename(&named, path).map_err(|e| {
            let _ = std::fs::remove_file(&named);
            anyhow::anyhow!("could not write {}: {e}", path.display())
        })
    }

    /// Removes `.fairmove-link-<pid>-*.tmp` names left by processes that no
    /// longer run.
    fn remove_stale_links(dir: &Path) {
        remove_stale(dir, PREFIX)
    }

    /// Removes `<prefix><pid>-*.tmp` files left by processes that no longer
    /// run.
    pub(super) fn remove_stale(dir: &Path, prefix: &str) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(prefix)) else {
                continue;
            };
            let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<i32>().ok()) else {
                continue;
            };
            // SAFETY: signal 0 only asks whether the process exists.
            let alive = unsafe { libc::kill(pid, 0) } == 0
                || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
            if !alive {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
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

/// Writes `bytes` to the first free name of [`unused_name`], atomically,
/// and returns the name. Drafts started at the same moment in one folder
/// each take a name of their own: one that another took meanwhile is
/// passed over for the next (hosting review A10), never replaced.
pub fn write_unused(dir: &Path, base: &str, ext: &str, bytes: &[u8]) -> Result<PathBuf> {
    let mut last = None;
    for _ in 0..1000 {
        let path = unused_name(dir, base, ext);
        match write_new(&path, bytes, false) {
            Ok(()) => return Ok(path),
            // Taken since it was found free: the next one.
            Err(e) if path.exists() => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| anyhow::anyhow!("no free file name for {base}.{ext}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn a_temporary_file_left_by_a_killed_draft_goes_at_the_next_write() {
        // Hosting review A7: without unnamed files, a killed draft left the
        // whole letter in a hidden file. One whose process is gone goes; one
        // of a process still running (this one) stays.
        let dir = tempfile::tempdir().unwrap();
        let dead = dir
            .path()
            .join(format!("{FALLBACK_PREFIX}999999999-abc.tmp"));
        let live = dir
            .path()
            .join(format!("{FALLBACK_PREFIX}{}-abc.tmp", std::process::id()));
        std::fs::write(&dead, "the letter").unwrap();
        std::fs::write(&live, "another letter").unwrap();
        write_new(&dir.path().join("letter.docx"), b"x", false).unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
    }

    #[test]
    fn drafts_written_at_once_each_take_a_name_of_their_own() {
        let dir = tempfile::tempdir().unwrap();
        let names: Vec<PathBuf> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..100)
                .map(|i| {
                    let d = dir.path();
                    s.spawn(move || write_unused(d, "letter", "docx", format!("{i}").as_bytes()))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap().unwrap())
                .collect()
        });
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 100, "{names:?}");
        // Each file holds what its own draft wrote.
        let mut contents: Vec<String> = names
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        contents.sort_by_key(|c| c.parse::<u32>().unwrap());
        assert_eq!(
            contents,
            (0..100).map(|i| i.to_string()).collect::<Vec<_>>()
        );
    }

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
