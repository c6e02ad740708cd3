//! The shape of the source: no two files, and no two folders, import each
//! other (house issue). `bench/imports` draws the imports from every
//! `crate::` path in src/ and fails on a circle.

#[test]
fn no_file_and_no_folder_imports_another_that_imports_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("bench/imports"))
        .output()
        .expect("python3 runs bench/imports");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("no circle"), "{text}");
}

#[test]
fn the_import_check_finds_a_circle_when_there_is_one() {
    // The same script over a copy of src/ in which the engine reads the
    // facts back: it must fail, naming both files.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &std::path::Path, to: &std::path::Path| {
        let status = std::process::Command::new("cp")
            .arg("-r")
            .arg(from)
            .arg(to)
            .status()
            .unwrap();
        assert!(status.success());
    };
    std::fs::create_dir(dir.path().join("bench")).unwrap();
    copy(
        &root.join("bench/imports"),
        &dir.path().join("bench/imports"),
    );
    copy(&root.join("src"), &dir.path().join("src"));
    let engine = dir.path().join("src/documents/engine.rs");
    let text = std::fs::read_to_string(&engine).unwrap();
    std::fs::write(
        &engine,
        format!("{text}\n#[allow(dead_code)]\nfn circle(_: &crate::pipeline::facts::Facts) {{}}\n"),
    )
    .unwrap();
    let out = std::process::Command::new("python3")
        .arg(dir.path().join("bench/imports"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "{text}");
    assert!(
        text.contains("documents/engine -> pipeline/facts -> documents/engine"),
        "{text}"
    );
}
