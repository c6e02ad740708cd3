//! A small XML tree for the parts of a Word package: read with quick-xml,
//! changed in place, written back. Text and attribute values are kept as
//! they were written (escaped), so nothing is escaped twice or lost.

use anyhow::{bail, Context, Result};
use quick_xml::events::Event;
use quick_xml::Reader;

/// One node: an element or text (raw, as escaped in the source).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Element(Element),
    Text(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Element {
    /// The qualified name as written (`w:pPr`).
    pub name: String,
    /// Attributes in order, values raw (escaped).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

impl Element {
    pub fn new(name: &str) -> Element {
        Element {
            name: name.to_string(),
            attrs: Vec::new(),
            children: Vec::new(),
        }
    }

    pub fn attr(mut self, key: &str, value: &str) -> Element {
        self.attrs.push((key.to_string(), value.to_string()));
        self
    }

    pub fn child(mut self, e: Element) -> Element {
        self.children.push(Node::Element(e));
        self
    }

    /// The local name (`pPr` for `w:pPr`).
    pub fn local(&self) -> &str {
        local(&self.name)
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    pub fn elements_mut(&mut self) -> impl Iterator<Item = &mut Element> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this local name.
    pub fn find(&self, local_name: &str) -> Option<&Element> {
        self.elements().find(|e| e.local() == local_name)
    }

    pub fn find_mut(&mut self, local_name: &str) -> Option<&mut Element> {
        self.elements_mut().find(|e| e.local() == local_name)
    }

    /// Removes and returns the child elements with this local name.
    pub fn take(&mut self, local_name: &str) -> Vec<Element> {
        let mut taken = Vec::new();
        let mut kept = Vec::with_capacity(self.children.len());
        for n in std::mem::take(&mut self.children) {
            match n {
                Node::Element(e) if e.local() == local_name => taken.push(e),
                other => kept.push(other),
            }
        }
        self.children = kept;
        taken
    }

    /// Visits this element and every element under it, parents first.
    pub fn walk_mut(&mut self, f: &mut dyn FnMut(&mut Element)) {
        f(self);
        for c in self.elements_mut() {
            c.walk_mut(f);
        }
    }

    /// Whether any element under this one (or this one) has the local name.
    pub fn contains(&self, local_name: &str) -> bool {
        self.local() == local_name || self.elements().any(|e| e.contains(local_name))
    }
}

pub fn local(name: &str) -> &str {
    match name.rfind(':') {
        Some(at) => &name[at + 1..],
        None => name,
    }
}

/// A whole part: the XML declaration (if any) and the root element.
#[derive(Debug, Clone)]
pub struct Part {
    pub decl: Option<String>,
    pub root: Element,
}

fn text_of(bytes: &[u8]) -> Result<String> {
    Ok(std::str::from_utf8(bytes)
        .context("the part is not UTF-8")?
        .to_string())
}

pub fn parse(xml: &[u8]) -> Result<Part> {
    let text = std::str::from_utf8(xml).context("the part is not UTF-8")?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut decl = None;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let ev = reader
            .read_event()
            .with_context(|| format!("XML error at byte {}", reader.buffer_position()))?;
        match ev {
            Event::Decl(d) => decl = Some(format!("<?{}?>", text_of(&d)?)),
            Event::Start(s) => stack.push(start(&s)?),
            Event::Empty(s) => {
                let e = start(&s)?;
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::End(_) => {
                let Some(e) = stack.pop() else {
                    bail!("an end tag without a start");
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Node::Element(e)),
                    None => root = Some(e),
                }
            }
            Event::Text(t) => {
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Node::Text(text_of(&t)?));
                }
            }
            Event::GeneralRef(r) => {
                if let Some(parent) = stack.last_mut() {
                    parent
                        .children
                        .push(Node::Text(format!("&{};", text_of(&r)?)));
                }
            }
            Event::CData(c) => {
                if let Some(parent) = stack.last_mut() {
                    let raw = text_of(&c)?;
                    parent.children.push(Node::Text(escape(&raw)));
                }
            }
            Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
        }
    }
    let root = root.context("the part has no root element")?;
    // Adjacent text nodes (text split around entity references) as one.
    let mut root = root;
    root.walk_mut(&mut |e| merge_text(&mut e.children));
    Ok(Part { decl, root })
}

fn merge_text(children: &mut Vec<Node>) {
    let mut out: Vec<Node> = Vec::with_capacity(children.len());
    for n in std::mem::take(children) {
        match (out.last_mut(), n) {
            (Some(Node::Text(prev)), Node::Text(t)) => prev.push_str(&t),
            (_, n) => out.push(n),
        }
    }
    *children = out;
}

fn start(s: &quick_xml::events::BytesStart) -> Result<Element> {
    let name = text_of(s.name().as_ref())?;
    let mut attrs = Vec::new();
    for a in s.attributes().with_checks(false) {
        let a = a.context("a malformed attribute")?;
        attrs.push((text_of(a.key.as_ref())?, text_of(&a.value)?));
    }
    Ok(Element {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Escapes text for element content or an attribute value.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

pub fn write(part: &Part) -> Vec<u8> {
    let mut out = String::new();
    if let Some(d) = &part.decl {
        out.push_str(d);
    }
    write_element(&part.root, &mut out);
    out.into_bytes()
}

fn write_element(e: &Element, out: &mut String) {
    out.push('<');
    out.push_str(&e.name);
    for (k, v) in &e.attrs {
        out.push(' ');
        out.push_str(k);
        out.push_str("=\"");
        out.push_str(v);
        out.push('"');
    }
    // Text elements keep an end tag even when empty, as Word writes them.
    if e.children.is_empty() && !matches!(e.local(), "t" | "instrText" | "delText") {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in &e.children {
        match c {
            Node::Element(c) => write_element(c, out),
            Node::Text(t) => out.push_str(t),
        }
    }
    out.push_str("</");
    out.push_str(&e.name);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_back_the_same_text() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?><w:p a="x &amp; y"><w:t xml:space="preserve"> a &lt;b&gt; &amp; c </w:t><w:br /></w:p>"#;
        let part = parse(xml).unwrap();
        let back = String::from_utf8(write(&part)).unwrap();
        assert_eq!(
            back,
            r#"<?xml version="1.0" encoding="UTF-8"?><w:p a="x &amp; y"><w:t xml:space="preserve"> a &lt;b&gt; &amp; c </w:t><w:br/></w:p>"#
        );
    }
}
