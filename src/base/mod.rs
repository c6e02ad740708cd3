//! Below every stage: the shared words (how sources are cited, counts and
//! wrapping, the limits on answers), the data files and where they come
//! from, and reading and writing files.

pub mod data;
pub mod input;
pub mod limits;
pub mod output;
pub mod reserved;
pub mod sources;
pub mod suggest;
pub mod words;
pub mod yaml;
