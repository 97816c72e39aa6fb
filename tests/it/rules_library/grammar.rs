//! The grammar's protocol, flow and `any` tests, in user rule files: what they
//! match, and how mistakes in them are reported.

use super::*;

/// A user rule on `kinds` with `conditions` in `when`.
fn user_rule(kinds: &str, when: &str) -> String {
    format!(
        r#"[[rule]]
id = "mine"
category = "D"
applies_to = [{kinds}]
when = [
{when}
]
title = "Mine"
scenario = "Something happens. It hurts."
actions = ["Do something."]
references = ["CWE-400"]
"#
    )
}

fn with_rule(text: &str) -> RuleSet {
    let mut set = RuleSet::default();
    set.add_file(text, "user.toml").expect("a valid user rule");
    set
}

fn error_line(text: &str) -> (u32, String) {
    match rules::parse(text, "user.toml") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(e) => (e.line, e.message),
    }
}

#[test]
fn known_plaintext_is_not_unknown() {
    let set = with_rule(&user_rule(
        r#""data_flow""#,
        r#"  { protocol = "plaintext" },"#,
    ));
    let mut d = Dfd::new();
    let telnet = named_flow(&mut d, "data", &[("protocol", "Telnet")]);
    let unknown = named_flow(&mut d, "data", &[("protocol", "Kafka")]);
    let ssh = named_flow(&mut d, "data", &[("protocol", "SSH")]);
    let named_http = named_flow(&mut d, "HTTP", &[]);
    let found = d.suggestions_with(&set);
    assert!(fired(&found, "mine", &telnet).is_some());
    assert!(
        fired(&found, "mine", &named_http).is_some(),
        "the name, when no protocol"
    );
    assert!(fired(&found, "mine", &unknown).is_none());
    assert!(fired(&found, "mine", &ssh).is_none());
}

#[test]
fn receives_from_reads_the_flows_into_a_node() {
    let set = with_rule(&user_rule(
        r#""process", "data_store""#,
        r#"  { receives_from = "data_store" },"#,
    ));
    let mut d = Dfd::new();
    let reader = d.node(Process, Company, &[]);
    let writer = d.node(Process, Company, &[]);
    let s = d.node(DataStore, Company, &[]);
    d.connect(&s, &reader, &[]);
    d.connect(&writer, &s, &[]);
    let found = d.suggestions_with(&set);
    assert!(fired(&found, "mine", &reader).is_some());
    assert!(
        fired(&found, "mine", &writer).is_none(),
        "it only sends to the store"
    );
    assert!(fired(&found, "mine", &s).is_none());
}

#[test]
fn any_holds_when_one_of_its_conditions_does_and_nests() {
    let set = with_rule(&user_rule(
        r#""process""#,
        r#"  { any = [
    { prop = "runs_as_privileged", equals = true },
    { any = [{ prop = "authentication", equals = "none" }] },
  ] },"#,
    ));
    let mut d = Dfd::new();
    let privileged = internal_process(&mut d, &[("runs_as_privileged", "true")]);
    let anonymous = internal_process(&mut d, &[("authentication", "none")]);
    let neither = internal_process(&mut d, &[("authentication", "password")]);
    let found = d.suggestions_with(&set);
    assert!(fired(&found, "mine", &privileged).is_some());
    assert!(fired(&found, "mine", &anonymous).is_some());
    assert!(fired(&found, "mine", &neither).is_none());
}

#[test]
fn mistakes_in_the_new_tests_are_reported_on_their_line() {
    // The condition is on line 6 of the file (the rule starts on line 1).
    let cases = [
        (
            r#""data_flow""#,
            r#"  { protocol = "secure" },"#,
            6,
            "secure",
        ),
        (
            r#""data_flow""#,
            r#"  { any = [{ protocl = "encrypted" }] },"#,
            6,
            "protocl",
        ),
        (r#""data_flow""#, r#"  { any = [] },"#, 1, "at least one"),
        (
            r#""process""#,
            r#"  { protocol = "encrypted" },"#,
            1,
            "data flow",
        ),
        (
            r#""process""#,
            r#"  { receives_from = "data_flow" },"#,
            1,
            "receives_from",
        ),
        (
            r#""data_flow""#,
            r#"  { receives_from = "process" },"#,
            1,
            "node",
        ),
        (
            r#""process""#,
            r#"  { receives_from = "external_entity", any = [{ in_boundary = true }] },"#,
            1,
            "exactly one test",
        ),
        (
            r#""process""#,
            r#"  { any = [{ prop = "internet_facing", equals = "yes" }] },"#,
            1,
            "internet_facing",
        ),
    ];
    for (kinds, when, line, says) in cases {
        let text = user_rule(kinds, when);
        let (at, message) = error_line(&text);
        assert_eq!(at, line, "{when}: {message}");
        assert!(message.contains(says), "{when}: {message}");
    }
}
