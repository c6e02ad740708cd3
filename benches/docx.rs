//! The web server's .docx download without the network: a whole letter
//! drafted, checked and packaged `N` times in one process, from the same
//! form the browser posts (`fuzz/seeds/form/full-withdraw-exclusion-docx`).
//! Prints the mean time per letter. Run with `cargo bench --bench docx`
//! (or `-- 2000` for more letters); for an instruction count that does not
//! depend on how busy the machine is, run the built bench under
//! `valgrind --tool=callgrind` twice, with 10 and 50, and take the
//! difference over 40.

mod common;

fn main() {
    common::run("letter", "full-withdraw-exclusion-docx", |app, body| {
        app.docx_post("withdraw-exclusion", body)
    });
}
