//! A small element tree over quick-xml, enough to read arXiv feeds: namespaced element
//! names, attributes, text with entities resolved, and the byte offset of every element
//! (for diagnostics). Feeds are at most a few megabytes, so a tree is simpler than
//! streaming and costs nothing that matters.

use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

pub const ATOM: &str = "http://www.w3.org/2005/Atom";
pub const ARXIV: &str = "http://arxiv.org/schemas/atom";
pub const OPENSEARCH: &str = "http://a9.com/-/spec/opensearch/1.1/";
pub const DUBLIN_CORE: &str = "http://purl.org/dc/elements/1.1/";

/// One element: its namespace URI (empty when none), local name, attributes by local name,
/// child elements and its own text (all text and CDATA directly inside it, concatenated).
#[derive(Debug, Clone, Default)]
pub struct Element {
    pub namespace: String,
    pub name: String,
    /// The name as written, prefix included (`dc:creator`), for messages.
    pub written_name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
    /// Byte offset of the element's `<` in the document.
    pub offset: usize,
}

/// A malformed document: where and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub offset: usize,
    pub message: String,
}

impl Element {
    pub fn is(&self, namespace: &str, name: &str) -> bool {
        self.namespace == namespace && self.name == name
    }

    /// The first child `namespace:name`.
    pub fn child(&self, namespace: &str, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.is(namespace, name))
    }

    /// Every child `namespace:name`, in document order.
    pub fn children_named<'a>(
        &'a self,
        namespace: &'a str,
        name: &'a str,
    ) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.is(namespace, name))
    }

    /// The trimmed text of the first child `namespace:name`, when it is not empty.
    pub fn child_text(&self, namespace: &str, name: &str) -> Option<&str> {
        self.child(namespace, name)
            .map(|c| c.text.trim())
            .filter(|t| !t.is_empty())
    }

    /// The value of the attribute `name` (by local name).
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Parses a whole document into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let offset = reader.buffer_position() as usize;
        let fail = |reader: &NsReader<&[u8]>, e: &dyn std::fmt::Display| XmlError {
            offset: (reader.error_position() as usize).max(offset),
            message: e.to_string(),
        };
        let result = reader
            .read_resolved_event()
            .map(|(resolved, event)| (namespace_of(&resolved), event));
        let (resolved, event) = match result {
            Ok(read) => read,
            Err(e) => return Err(fail(&reader, &e)),
        };
        match event {
            Event::Start(start) => {
                let element = open(&reader, &start, resolved, offset)
                    .map_err(|e| XmlError { offset, message: e })?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = open(&reader, &start, resolved, offset)
                    .map_err(|e| XmlError { offset, message: e })?;
                close(&mut stack, &mut root, element, offset)?;
            }
            Event::End(_) => {
                // quick-xml checks that end names match their start tags.
                if let Some(element) = stack.pop() {
                    close(&mut stack, &mut root, element, offset)?;
                }
            }
            Event::Text(text) => {
                let decoded = text.xml10_content().map_err(|e| fail(&reader, &e))?;
                push_text(&mut stack, &decoded, offset)?;
            }
            Event::CData(data) => {
                let decoded = data.decode().map_err(|e| fail(&reader, &e))?;
                push_text(&mut stack, &decoded, offset)?;
            }
            Event::GeneralRef(reference) => {
                let resolved_text = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = reference.decode().map_err(|e| fail(&reader, &e))?;
                        resolve_xml_entity(&name)
                            .ok_or_else(|| XmlError {
                                offset,
                                message: format!("unknown entity `&{name};`"),
                            })?
                            .to_string()
                    }
                    Err(e) => return Err(fail(&reader, &e)),
                };
                push_text(&mut stack, &resolved_text, offset)?;
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(XmlError {
            offset: text.len(),
            message: format!(
                "the file ends inside `<{}>` (opened on line {}): it is truncated",
                open.written_name,
                crate::diagnostic::line_column(text, open.offset).0
            ),
        });
    }
    root.ok_or_else(|| XmlError {
        offset: 0,
        message: "the file holds no XML element".into(),
    })
}

fn namespace_of(resolved: &ResolveResult<'_>) -> String {
    match resolved {
        ResolveResult::Bound(ns) => String::from_utf8_lossy(ns.as_ref()).into_owned(),
        _ => String::new(),
    }
}

fn open(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    namespace: String,
    offset: usize,
) -> Result<Element, String> {
    let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
    let written_name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
    let mut attributes = Vec::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let key = String::from_utf8_lossy(attribute.key.local_name().as_ref()).into_owned();
        let value = attribute
            .decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, reader.decoder())
            .map_err(|e| e.to_string())?
            .into_owned();
        attributes.push((key, value));
    }
    Ok(Element {
        namespace,
        name,
        written_name,
        attributes,
        children: Vec::new(),
        text: String::new(),
        offset,
    })
}

fn close(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    offset: usize,
) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => {
            return Err(XmlError {
                offset,
                message: "a second root element: an XML document has exactly one".into(),
            });
        }
    }
    Ok(())
}

fn push_text(stack: &mut [Element], text: &str, offset: usize) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(element) => element.text.push_str(text),
        None if text.trim().is_empty() => {}
        None => {
            return Err(XmlError {
                offset,
                message: "text outside of the root element".into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_namespaces_entities_and_cdata() {
        let root = parse(
            "<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom' \
             xmlns:arxiv='http://arxiv.org/schemas/atom'><title>a &amp; b &#x3b1;</title>\
             <arxiv:doi>10.1/x</arxiv:doi><link href='x?a=1&amp;b=2'/><s><![CDATA[<i>]]></s></feed>",
        )
        .unwrap();
        assert!(root.is(ATOM, "feed"));
        assert_eq!(root.child_text(ATOM, "title"), Some("a & b α"));
        assert_eq!(root.child_text(ARXIV, "doi"), Some("10.1/x"));
        assert_eq!(
            root.child(ATOM, "link").unwrap().attribute("href"),
            Some("x?a=1&b=2")
        );
        assert_eq!(root.child_text(ATOM, "s"), Some("<i>"));
    }

    #[test]
    fn truncated_and_mismatched_documents_fail_with_a_position() {
        let err = parse("<rss xmlns:dc='d'>\n<channel><item><dc:creator>x").unwrap_err();
        assert_eq!(
            err.message,
            "the file ends inside `<dc:creator>` (opened on line 2): it is truncated"
        );
        let err = parse("<a>\n<b></c></a>").unwrap_err();
        assert!(err.offset >= 4, "{err:?}");
        assert!(parse("").is_err());
    }
}
