//! Files built by hand: states, priorities, loose ends and curves; encodings;
//! bad, truncated and mutated files; large ones.

use super::*;

/// A small `.tm7` written the way the tool writes it, with other namespace
/// prefixes (`q:` for arrays, `k:` for the knowledge base).
pub(super) fn tm7(borders: &str, lines: &str, threats: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<ThreatModel xmlns="http://schemas.datacontract.org/2004/07/ThreatModeling.Model" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
<DrawingSurfaceList><DrawingSurfaceModel z:Id="i1" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/">
<GenericTypeId>DRAWINGSURFACE</GenericTypeId><Guid>00000000-0000-0000-0000-0000000000d1</Guid>
<Borders xmlns:q="http://schemas.microsoft.com/2003/10/Serialization/Arrays">{borders}</Borders>
<Header>Hand &amp; made</Header>
<Lines xmlns:q="http://schemas.microsoft.com/2003/10/Serialization/Arrays">{lines}</Lines>
<Zoom>1</Zoom></DrawingSurfaceModel></DrawingSurfaceList>
<MetaInformation><ThreatModelName>Hand made</ThreatModelName><Owner>Ann</Owner></MetaInformation>
<ThreatInstances xmlns:q="http://schemas.microsoft.com/2003/10/Serialization/Arrays">{threats}</ThreatInstances>
<KnowledgeBase><StandardElements><ElementType><Id>SE.DS.TMCore.Secret</Id><Name>Secret store</Name><ParentId>GE.DS</ParentId></ElementType><ElementType><Id>XX.Vault</Id><Name>Custom vault</Name><ParentId>SE.DS.TMCore.Secret</ParentId></ElementType></StandardElements><ThreatCategories><ThreatCategory><Id>A</Id><Name>Abuse</Name></ThreatCategory></ThreatCategories></KnowledgeBase>
</ThreatModel>"#
    )
}

pub(super) fn name_prop(name: &str) -> String {
    format!(
        r#"<Properties><q:anyType i:type="k:StringDisplayAttribute" xmlns:k="http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase"><k:DisplayName>Name</k:DisplayName><k:Name/><k:Value i:type="c:string" xmlns:c="http://www.w3.org/2001/XMLSchema">{name}</k:Value></q:anyType></Properties>"#
    )
}

pub(super) fn stencil(guid: &str, xsi: &str, generic: &str, name: &str, x: f64, y: f64) -> String {
    format!(
        r#"<q:KeyValueOfguidanyType><q:Key>{guid}</q:Key><q:Value z:Id="i{guid}" i:type="{xsi}" xmlns:z="http://schemas.microsoft.com/2003/10/Serialization/"><GenericTypeId>{generic}</GenericTypeId><Guid>{guid}</Guid>{}<TypeId>{generic}</TypeId><Height>100</Height><Left>{x}</Left><Top>{y}</Top><Width>100</Width></q:Value></q:KeyValueOfguidanyType>"#,
        name_prop(name)
    )
}

#[allow(clippy::too_many_arguments)]
pub(super) fn line(
    guid: &str,
    xsi: &str,
    generic: &str,
    name: &str,
    from: &str,
    to: &str,
    (sx, sy): (f64, f64),
    (hx, hy): (f64, f64),
    (tx, ty): (f64, f64),
) -> String {
    format!(
        r#"<q:KeyValueOfguidanyType><q:Key>{guid}</q:Key><q:Value i:type="{xsi}"><GenericTypeId>{generic}</GenericTypeId><Guid>{guid}</Guid>{}<TypeId>{generic}</TypeId><HandleX>{hx}</HandleX><HandleY>{hy}</HandleY><PortSource>None</PortSource><PortTarget>None</PortTarget><SourceGuid>{from}</SourceGuid><SourceX>{sx}</SourceX><SourceY>{sy}</SourceY><TargetGuid>{to}</TargetGuid><TargetX>{tx}</TargetX><TargetY>{ty}</TargetY></q:Value></q:KeyValueOfguidanyType>"#,
        name_prop(name)
    )
}

