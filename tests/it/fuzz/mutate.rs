//! Mutations shared by the targets: bytes, text, TOML values, JSON documents.

use super::*;

/// Tokens that mean something to TOML, JSON or our grammars, for splicing in.
pub(super) const TOKENS: &[&str] = &[
    "[[rule]]",
    "[rule]",
    "[[question]]",
    "[question]",
    "=",
    "\"",
    "'",
    "'''",
    "\"\"\"",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "#",
    ".",
    "\\",
    "\\u0000",
    "\\uD800",
    "\u{202E}",
    "\u{0}",
    "1e308",
    "-1e308",
    "1e999",
    "nan",
    "inf",
    "-inf",
    "-0",
    "0x7fffffffffffffff",
    "9223372036854775808",
    "-9223372036854775809",
    "true",
    "false",
    "null",
    "1979-05-27T07:32:00Z",
    "id",
    "category",
    "applies_to",
    "title",
    "scenario",
    "actions",
    "references",
    "when",
    "unless",
    "prop",
    "equals",
    "set",
    "contains",
    "crosses_boundary",
    "in_boundary",
    "source_kind",
    "target_kind",
    "topic",
    "text",
    "property",
    "value",
    "process",
    "data_store",
    "external_entity",
    "data_flow",
    "trust_boundary",
    "spoofing",
    "tampering",
    "repudiation",
    "information_disclosure",
    "denial_of_service",
    "elevation_of_privilege",
    "protocol",
    "authentication",
    "encrypted_in_transit",
    "internet_facing",
    "out_of_scope",
    "@",
    " ",
    "version",
    "impact",
    "likelihood",
    "[impact]",
    "[likelihood]",
    "rationale",
    "affected_users",
    "recommended_actions",
    "tags",
    "high",
    "\"S\"",
    "CWE-79",
];

/// A few bytes flipped, dropped, repeated, cut or spliced: the raw kind of damage.
pub(super) fn mutate_bytes(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..rng.between(1, 4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            0 if len > 0 => data[at.min(len - 1)] ^= 1 << rng.below(8),
            1 if len > 0 => data[at.min(len - 1)] = rng.byte(),
            2 => {
                let end = (at + rng.between(1, 64)).min(len);
                data.drain(at..end);
            }
            3 => {
                let end = (at + rng.between(1, 64)).min(len);
                let copy = data[at..end].to_vec();
                data.splice(at..at, copy);
            }
            4 => data.truncate(at),
            5 => {
                let token = rng.pick(TOKENS).expect("tokens").as_bytes().to_vec();
                data.splice(at..at, token);
            }
            6 => {
                let bytes: Vec<u8> = (0..rng.between(1, 16)).map(|_| rng.byte()).collect();
                data.splice(at..at, bytes);
            }
            _ => {
                // Repeat a span many times: long lines, deep nesting.
                let end = (at + rng.between(1, 8)).min(len);
                let span = data[at..end].to_vec();
                let times = rng.between(2, 3000);
                let repeated: Vec<u8> = span
                    .iter()
                    .copied()
                    .cycle()
                    .take(span.len() * times)
                    .collect();
                data.splice(at..at, repeated);
            }
        }
    }
}

/// A text mutated as lines (dropped, doubled, swapped), tokens and bytes.
pub(super) fn mutate_text(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..rng.between(1, 3) {
        let n = lines.len();
        let i = rng.below(n);
        match rng.below(8) {
            0 if n > 0 => {
                lines.remove(i);
            }
            1 if n > 0 => {
                let l = lines[i].clone();
                lines.insert(rng.below(n + 1), l);
            }
            2 if n > 1 => {
                let j = rng.below(n);
                lines.swap(i, j);
            }
            3 if n > 0 => {
                // A value replaced: `key = <something else>`.
                if let Some((key, _)) = lines[i].split_once('=') {
                    lines[i] = format!("{key}= {}", value_text(rng));
                }
            }
            4 => lines.insert(rng.below(n + 1), deep(rng)),
            5 => lines.insert(
                rng.below(n + 1),
                format!(
                    "{} = {}",
                    rng.pick(TOKENS).expect("tokens"),
                    value_text(rng)
                ),
            ),
            _ => {
                let mut bytes = lines.get(i).cloned().unwrap_or_default().into_bytes();
                mutate_bytes(rng, &mut bytes);
                let line = String::from_utf8_lossy(&bytes).into_owned();
                match lines.get_mut(i) {
                    Some(l) => *l = line,
                    None => lines.push(line),
                }
            }
        }
    }
    lines.join("\n")
}

