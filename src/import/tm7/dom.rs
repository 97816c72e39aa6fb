//! A small element tree of a `.tm7` file, read in one pass with quick-xml's
//! streaming reader: local names only (the tool's namespace prefixes vary
//! from file to file — `a:`, `b:`, `z:` — and carry no meaning for us), the
//! attributes by local name, the text of each element. No DTD (so no
//! entity), at most `MAX_DEPTH` levels, and any malformed input is a
//! one-line refusal, never a panic.

use crate::error::{Error, Result};
use crate::import::MAX_DEPTH;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

pub(super) const EXPECTED: &str =
    "expected a Microsoft Threat Modeling Tool .tm7 file (DataContract XML with a ThreatModel root)";

#[derive(Debug, Default)]
pub(super) struct Node {
    pub name: String,
    /// Attributes by local name (`i:type` → `type`, `z:Id` → `Id`), without
    /// the namespace declarations.
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The children named `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// `i:nil="true"`.
    pub fn is_nil(&self) -> bool {
        self.attr("nil") == Some("true")
    }

    /// The trimmed text of the child `name`, `None` if missing, nil or empty.
    pub fn text_of(&self, name: &str) -> Option<&str> {
        let c = self.child(name)?;
        if c.is_nil() {
            return None;
        }
        let t = c.text.trim();
        (!t.is_empty()).then_some(t)
    }

    /// The local part of `i:type` (`b:StringDisplayAttribute` → `StringDisplayAttribute`).
    pub fn xsi_type(&self) -> Option<&str> {
        self.attr("type").map(|t| t.rsplit(':').next().unwrap_or(t))
    }
}

/// The text of `bytes`: UTF-8 (with or without a byte-order mark) or UTF-16
/// (either byte order, with a mark or starting with `<`).
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(format!(
            "This file is a zip archive, not a .tm7 model: {EXPECTED}"
        )));
    }
    let utf16 = |body: &[u8], little: bool| -> Result<Cow<'_, str>> {
        if !body.len().is_multiple_of(2) {
            return Err(Error::invalid(format!(
                "This UTF-16 file ends in the middle of a character: {EXPECTED}"
            )));
        }
        let units = body.chunks_exact(2).map(|c| match c {
            [a, b] if little => u16::from_le_bytes([*a, *b]),
            [a, b] => u16::from_be_bytes([*a, *b]),
            _ => 0,
        });
        char::decode_utf16(units)
            .collect::<std::result::Result<String, _>>()
            .map(Cow::Owned)
            .map_err(|_| {
                Error::invalid(format!(
                    "This UTF-16 file holds an invalid character: {EXPECTED}"
                ))
            })
    };
    if let Some(body) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(body, true);
    }
    if let Some(body) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(body, false);
    }
    match bytes {
        [b'<', 0, ..] => return utf16(bytes, true),
        [0, b'<', ..] => return utf16(bytes, false),
        _ => {}
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(body)
        .map(Cow::Borrowed)
        .map_err(|_| Error::invalid(format!("This file is not text: {EXPECTED}")))
}

fn malformed(what: impl std::fmt::Display) -> Error {
    // One line, short: a parser's message may quote the input.
    let what: String = what
        .to_string()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(160)
        .collect();
    Error::invalid(format!(
        "This file is not well-formed XML ({what}): {EXPECTED}"
    ))
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

fn open(e: &BytesStart) -> Result<Node> {
    let name = local(e.name().into_inner()).to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(malformed)?;
        let key = a.key.into_inner();
        if key == "xmlns" || key.starts_with("xmlns:") {
            continue;
        }
        let value = a
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(malformed)?;
        attrs.push((local(key).to_string(), value.into_owned()));
    }
    Ok(Node {
        name,
        attrs,
        ..Node::default()
    })
}

/// The document's root element, with everything under it.
pub(super) fn parse(text: &str) -> Result<Node> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Node> = Vec::new();
    let mut root: Option<Node> = None;
    let place = |stack: &mut Vec<Node>, root: &mut Option<Node>, node: Node| -> Result<()> {
        match stack.last_mut() {
            Some(parent) => parent.children.push(node),
            None if root.is_none() => *root = Some(node),
            None => return Err(malformed("more than one root element")),
        }
        Ok(())
    };
    loop {
        let event = reader.read_event().map_err(malformed)?;
        match event {
            Event::DocType(_) => {
                return Err(Error::invalid(format!(
                    "This file declares a DTD (<!DOCTYPE …>), which a .tm7 never has and an import does not read: {EXPECTED}"
                )))
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::invalid(format!(
                        "This file nests deeper than {MAX_DEPTH} levels: {EXPECTED}"
                    )));
                }
                if root.is_some() && stack.is_empty() {
                    return Err(malformed("more than one root element"));
                }
                stack.push(open(&e)?);
            }
            Event::Empty(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(Error::invalid(format!(
                        "This file nests deeper than {MAX_DEPTH} levels: {EXPECTED}"
                    )));
                }
                let node = open(&e)?;
                place(&mut stack, &mut root, node)?;
            }
            Event::End(_) => {
                let node = stack
                    .pop()
                    .ok_or_else(|| malformed("a closing tag without its opening tag"))?;
                place(&mut stack, &mut root, node)?;
            }
            Event::Text(t) => {
                let content = t.xml10_content();
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&content),
                    None if content.trim().is_empty() => {}
                    None => return Err(malformed("text outside the root element")),
                }
            }
            Event::CData(t) => {
                let content = t.xml10_content();
                match stack.last_mut() {
                    Some(node) => node.text.push_str(&content),
                    None => return Err(malformed("text outside the root element")),
                }
            }
            Event::GeneralRef(r) => {
                let ch = match r.resolve_char_ref().map_err(malformed)? {
                    Some(c) => c,
                    None => match &*r {
                        "amp" => '&',
                        "lt" => '<',
                        "gt" => '>',
                        "quot" => '"',
                        "apos" => '\'',
                        other => {
                            return Err(malformed(format!(
                                "the entity &{}; is not declared",
                                other.chars().take(40).collect::<String>()
                            )))
                        }
                    },
                };
                match stack.last_mut() {
                    Some(node) => node.text.push(ch),
                    None => return Err(malformed("text outside the root element")),
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if !stack.is_empty() {
        return Err(malformed("the file ends before its elements are closed"));
    }
    root.ok_or_else(|| Error::invalid(format!("This file holds no XML element: {EXPECTED}")))
}