pub(super) fn threat(
    id: u32,
    flow: &str,
    state: &str,
    priority: &str,
    info: &str,
    category: &str,
) -> String {
    let info = if info.is_empty() {
        r#"<k:StateInformation i:nil="true"/>"#.to_string()
    } else {
        format!("<k:StateInformation>{info}</k:StateInformation>")
    };
    format!(
        r#"<q:KeyValueOfstringThreatpc_P0_PhOB><q:Key>T{id}{flow}</q:Key><q:Value xmlns:k="http://schemas.datacontract.org/2004/07/ThreatModeling.KnowledgeBase"><k:FlowGuid>{flow}</k:FlowGuid><k:Id>{id}</k:Id><k:InteractionKey>x:{flow}:y</k:InteractionKey><k:Priority>{priority}</k:Priority><k:Properties><q:KeyValueOfstringstring><q:Key>Title</q:Key><q:Value>Threat {id}</q:Value></q:KeyValueOfstringstring><q:KeyValueOfstringstring><q:Key>UserThreatCategory</q:Key><q:Value>{category}</q:Value></q:KeyValueOfstringstring><q:KeyValueOfstringstring><q:Key>UserThreatDescription</q:Key><q:Value>What goes wrong {id}</q:Value></q:KeyValueOfstringstring></k:Properties><k:SourceGuid>{flow}</k:SourceGuid><k:State>{state}</k:State>{info}<k:TargetGuid>{flow}</k:TargetGuid><k:TypeId>X{id}</k:TypeId></q:Value></q:KeyValueOfstringThreatpc_P0_PhOB>"#
    )
}

pub(super) const USER: &str = "00000000-0000-0000-0000-0000000000a1";
pub(super) const APP: &str = "00000000-0000-0000-0000-0000000000a2";
pub(super) const LOGIN: &str = "00000000-0000-0000-0000-0000000000f1";
pub(super) const REPLY: &str = "00000000-0000-0000-0000-0000000000f2";
pub(super) const LOST: &str = "00000000-0000-0000-0000-0000000000f3";
pub(super) const EDGE: &str = "00000000-0000-0000-0000-0000000000b1";
pub(super) const VAULT: &str = "00000000-0000-0000-0000-0000000000a3";

/// User at (100, 130), App at (400, 130) (their centres at y 180); a line
/// from (0, 0) to (0, 400) bent through the handle (300, 200), so that only
/// its curve — not the straight line between its ends — meets the login.
pub(super) fn hand_made() -> String {
    let borders = stencil(USER, "StencilRectangle", "GE.EI", "User", 100.0, 130.0)
        + &stencil(APP, "StencilEllipse", "GE.P", "App", 400.0, 130.0)
        // A template type known only by its parents in the knowledge base
        // (no generic type, drawn with another shape): a data store.
        + &stencil(VAULT, "StencilEllipse", "", "Vault", 700.0, 130.0)
            .replace("<TypeId></TypeId>", "<TypeId>XX.Vault</TypeId>");
    let lines = line(
        LOGIN,
        "Connector",
        "GE.DF",
        "Login",
        USER,
        APP,
        (200.0, 180.0),
        (300.0, 180.0),
        (400.0, 180.0),
    ) + &line(
        REPLY,
        "Connector",
        "GE.DF",
        "Reply",
        APP,
        USER,
        (400.0, 190.0),
        (300.0, 190.0),
        (200.0, 190.0),
    ) + &line(
        LOST,
        "Connector",
        "GE.DF",
        "Lost",
        APP,
        "11111111-2222-3333-4444-555555555555",
        (400.0, 300.0),
        (450.0, 350.0),
        (500.0, 400.0),
    ) + &line(
        EDGE,
        "LineBoundary",
        "GE.TB.L",
        "Edge",
        "00000000-0000-0000-0000-000000000000",
        "00000000-0000-0000-0000-000000000000",
        (0.0, 0.0),
        (300.0, 200.0),
        (0.0, 400.0),
    );
    let threats = threat(1, LOGIN, "AutoGenerated", "High", "", "Tampering")
        + &threat(
            2,
            LOGIN,
            "NeedsInvestigation",
            "Medium",
            "",
            "Information Disclosure",
        )
        + &threat(
            3,
            REPLY,
            "NotApplicable",
            "Low",
            "Handled by the WAF",
            "Denial Of Service",
        )
        + &threat(4, REPLY, "Mitigated", "High", "TLS everywhere", "Spoofing")
        + &threat(5, LOST, "AutoGenerated", "High", "", "Abuse")
        // Its flow is not in the file: it goes on its source.
        + &threat(6, "99999999-0000-0000-0000-000000000000", "AutoGenerated", "High", "", "Tampering")
            .replacen(
                "<k:SourceGuid>99999999-0000-0000-0000-000000000000",
                &format!("<k:SourceGuid>{VAULT}"),
                1,
            );
    tm7(&borders, &lines, &threats)
}

