mod color;
mod key;
mod render_config;
mod style;

pub use color::*;
pub(crate) use key::*;
pub use render_config::*;
pub use style::*;
