//! The web server's question page without the network: one step of the
//! flow (an answer taken, the next question's page made) `N` times in one
//! process, from the form the browser posts (`fuzz/seeds/form/answer-text`).
//! Prints the mean time per page. Run with `cargo bench --bench qpage`;
//! for an instruction count, run the built bench under
//! `valgrind --tool=callgrind` with 10 and with 110, and take the
//! difference over 100.

mod common;

fn main() {
    common::run("question page", "answer-text", |app, body| {
        app.flow_post("withdraw-exclusion", body)
    });
}
