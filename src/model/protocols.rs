//! What a flow's protocol says about encryption in transit, read against the
//! catalogue in `rules/protocols.toml` (data, not code; how a text is read is
//! written at the top of that file).

use super::{Element, ElementKind, PropValue};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The catalogue shipped with the app.
pub const BUILTIN: &str = include_str!("../../rules/protocols.toml");

/// What a protocol text says about encryption in transit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Encryption {
    Encrypted,
    /// A known plaintext protocol (or an encrypted one negated: "no TLS").
    Plaintext,
    Unknown,
}

/// The verdict on a text, and the catalogue name that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    pub encryption: Encryption,
    /// e.g. "SSH" for "SSHv2"; `None` when unknown.
    pub protocol: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    encrypted: bool,
    #[serde(default)]
    wraps: bool,
    aliases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    negations: Vec<String>,
    protocol: Vec<Entry>,
}

/// A parsed catalogue: aliases as words, by their first word, longest first.
#[derive(Debug, Default)]
pub struct Catalogue {
    entries: Vec<Entry>,
    negations: Vec<String>,
    by_first: HashMap<String, Vec<(Vec<String>, usize)>>,
}

/// Lower-cased words: letter runs and digit runs apart, punctuation dropped,
/// a version "v" before a number left out ("TLSv1.3" → tls 1 3).
pub fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut cur_digit = false;
    let flush = |cur: &mut String, next_is_digit: bool, out: &mut Vec<String>| {
        if cur.is_empty() {
            return;
        }
        let word = std::mem::take(cur);
        let is_letters = !word.starts_with(|c: char| c.is_ascii_digit());
        if next_is_digit && is_letters && word.ends_with('v') {
            let stem = &word[..word.len() - 1];
            if !stem.is_empty() {
                out.push(stem.to_string());
            }
        } else {
            out.push(word);
        }
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        if !c.is_alphanumeric() {
            flush(&mut cur, false, &mut out);
            continue;
        }
        let digit = c.is_ascii_digit();
        if !cur.is_empty() && digit != cur_digit {
            flush(&mut cur, digit, &mut out);
        }
        cur_digit = digit;
        cur.push(c);
    }
    flush(&mut cur, false, &mut out);
    out
}

impl Catalogue {
    /// Parses a catalogue; the built-in one is checked by a test.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let file: File = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut by_first: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (i, e) in file.protocol.iter().enumerate() {
            for alias in &e.aliases {
                let w = words(alias);
                let Some(first) = w.first().cloned() else {
                    return Err(format!("{}: an alias with no word", e.name));
                };
                by_first.entry(first).or_default().push((w, i));
            }
        }
        for list in by_first.values_mut() {
            list.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
        }
        Ok(Catalogue {
            entries: file.protocol,
            negations: file.negations.iter().map(|n| n.to_lowercase()).collect(),
            by_first,
        })
    }

    /// The built-in catalogue (empty, so everything unknown, if it were ever malformed).
    pub fn builtin() -> &'static Catalogue {
        static CAT: OnceLock<Catalogue> = OnceLock::new();
        CAT.get_or_init(|| Catalogue::parse(BUILTIN).unwrap_or_default())
    }

    /// Reads a protocol text.
    pub fn read(&self, text: &str) -> Reading {
        let w = words(text);
        let (mut wrapping, mut plain, mut encrypted) = (None, None, None);
        let mut i = 0;
        while i < w.len() {
            let hit = self.by_first.get(&w[i]).and_then(|list| {
                list.iter()
                    .find(|(alias, _)| w[i..].starts_with(alias))
                    .map(|(alias, e)| (alias.len(), &self.entries[*e]))
            });
            let Some((len, entry)) = hit else {
                i += 1;
                continue;
            };
            let negated = i > 0 && self.negations.contains(&w[i - 1]);
            let name = Some(entry.name.clone());
            match (entry.encrypted, negated) {
                (true, false) if entry.wraps => wrapping = wrapping.or(name),
                (true, false) => encrypted = encrypted.or(name),
                (true, true) => plain = plain.or(Some(format!("no {}", entry.name))),
                (false, false) => plain = plain.or(name),
                (false, true) => {}
            }
            i += len;
        }
        let (encryption, protocol) = match (wrapping, plain, encrypted) {
            (Some(p), _, _) => (Encryption::Encrypted, Some(p)),
            (None, Some(p), _) => (Encryption::Plaintext, Some(p)),
            (None, None, Some(p)) => (Encryption::Encrypted, Some(p)),
            (None, None, None) => (Encryption::Unknown, None),
        };
        Reading {
            encryption,
            protocol,
        }
    }
}

