//! Malformed rule files: reported on their line, in their rule.

use super::*;

/// A valid rule, as a user would write it, with its id.
fn rule_text(id: &str) -> String {
    format!(
        r#"[[rule]]
id = "{id}"
category = "I"
applies_to = ["data_store"]
when = [{{ prop = "is_log", equals = true }}]
title = "Logs read by the wrong people"
scenario = "Many people read logs. Some should not."
actions = ["Restrict access to logs."]
references = ["CWE-532"]
"#
    )
}

fn error_of(text: &str) -> RuleError {
    match rules::parse(text, "user.toml") {
        Ok(r) => panic!(
            "accepted {} rule(s) from a malformed file:\n{text}",
            r.len()
        ),
        Err(e) => e,
    }
}

#[test]
fn the_rule_text_used_below_is_valid() {
    let text = format!("# mine\n\n{}\n{}", rule_text("a"), rule_text("b"));
    let rules = rules::parse(&text, "user.toml").expect("valid");
    assert_eq!(
        rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
}

#[test]
fn a_syntax_error_is_reported_on_its_line() {
    // Line 1 comment, 2 blank, rule 1 on lines 3-11, blank 12, rule 2 from 13:
    // its title (line 18) lacks the closing quote.
    let second = rule_text("b").replace("people\"\n", "people\n");
    let text = format!("# mine\n\n{}\n{second}", rule_text("a"));
    assert_eq!(
        text.lines().nth(17),
        Some("title = \"Logs read by the wrong people")
    );
    let e = error_of(&text);
    assert_eq!(e.line, 18, "{e}");
    assert_eq!(e.source, "user.toml");
}

#[test]
fn an_unknown_field_is_reported_in_its_rule() {
    // The second rule starts on line 11; its misspelled field is on line 18.
    let second = rule_text("b").replace("actions =", "recommendations =");
    let text = format!("{}\n{second}", rule_text("a"));
    assert_eq!(text.lines().nth(10), Some("[[rule]]"));
    assert!(text
        .lines()
        .nth(17)
        .is_some_and(|l| l.starts_with("recommendations")));
    let e = error_of(&text);
    assert_eq!(e.line, 18, "the misspelled field's own line: {e}");
    assert!(e.message.contains("recommendations"), "{e}");
}

#[test]
fn a_condition_with_two_tests_is_rejected_at_its_rule() {
    let second = rule_text("b").replace(
        r#"when = [{ prop = "is_log", equals = true }]"#,
        r#"when = [{ prop = "is_log", equals = true, in_boundary = true }]"#,
    );
    let text = format!("{}\n\n\n{second}", rule_text("a"));
    assert_eq!(text.lines().nth(12), Some("[[rule]]"));
    let e = error_of(&text);
    assert_eq!(e.line, 13, "{e}");
    assert!(e.message.contains("exactly one test"), "{e}");
}

#[test]
fn an_unknown_property_is_rejected_at_its_rule() {
    let second = rule_text("b").replace(r#"prop = "is_log""#, r#"prop = "is_logfile""#);
    let text = format!("{}\n{second}", rule_text("a"));
    let e = error_of(&text);
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("is_logfile"), "{e}");

    // A real property, but not one a data store has.
    let third = rule_text("c").replace(
        r#"prop = "is_log", equals = true"#,
        r#"prop = "internet_facing", set = true"#,
    );
    let text = format!("{}\n{third}", rule_text("a"));
    let e = error_of(&text);
    assert_eq!(e.line, 11, "{e}");
    assert!(e.message.contains("internet_facing"), "{e}");

    // A known property with a value outside its choices.
    let fourth = rule_text("d").replace(
        r#"prop = "is_log", equals = true"#,
        r#"prop = "data_classification", equals = "secret""#,
    );
    let e = error_of(&fourth);
    assert_eq!(e.line, 1, "{e}");
}

#[test]
fn a_category_that_does_not_apply_to_a_kind_is_rejected() {
    // Spoofing a data store is not in STRIDE per element.
    let second = rule_text("b").replace(r#"category = "I""#, r#"category = "S""#);
    let text = format!("{}\n{}\n{second}", rule_text("a"), rule_text("x"));
    assert_eq!(text.lines().nth(20), Some("[[rule]]"));
    let e = error_of(&text);
    assert_eq!(e.line, 21, "{e}");
    assert!(e.message.contains("Spoofing"), "{e}");
}

#[test]
fn a_duplicate_id_is_rejected_at_the_second_definition() {
    let text = format!("{}\n{}\n{}", rule_text("a"), rule_text("b"), rule_text("a"));
    let e = error_of(&text);
    assert_eq!(e.line, 21, "{e}");
    assert!(e.message.contains("'a'"), "{e}");
}

#[test]
fn a_user_file_cannot_redefine_a_builtin_rule() {
    let mut set = builtin();
    let before: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();

    // A new rule plus one that reuses a built-in id: the whole file is refused.
    let text = format!(
        "{}\n{}",
        rule_text("my-own-rule"),
        rule_text("flow-cleartext")
    );
    let e = set
        .add_file(&text, "mine.toml")
        .expect_err("a built-in id was redefined");
    assert!(e.message.contains("flow-cleartext"), "{e}");
    assert_eq!(e.source, "mine.toml");
    assert_eq!(e.line, 11, "the line where the redefining rule starts: {e}");
    let after: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();
    assert_eq!(before, after, "a refused file changes nothing");
    assert_eq!(
        set.rules
            .iter()
            .find(|r| r.id == "flow-cleartext")
            .map(|r| r.category),
        Some(Stride::InformationDisclosure)
    );

    // The same new rule alone is welcome, and suggests like a built-in one.
    assert_eq!(set.add_file(&rule_text("my-own-rule"), "mine.toml"), Ok(1));
    assert_eq!(set.rules.len(), before.len() + 1);
    let mut d = Dfd::new();
    let log = store(&mut d, &[("is_log", "true")]);
    assert!(fired(&d.suggestions_with(&set), "my-own-rule", &log).is_some());
    assert!(fired(&d.suggestions(), "my-own-rule", &log).is_none());
}