#[test]
fn a_hand_made_file_maps_states_priorities_ends_and_curves() {
    let imported = import(hand_made().as_bytes());
    let m = &imported.model;
    assert_eq!(m.diagrams[0].name, "Hand & made", "entities are read");
    assert_eq!(imported.title, "Hand made");
    assert!(imported.description.contains("Ann"), "the owner is kept");
    let el = |guid: &str| m.elements.iter().find(|e| e.id == guid).expect("element");
    // Both directions kept as two flows.
    assert_eq!(
        (el(LOGIN).source.as_deref(), el(LOGIN).target.as_deref()),
        (Some(USER), Some(APP))
    );
    assert_eq!(
        (el(REPLY).source.as_deref(), el(REPLY).target.as_deref()),
        (Some(APP), Some(USER))
    );
    // An unknown end is kept open and reported.
    assert_eq!(el(LOST).source.as_deref(), Some(APP));
    assert_eq!(el(LOST).target, None);
    assert!(imported
        .report
        .lines
        .iter()
        .any(|l| l.text.contains("'Lost'") && l.text.contains("end open")));
    // The line follows its curve through the handle.
    let edge = el(EDGE);
    assert!(edge.is_line());
    let furthest = edge.points.iter().map(|p| p.x).fold(0.0, f64::max);
    assert!(
        (furthest - 300.0).abs() < 1.0,
        "the curve passes the handle: {furthest}"
    );
    // States, priorities, justifications.
    let t = |n: u32| {
        m.threats
            .iter()
            .find(|t| t.title == format!("Threat {n}"))
            .expect("threat")
    };
    assert_eq!(t(1).lifecycle, FindingState::Draft);
    assert_eq!(t(1).category, Stride::Tampering);
    assert_eq!(t(1).scenario, "What goes wrong 1");
    assert_eq!(t(2).lifecycle, FindingState::Draft);
    assert_eq!(t(2).category, Stride::InformationDisclosure);
    assert_eq!(t(3).lifecycle, FindingState::FalsePositive);
    assert_eq!(t(3).category, Stride::DenialOfService);
    assert!(t(3).comments[0].text.contains("Handled by the WAF"));
    assert_eq!(t(4).lifecycle, FindingState::Mitigated);
    assert!(t(4).comments[0].text.contains("TLS everywhere"));
    let o = t(3).risk_override.as_ref().expect("priority");
    assert_eq!(o.level, RiskLevel::Low);
    assert!(o.justification.contains("Microsoft Threat Modeling Tool"));
    assert_eq!(
        t(2).risk_override.as_ref().map(|o| o.level),
        Some(RiskLevel::Medium)
    );
    // A category outside STRIDE: defaulted, the tool's kept.
    assert!(t(5).foreign["tm7"].contains("Abuse"));
    assert!(imported
        .report
        .lines
        .iter()
        .any(|l| l.text.contains("'Abuse'")));
    for n in 1..=6 {
        assert!(t(n).foreign["tm7"].contains("InteractionKey"));
    }
    assert_eq!(t(6).element_ids, vec![VAULT.to_string()]);
    assert!(
        t(6).foreign["tm7"].contains("99999999"),
        "the flow guid is kept"
    );
    let vault = el(VAULT);
    assert_eq!(
        vault.kind,
        ElementKind::DataStore,
        "by the template's parents"
    );
    assert_eq!(
        vault.props["TMT type"],
        PropValue::Text("Custom vault".into())
    );
    assert!(imported
        .report
        .lines
        .iter()
        .any(|l| l.text.contains("NeedsInvestigation")));

    // It goes in, and the curve crosses the login and the reply only.
    let (_dir, mut eng) = new_engagement();
    eng.apply(Op::Import { model: m.clone() }).expect("import");
    let s = eng.state();
    let d = s.elements[EDGE].diagram_id.clone();
    let a = analyze(s, &d);
    assert_eq!(a.crossings.get(LOGIN), Some(&vec![EDGE.to_string()]));
    assert_eq!(a.crossings.get(REPLY), Some(&vec![EDGE.to_string()]));
    assert_eq!(a.crossings.get(LOST), None);
}

