//! How a document cites the guidance and the law it rests on.

/// How a document gives its sources: Word footnotes (the default), a
/// list at the end (with the place in brackets in the text), or not at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Sources {
    #[default]
    Footnotes,
    Appendix,
    None,
}

impl Sources {
    /// The name templates see as `sources`.
    pub fn name(self) -> &'static str {
        match self {
            Sources::Footnotes => "footnotes",
            Sources::Appendix => "appendix",
            Sources::None => "none",
        }
    }

    /// What a template prints where a statement rests on a guidance topic
    /// (`guidance[topic].mark`), for the topic's id: a footnote reference, or nothing. With an
    /// appendix the reference is put in too, then replaced by the place in
    /// brackets once the document is rendered, so the list at the end has
    /// exactly the topics the text relies on.
    pub fn mark(self, topic: &str) -> String {
        match self {
            Sources::Footnotes | Sources::Appendix => format!("[^{topic}]"),
            Sources::None => String::new(),
        }
    }
}
