//! The stages, in order: answers, facts, checks, render, word (and the review copy's notes).

pub mod answers;
pub mod checks;
pub mod facts;
pub mod render;
pub mod review;
pub mod word;