/// What a flow says: its `protocol` property, else (when that is empty) its
/// name. Anything but a flow is unknown.
pub fn of_flow(e: &Element) -> Reading {
    let unknown = Reading {
        encryption: Encryption::Unknown,
        protocol: None,
    };
    if e.kind != ElementKind::DataFlow {
        return unknown;
    }
    let text = match e.props.get("protocol") {
        Some(PropValue::Text(t)) if !t.trim().is_empty() => t.as_str(),
        _ => e.name.as_str(),
    };
    Catalogue::builtin().read(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(text: &str) -> Encryption {
        Catalogue::builtin().read(text).encryption
    }

    fn name(text: &str) -> Option<String> {
        Catalogue::builtin().read(text).protocol
    }

    #[test]
    fn the_builtin_catalogue_parses() {
        let cat = Catalogue::parse(BUILTIN).expect("rules/protocols.toml");
        assert!(cat.entries.len() >= 30);
        assert!(
            cat.entries.iter().any(|e| e.encrypted) && cat.entries.iter().any(|e| !e.encrypted)
        );
    }

    #[test]
    fn words_split_letters_digits_and_versions() {
        assert_eq!(words("TLSv1.3"), ["tls", "1", "3"]);
        assert_eq!(words("TLS 1.3"), ["tls", "1", "3"]);
        assert_eq!(words("HTTPS/1.1"), ["https", "1", "1"]);
        assert_eq!(words("POP3S"), ["pop", "3", "s"]);
        assert_eq!(words("SNMP v2c"), ["snmp", "2", "c"]);
        assert_eq!(words("gRPC (TLS)"), ["grpc", "tls"]);
        assert_eq!(words("  "), Vec::<String>::new());
    }

    #[test]
    fn what_people_type_for_encrypted_protocols() {
        for text in [
            "https",
            "HTTPS",
            "HTTPS/1.1",
            "TLS 1.3",
            "TLSv1.2",
            "HTTP over TLS",
            "gRPC (TLS)",
            "grpcs",
            "SSH",
            "SSHv2",
            "SFTP",
            "FTPS",
            "LDAPS",
            "AMQPS",
            "MQTTS",
            "IMAPS",
            "SMTPS",
            "POP3S",
            "SMTP with STARTTLS",
            "WSS",
            "MQTT over WSS",
            "IPsec tunnel",
            "WireGuard",
            "PostgreSQL over TLS",
            "postgres+ssl",
            "Kafka SASL_SSL",
            "mTLS",
            "HTTP/3",
            "DNS over HTTPS",
        ] {
            assert_eq!(enc(text), Encryption::Encrypted, "{text}");
        }
    }

    #[test]
    fn what_people_type_for_plaintext_protocols() {
        for text in [
            "HTTP",
            "http",
            "HTTP/1.1",
            "HTTP/2",
            "FTP",
            "Telnet",
            "LDAP",
            "AMQP",
            "MQTT",
            "SMTP",
            "IMAP",
            "POP3",
            "WS",
            "WebSocket",
            "gRPC",
            "SNMPv2c",
            "SNMP v1",
            "DNS",
            "gRPC without TLS",
            "PostgreSQL, no TLS",
            "HTTP/HTTPS",
            "plaintext TCP",
        ] {
            assert_eq!(enc(text), Encryption::Plaintext, "{text}");
        }
    }

    #[test]
    fn unknown_stays_unknown() {
        for text in [
            "",
            "PostgreSQL",
            "Kafka",
            "SQL queries",
            "data",
            "SNMP",
            "Kerberos",
            "HTTPX",
            "sshd",
        ] {
            assert_eq!(enc(text), Encryption::Unknown, "{text}");
        }
    }

    #[test]
    fn the_deciding_name_is_the_catalogues() {
        assert_eq!(name("SSHv2").as_deref(), Some("SSH"));
        assert_eq!(name("HTTP over TLS").as_deref(), Some("TLS"));
        assert_eq!(name("gRPC (TLS)").as_deref(), Some("gRPC over TLS"));
        assert_eq!(name("HTTP").as_deref(), Some("HTTP"));
        assert_eq!(name("gRPC without TLS").as_deref(), Some("gRPC"));
        assert_eq!(name("Oracle without TLS").as_deref(), Some("no TLS"));
        assert_eq!(name("Oracle"), None);
    }

    #[test]
    fn a_flow_reads_its_protocol_then_its_name() {
        let mut f = Element {
            id: "f".into(),
            diagram_id: "d".into(),
            kind: ElementKind::DataFlow,
            name: "HTTPS".into(),
            description: String::new(),
            rect: Default::default(),
            source: None,
            target: None,
            props: Default::default(),
            points: vec![],
            foreign: Default::default(),
        };
        assert_eq!(of_flow(&f).encryption, Encryption::Encrypted);
        f.props
            .insert("protocol".into(), PropValue::Text("  ".into()));
        assert_eq!(
            of_flow(&f).encryption,
            Encryption::Encrypted,
            "an empty protocol"
        );
        f.props
            .insert("protocol".into(), PropValue::Text("HTTP".into()));
        assert_eq!(
            of_flow(&f).encryption,
            Encryption::Plaintext,
            "the protocol wins"
        );
        f.kind = ElementKind::Process;
        assert_eq!(of_flow(&f).encryption, Encryption::Unknown);
    }

    #[test]
    fn a_bad_catalogue_says_why() {
        assert!(Catalogue::parse(
            "negations = []\n[[protocol]]\nname = \"X\"\nencrypted = true\naliases = [\"!\"]"
        )
        .is_err());
        assert!(Catalogue::parse(
            "negations = []\n[[protocol]]\nname = \"X\"\nsecure = true\naliases = []"
        )
        .is_err());
    }
}
