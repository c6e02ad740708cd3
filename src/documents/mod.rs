//! Each document as data (questions, rules, template), and the engine that compiles it.

pub mod document;
pub mod engine;
pub mod templating;
pub mod views;
