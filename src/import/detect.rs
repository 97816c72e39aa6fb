//! Which tool wrote a file, from its content (never from its name alone).

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    ThreatDragon,
    Otm,
    Tm7,
    /// OWASP pytm's JSON model (`elements`, `flows`, `boundaries`).
    Pytm,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::ThreatDragon => "Threat Dragon",
            Format::Otm => "OTM",
            Format::Tm7 => "Microsoft Threat Modeling Tool",
            Format::Pytm => "pytm",
        }
    }

    /// `td`, `otm`, `tm7` or `pytm`, as the command line spells them.
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "td" | "threat-dragon" => Some(Format::ThreatDragon),
            "otm" => Some(Format::Otm),
            "tm7" => Some(Format::Tm7),
            "pytm" => Some(Format::Pytm),
            _ => None,
        }
    }
}

const EXPECTED: &str =
    "expected a Threat Dragon v2 JSON file, an OTM file (JSON or YAML), a Microsoft Threat Modeling Tool .tm7 file or a pytm JSON model";

/// The format `bytes` are written in, or a one-line refusal naming what was expected.
pub fn detect(bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(b"PK\x03\x04") {
        return Err(Error::invalid(format!(
            "This file is a zip archive, not a model: {EXPECTED}"
        )));
    }
    let text = match std::str::from_utf8(strip_bom(bytes)) {
        Ok(t) => t,
        // A .tm7 is UTF-8 XML; UTF-16 ones exist too (the tool's "save as").
        Err(_) if looks_like_utf16_xml(bytes) => return Ok(Format::Tm7),
        Err(_) => return Err(Error::invalid(format!("This file is not text: {EXPECTED}"))),
    };
    let head = text.trim_start();
    if head.starts_with('<') {
        if head.contains("<ThreatModel") || head.contains("ThreatModel ") {
            return Ok(Format::Tm7);
        }
        return Err(Error::invalid(format!(
            "This XML file is not a Microsoft Threat Modeling Tool model (no ThreatModel root): {EXPECTED}"
        )));
    }
    if head.starts_with('{') {
        // Look only at the top-level keys' names, not the whole value.
        let keys = top_keys(head);
        if keys.iter().any(|k| k == "otmVersion") {
            return Ok(Format::Otm);
        }
        if keys.iter().any(|k| k == "detail") || keys.iter().any(|k| k == "summary") {
            return Ok(Format::ThreatDragon);
        }
        if keys.iter().any(|k| k == "elements" || k == "flows") {
            return Ok(Format::Pytm);
        }
        return Err(Error::invalid(format!(
            "This JSON file is neither a Threat Dragon model (no \"summary\" or \"detail\"), an OTM model (no \"otmVersion\") nor a pytm model (no \"elements\" or \"flows\"): {EXPECTED}"
        )));
    }
    if head.lines().any(|l| {
        let l = l.trim_start_matches('\u{feff}');
        ["otmVersion:", "\"otmVersion\":", "'otmVersion':"]
            .iter()
            .any(|k| l.starts_with(k))
    }) {
        return Ok(Format::Otm);
    }
    Err(Error::invalid(format!(
        "This file is not a model: {EXPECTED}"
    )))
}

pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

fn looks_like_utf16_xml(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE<\0") || bytes.starts_with(b"\xFE\xFF\0<")
}

/// The keys of a JSON object's first level, read without building the value.
fn top_keys(json: &str) -> Vec<String> {
    #[derive(Deserialize)]
    struct Keys(#[serde(with = "keys")] Vec<String>);
    mod keys {
        use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Vec<String>;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                    let mut out = Vec::new();
                    while let Some(k) = m.next_key::<String>()? {
                        m.next_value::<IgnoredAny>()?;
                        out.push(k);
                    }
                    Ok(out)
                }
            }
            d.deserialize_map(V)
        }
    }
    serde_json::from_str::<Keys>(json)
        .map(|k| k.0)
        .unwrap_or_default()
}
