//! The data under templates/ and guidance/ is built into the binary
//! (include_dir); rebuild when any of it changes, including new files.
fn main() {
    println!("cargo:rerun-if-changed=templates");
    println!("cargo:rerun-if-changed=guidance");
}