/// A TOML value of any type, including the awkward ones.
pub(super) fn value_text(rng: &mut Rng) -> String {
    match rng.below(12) {
        0 => "nan".into(),
        1 => "1e308".into(),
        2 => "-inf".into(),
        3 => "9223372036854775807".into(),
        4 => format!("\"{}\"", "x".repeat(rng.between(0, 200_000))),
        5 => "[]".into(),
        6 => "{}".into(),
        7 => "true".into(),
        8 => format!("\"{}\"", rng.pick(TOKENS).expect("tokens").escape_default()),
        9 => format!(
            "[\"{}\", \"{}\"]",
            rng.pick(TOKENS).expect("tokens").escape_default(),
            rng.pick(TOKENS).expect("tokens").escape_default()
        ),
        10 => "1979-05-27".into(),
        _ => rng.next_u64().to_string(),
    }
}

/// Deeply nested arrays or inline tables, sometimes unclosed.
pub(super) fn deep(rng: &mut Rng) -> String {
    let depth = rng.between(10, 20_000);
    let (open, close) = if rng.one_in(2) {
        ("[", "]")
    } else {
        ("{a=", "}")
    };
    let closed = if rng.one_in(3) { 0 } else { depth };
    format!("deep = {}1{}", open.repeat(depth), close.repeat(closed))
}

/// A JSON document mutated: a node replaced by another type, a huge or odd
/// string, a deep nesting, an extreme number, a key dropped or added — or, one
/// time in four, its text damaged as bytes.
pub(super) fn mutate_json(rng: &mut Rng, json: &[u8]) -> Vec<u8> {
    let Ok(mut doc) = serde_json::from_slice::<Value>(json) else {
        let mut bytes = json.to_vec();
        mutate_bytes(rng, &mut bytes);
        return bytes;
    };
    if rng.one_in(4) {
        let mut bytes = json.to_vec();
        mutate_bytes(rng, &mut bytes);
        return bytes;
    }
    for _ in 0..rng.between(1, 3) {
        let mut paths = Vec::new();
        pointers(&doc, String::new(), &mut paths);
        let path = rng.pick(&paths).cloned().unwrap_or_default();
        let Some(node) = doc.pointer_mut(&path) else {
            continue;
        };
        *node = match rng.below(14) {
            0 => Value::Null,
            1 => Value::Bool(rng.one_in(2)),
            2 => serde_json::json!(1e308),
            3 => serde_json::json!(-1e308),
            4 => serde_json::json!(u64::MAX),
            5 => serde_json::json!(i64::MIN),
            6 => serde_json::json!(-1),
            7 => Value::String("A".repeat(rng.between(1, 3 << 20))),
            8 => Value::String(
                [
                    "\u{0}",
                    "\u{202E}",
                    "\n",
                    "<img src=x onerror=alert(1)>",
                    "é",
                    "\u{FFFF}",
                ]
                .iter()
                .cycle()
                .take(rng.between(1, 50))
                .copied()
                .collect(),
            ),
            9 => {
                let mut v = Value::Null;
                for _ in 0..rng.between(2, 100) {
                    v = Value::Array(vec![v]);
                }
                v
            }
            10 => {
                // Repeated, up to about a megabyte (a 3 MB string is not copied 500 times).
                let size = node.to_string().len().max(1);
                let times = rng.between(0, 500).min((1 << 20) / size);
                Value::Array(vec![node.clone(); times])
            }
            11 => serde_json::json!({ "unknown": node.clone() }),
            12 => Value::String(rng.next_u64().to_string()),
            _ => serde_json::json!(rng.next_u64() as f64 / 7.0),
        };
    }
    let mut text = serde_json::to_vec(&doc).expect("json");
    if rng.one_in(6) {
        // What JSON cannot say, said anyway.
        let bad = rng.pick(&["NaN", "Infinity", "-Infinity", "1e999", "-0", "00"]);
        let needle = b"1e308";
        if let (Some(bad), Some(at)) = (bad, find(&text, needle)) {
            text.splice(at..at + needle.len(), bad.bytes());
        }
    }
    text
}

pub(super) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Every node's JSON pointer.
pub(super) fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                let key = k.replace('~', "~0").replace('/', "~1");
                pointers(item, format!("{at}/{key}"), out);
            }
        }
        _ => {}
    }
}
