//! The limits on answers, shared by the stages and the front ends.

/// The longest answer fairmove takes, in characters: far more than any
/// letter needs (a page of a letter is about 3,000).
pub const MAX_ANSWER_CHARS: usize = 20_000;
/// The most answers that are not questions listed one by one.
pub const MAX_LISTED: usize = 10;
/// The most items a list answer can have.
pub const MAX_LIST_ITEMS: usize = 200;