#[test]
fn utf16_and_bom_files_read_the_same() {
    let b = bytes("MTMT_nested_tz.tm7");
    let plain = import(&b).model;
    let text = std::str::from_utf8(&b).expect("utf-8");
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&b);
    for other in [le, be, bom] {
        assert_eq!(
            import::read(&other, Some(Format::Tm7))
                .expect("reads")
                .model,
            plain
        );
    }
}

#[test]
fn bad_files_are_refused_with_one_line() {
    let zip = bytes("mtmt-invalid-format-zip.tm7");
    assert!(refusal(&zip, None).contains("zip"));
    assert!(refusal(&zip, Some(Format::Tm7)).contains("zip"));
    assert!(refusal(b"hello, this is not a model", Some(Format::Tm7)).contains(".tm7"));
    assert!(refusal(&[0x00, 0x9f, 0x92, 0x96, 0xff], Some(Format::Tm7)).contains(".tm7"));
    assert!(refusal(b"<Other><a/></Other>", Some(Format::Tm7)).contains("ThreatModel"));
    let dtd = r#"<?xml version="1.0"?><!DOCTYPE ThreatModel [<!ENTITY boom "boom boom boom">]><ThreatModel><Notes>&boom;</Notes></ThreatModel>"#;
    assert!(refusal(dtd.as_bytes(), Some(Format::Tm7)).contains("DTD"));
    assert!(refusal(dtd.as_bytes(), None).contains("DTD"));
    // The "billion laughs": entities of entities, refused before any is expanded.
    let mut laughs = String::from("<!DOCTYPE ThreatModel [<!ENTITY l0 \"ha\">");
    for i in 1..10 {
        let p = i - 1;
        laughs.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{p};").repeat(10)
        ));
    }
    laughs.push_str("]><ThreatModel><Notes>&l9;</Notes></ThreatModel>");
    assert!(refusal(laughs.as_bytes(), None).contains("DTD"));
    let undeclared = "<ThreatModel><DrawingSurfaceList><DrawingSurfaceModel><Header>&boom;</Header></DrawingSurfaceModel></DrawingSurfaceList></ThreatModel>";
    refusal(undeclared.as_bytes(), Some(Format::Tm7));
    let deep = format!(
        "<ThreatModel>{}{}</ThreatModel>",
        "<a>".repeat(200),
        "</a>".repeat(200)
    );
    assert!(refusal(deep.as_bytes(), Some(Format::Tm7)).contains("deeper"));
    refusal(
        b"<ThreatModel><Version>4.3</Version></ThreatModel>",
        Some(Format::Tm7),
    );
}

