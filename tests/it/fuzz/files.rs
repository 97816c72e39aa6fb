//! Targets `rule_files`, `checklist_files`, `library_files`: the text files the app reads.

use super::*;

pub(super) const STRIDE_RULES: &str = include_str!("../../../rules/stride.toml");

/// The built-in rule file mutated; one time in five a rule file made up
/// from the grammar's words instead.
pub(super) fn rule_file(rng: &mut Rng) -> Vec<u8> {
    if rng.one_in(5) {
        return made_up_rules(rng).into_bytes();
    }
    mutate_text(rng, STRIDE_RULES).into_bytes()
}

pub(super) fn made_up_rules(rng: &mut Rng) -> String {
    let word = |rng: &mut Rng| {
        rng.pick(TOKENS)
            .expect("tokens")
            .escape_default()
            .to_string()
    };
    let mut out = String::new();
    for i in 0..rng.between(0, 6) {
        out.push_str("[[rule]]\n");
        out.push_str(&format!("id = \"r{i}\"\n"));
        let fields = [
            format!("category = \"{}\"", word(rng)),
            format!("applies_to = [\"{}\", \"{}\"]", word(rng), word(rng)),
            format!("title = \"{}\"", word(rng)),
            format!("scenario = \"{}\"", word(rng)),
            format!("actions = [\"{}\"]", word(rng)),
            format!("references = [\"{}\"]", word(rng)),
            format!(
                "when = [{{ prop = \"{}\", {} = {} }}]",
                word(rng),
                word(rng),
                value_text(rng)
            ),
            format!("unless = [{{ {} = {} }}]", word(rng), value_text(rng)),
        ];
        for f in fields {
            if !rng.one_in(4) {
                out.push_str(&f);
                out.push('\n');
            }
        }
    }
    out
}

/// Parses a rule file: `Ok`, whose rules then run over an engagement, or a
/// `RuleError` naming the file and a line that exists.
pub(super) fn check_rules(input: &[u8]) -> String {
    let text = std::str::from_utf8(input).expect("the generator writes UTF-8");
    match rules::parse(text, "fuzz.toml") {
        Ok(parsed) => {
            let state = sample_state();
            let set = RuleSet { rules: parsed };
            let _ = rules::suggest(state, &set, &containment_all(state), None);
            "parsed".into()
        }
        Err(e) => {
            assert_eq!(e.source, "fuzz.toml");
            let lines = text.lines().count() as u32 + 1;
            assert!(
                (1..=lines).contains(&e.line),
                "line {} of a {lines}-line file: {e}",
                e.line
            );
            assert!(!e.message.trim().is_empty(), "{e:?} says why");
            "refused with a line".into()
        }
    }
}

/// An engagement whose elements have properties the rules look at.
pub(super) fn sample_state() -> &'static State {
    static STATE: OnceLock<State> = OnceLock::new();
    STATE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("dir");
        demo::write(&dir.path().join("d.threatmodel"))
            .expect("demo")
            .state()
            .clone()
    })
}

#[test]
fn rule_files() {
    run("rule_files", 400, rule_file, check_rules);
}

// ---- checklist files ---------------------------------------------------------

pub(super) const CHECKLIST: &str = include_str!("../../../checklist/questions.toml");

pub(super) fn checklist_file(rng: &mut Rng) -> Vec<u8> {
    mutate_text(rng, CHECKLIST).into_bytes()
}

/// Parses a question bank: `Ok`, or an error that says why and where.
pub(super) fn check_checklist(input: &[u8]) -> String {
    let text = std::str::from_utf8(input).expect("the generator writes UTF-8");
    match threatloom::model::checklist::parse(text) {
        Ok(_) => "parsed".into(),
        Err(e) => {
            assert!(e.contains("line"), "an error says where: {e}");
            "refused with a line".into()
        }
    }
}

#[test]
fn checklist_files() {
    run("checklist_files", 400, checklist_file, check_checklist);
}

// ---- library entry files ------------------------------------------------------

/// Library files as the library writes them: a full entry and a bare one.
pub(super) fn library_bases() -> &'static [(String, String)] {
    static BASES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut full = crate::library::jwt_entry();
        full.id = "jwt-signature-not-verified".into();
        let mut bare = crate::library::entry(
            "Weak TLS",
            Stride::InformationDisclosure,
            &[ElementKind::DataFlow],
        );
        bare.id = "weak-tls".into();
        [full, bare]
            .iter()
            .map(|e| {
                let text = library::file::to_toml(e).expect("toml");
                (format!("{}.toml", e.id), text)
            })
            .collect()
    })
}

pub(super) fn library_file(rng: &mut Rng) -> Vec<u8> {
    let bases = library_bases();
    let i = rng.below(bases.len());
    // The base's index first: the check names the file as the library would.
    let mut out = vec![i as u8];
    out.extend(mutate_text(rng, &bases[i].1).into_bytes());
    out
}

/// Reads a library file: `Ok` with an entry the app accepts, which writes
/// back and reads again as itself, or a problem naming the file and a line.
pub(super) fn check_library(input: &[u8]) -> String {
    let (name, text) = match input.split_first() {
        Some((&i, rest)) => (
            &library_bases()[usize::from(i) % library_bases().len()].0,
            std::str::from_utf8(rest).expect("the generator writes UTF-8"),
        ),
        None => return "empty".into(),
    };
    match library::file::parse(text, name) {
        Ok(entry) => {
            assert_eq!(entry.check(), Ok(()));
            let written = library::file::to_toml(&entry).expect("writes");
            assert_eq!(library::file::parse(&written, name), Ok(entry.clone()));
            assert_eq!(library::file::to_toml(&entry).expect("again"), written);
            "parsed".into()
        }
        Err(p) => {
            assert_eq!(&p.file, name);
            let lines = text.lines().count() as u32 + 1;
            let line = p.line.expect("a problem in a file's text has a line");
            assert!((1..=lines).contains(&line), "line {line} of {lines}: {p}");
            assert!(!p.message.trim().is_empty(), "{p:?} says why");
            "refused with a line".into()
        }
    }
}

#[test]
fn library_files() {
    run("library_files", 400, library_file, check_library);
}
