//! The question flow (one step function) and its two renderers, the terminal interview and the web pages; what is printed for people (reports, where to get help).

pub mod flow;
pub mod help;
pub mod interview;
pub mod report;
pub mod web;