#[test]
fn truncated_and_mutated_files_never_panic() {
    let b = bytes("MTMT_nested_tz.tm7");
    // Cut anywhere: refused (an open element), never a panic.
    for cut in (1..b.len()).step_by(b.len() / 97) {
        let _ = refusal(&b[..cut], Some(Format::Tm7));
    }
    // Bytes changed: read or refused, never a panic; what is read goes in.
    let mut seed = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let hand = hand_made().into_bytes();
    let (_dir, mut eng) = new_engagement();
    let mut read = 0;
    for round in 0..1500 {
        let mut m = if round % 25 == 0 {
            b.clone()
        } else {
            hand.clone()
        };
        for _ in 0..(1 + next() % 4) {
            let at = (next() as usize) % m.len();
            m[at] = b"<>/&\"=:aZ0 \x00\xff-"[(next() as usize) % 14];
        }
        if let Ok(imported) = import::read(&m, Some(Format::Tm7)) {
            read += 1;
            // A shape whose position was unreadable is left for the layout
            // (`import::layout`) with a zero-size rect, and nothing else is.
            let unplaced =
                imported.model.elements.iter().filter(|e| {
                    e.kind != ElementKind::DataFlow && !e.is_line() && e.rect.width <= 0.0
                });
            let mut unplaced = unplaced.peekable();
            if unplaced.peek().is_some() {
                assert!(unplaced.all(|e| e.rect == Rect::default()));
                continue;
            }
            // What is read is a model the engagement accepts as it is.
            if let Err(e) = eng.apply(Op::Import {
                model: imported.model,
            }) {
                panic!("round {round}: read but not importable: {e}");
            }
        }
    }
    assert!(read > 50, "some mutations still read ({read})");
}

/// The 1.2 MB fixture: the time is printed (run with `--release --nocapture`
/// for the figure); the bound here only catches a quadratic slip, even in a
/// debug build on a busy machine.
#[test]
fn the_largest_fixture_imports_quickly() {
    let b = bytes("MTMT_MVP.tm7");
    let _ = import(&b);
    let runs = 10;
    let start = std::time::Instant::now();
    for _ in 0..runs {
        let imported = import(&b);
        assert!(!imported.model.threats.is_empty());
    }
    let each = start.elapsed() / runs;
    println!("MTMT_MVP.tm7 ({} bytes): {:?} per import", b.len(), each);
    assert!(each.as_millis() < 2_000, "{each:?}");
}

/// Many distinct report lines (every flow open at one end, each named) stay
/// linear: a large file is read in one pass with hash lookups.
#[test]
fn a_large_generated_file_reads_in_one_pass() {
    let n = 3_000;
    let mut borders = String::new();
    let mut lines = String::new();
    for i in 0..n {
        let g = format!("00000000-0000-0000-0001-{i:012}");
        let f = format!("00000000-0000-0000-0002-{i:012}");
        borders.push_str(&stencil(
            &g,
            "StencilEllipse",
            "GE.P",
            &format!("P{i}"),
            (i % 50) as f64 * 150.0,
            (i / 50) as f64 * 150.0,
        ));
        lines.push_str(&line(
            &f,
            "Connector",
            "GE.DF",
            &format!("F{i}"),
            &g,
            "12345678-0000-0000-0000-000000000000",
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 2.0),
        ));
    }
    let xml = tm7(&borders, &lines, "");
    let start = std::time::Instant::now();
    let imported = import(xml.as_bytes());
    let took = start.elapsed();
    assert_eq!(imported.model.elements.len(), 2 * n);
    let open = imported
        .report
        .lines
        .iter()
        .filter(|l| l.text.contains("end open"))
        .count();
    assert_eq!(open, n, "one line per flow, each named");
    assert!(took.as_secs() < 20, "{took:?}");
}
