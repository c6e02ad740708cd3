//! The legal data the stages read: guidance editions and the law, deadlines, the school calendar, routes and local protocols.

pub mod calendar;
pub mod deadlines;
pub mod guidance;
pub mod protocols;
pub mod routes;
pub mod typed_terms;
