//! The browser interview in real Chromium (Debian's `chromium`), driven by
//! playwright-core from npm (`web/browser-test.mjs`): a parent finishes the
//! withdraw-exclusion interview by clicking and typing, with axe-core run
//! on every kind of page and screenshots at 375 px and 1280 px saved under
//! `target/browser/`. The .docx it downloads is then opened in LibreOffice
//! and its text checked.
//!
//! Without Chromium, Node.js or the npm packages (`cd web && npm ci`) this
//! test fails, never skips silently; set FAIRMOVE_SKIP_BROWSER=1 to skip it
//! on purpose outside CI.

mod common;

use common::*;
use std::io::BufRead;
use std::process::{Command, Stdio};

fn have(cmd: &str, arg: &str) -> bool {
    Command::new(cmd)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

#[test]
fn a_parent_finishes_a_letter_in_chromium() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = have(&chromium, "--version")
        && have("node", "--version")
        && root().join("web/node_modules/playwright-core").is_dir()
        && root().join("web/node_modules/axe-core").is_dir();
    if !ready {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        if !in_ci && std::env::var("FAIRMOVE_SKIP_BROWSER").as_deref() == Ok("1") {
            eprintln!("SKIPPED on purpose: FAIRMOVE_SKIP_BROWSER=1 and the browser test's tools are missing");
            return;
        }
        panic!(
            "the browser test needs Chromium ({chromium}), Node.js and the npm packages: \
             apt-get install -y chromium nodejs npm && (cd web && npm ci)"
        );
    }

    let mut server = Command::new(assert_cmd::cargo::cargo_bin("fairmove"))
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("FAIRMOVE_TODAY", "2026-11-23")
        .env_remove("FAIRMOVE_DATA")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    let mut stdout = std::io::BufReader::new(server.stdout.take().unwrap());
    stdout.read_line(&mut line).unwrap();
    // Keep reading what the server prints, so it never writes to a closed pipe.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in: {line}"))
        .to_string();

    let out = root().join("target/browser");
    let _ = std::fs::remove_dir_all(&out);
    let run = Command::new("node")
        .arg(root().join("web/browser-test.mjs"))
        .arg(&url)
        .arg(&out)
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let _ = server.kill();
    let _ = server.wait();
    let log = format!(
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success(), "the browser test failed:\n{log}");
    assert!(log.contains("browser test passed"), "{log}");
    for kind in [
        "start",
        "question-text",
        "question-date-error",
        "review",
        "findings-blocked",
        "done",
    ] {
        for width in ["375", "1280"] {
            let shot = out.join(format!("{kind}-{width}.png"));
            assert!(shot.is_file(), "no screenshot {}", shot.display());
        }
    }

    // The downloaded letter, opened by a real word processor.
    let docx = out.join("letter.docx");
    let status = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            out.join("lo-profile").display()
        ))
        .args(["--convert-to", "txt:Text", "--outdir"])
        .arg(&out)
        .arg(&docx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("LibreOffice (soffice) runs");
    assert!(status.success());
    let text = fold(&std::fs::read_to_string(out.join("letter.txt")).unwrap());
    for want in [
        "Jordan Okafor-Reid",
        "Sam Okafor",
        "Riverside Academy",
        "No referral to the educational psychologist",
    ] {
        assert!(text.contains(want), "{want} not in the letter:\n{text}");
    }
}
