//! What the document says about the input the server checks, taken from the rules the validator
//! uses (`validation::Rules`, each limit a constant next to its request type): a text's longest
//! length and the characters it may hold, a list's longest length and whether an item may repeat,
//! and the form of a cursor. Written here once for all operations, on the JSON, so the document
//! cannot promise more or less than the server checks, and a text without a rule is noticed
//! (`unruled`).

use serde_json::{Map, Value};

use crate::pagination::CURSOR_PATTERN;
use crate::routes::{actions, api_keys, clients, gaps, incidents, retrospectives, timeline, webhooks};
use crate::validation::{Lines, Rule, Rules};
use crate::webhooks::address::url_pattern;

/// White space as `str::trim` sees it (Unicode `White_Space`).
const SPACE: &str = r"\t\n\x0B\x0C\r\x20\x85\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// White space and control characters.
const SPACE_OR_CONTROL: &str = r"\x00-\x20\x7F-\xA0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";

/// A one-line text: something that is not white space, and no control character once the white
/// space around it is trimmed (as the validator trims it).
pub fn one_line_pattern() -> String {
    let control = r"\x00-\x1F\x7F-\x9F";
    format!(r"^[{SPACE}]*[^{control}]*[^{SPACE_OR_CONTROL}][^{control}]*[{SPACE}]*$")
}

/// A text that may span lines: something that is not white space; tab and line breaks are its
/// only control characters.
pub fn many_lines_pattern() -> String {
    let control = r"\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F";
    format!(r"^[^{control}]*[^{SPACE_OR_CONTROL}][^{control}]*$")
}

fn body<T: utoipa::ToSchema + Rules>() -> (String, Vec<(&'static str, Rule)>) {
    (T::name().into_owned(), [T::RULES, T::ACROSS].concat())
}

/// Every request body with texts or lists, by its schema's name.
fn bodies() -> Vec<(String, Vec<(&'static str, Rule)>)> {
    vec![
        body::<actions::CreateAction>(),
        body::<actions::UpdateAction>(),
        body::<api_keys::CreateApiKey>(),
        body::<clients::CreateClient>(),
        body::<clients::UpdateClient>(),
        body::<clients::ExternalRefBody>(),
        body::<gaps::AnalyseText>(),
        body::<incidents::CreateIncident>(),
        body::<incidents::UpdateIncident>(),
        body::<retrospectives::PutRetrospective>(),
        body::<retrospectives::ConfirmedGapInput>(),
        body::<timeline::CreateTimelineEntry>(),
        body::<clients::CreateContact>(),
        body::<webhooks::CreateWebhook>(),
        body::<webhooks::UpdateWebhook>(),
    ]
}

/// The texts of query and path parameters, by name: a name means the same everywhere.
fn parameters() -> Vec<(&'static str, Rule)> {
    [
        <actions::ActionListQuery as Rules>::RULES,
        <clients::ClientListQuery as Rules>::RULES,
        <clients::RefPath as Rules>::RULES,
        <incidents::IncidentListQuery as Rules>::RULES,
    ]
    .concat()
}

/// Writes the rules into the document; gives back the plain texts that have none (`where: name`),
/// which a test requires to be none.
pub fn apply(doc: &mut Value) -> Vec<String> {
    let mut unruled = Vec::new();
    let parameter_rules = parameters();
    let mut request_schemas = Vec::new();
    if let Some(paths) = doc["paths"].as_object_mut() {
        for (path, item) in paths.iter_mut() {
            let Some(item) = item.as_object_mut() else { continue };
            for operation in item.values_mut() {
                collect_refs(&operation["requestBody"], &mut request_schemas);
                if !path.starts_with("/v1") {
                    continue;
                }
                let parameters = operation.get_mut("parameters").and_then(Value::as_array_mut);
                for parameter in parameters.into_iter().flatten() {
                    if !matches!(parameter["in"].as_str(), Some("query" | "path")) {
                        continue;
                    }
                    let name = parameter["name"].as_str().unwrap_or_default().to_owned();
                    let Some(schema) = parameter.get_mut("schema") else {
                        continue;
                    };
                    if name == "cursor" {
                        schema["pattern"] = CURSOR_PATTERN.into();
                        continue;
                    }
                    let rules: Vec<Rule> = rules_of(&parameter_rules, &name);
                    if !constrain(schema, &rules) {
                        unruled.push(format!("{path}: {name}"));
                    }
                }
            }
        }
    }
    let bodies = bodies();
    // Follow the references inside request schemas (an external_refs item, a confirmed gap).
    let mut seen = Vec::new();
    while let Some(name) = request_schemas.pop() {
        if seen.contains(&name) {
            continue;
        }
        let Some(schema) = doc["components"]["schemas"].get_mut(&name) else {
            continue;
        };
        collect_refs(schema, &mut request_schemas);
        let rules = bodies
            .iter()
            .find(|(body, _)| *body == name)
            .map(|(_, rules)| rules.clone())
            .unwrap_or_default();
        for (field, rule) in &rules {
            if let Rule::Exclusive { other } = *rule {
                exclusive(schema, field, other);
            }
        }
        // `get_mut`, not indexing: indexing a JSON object mutably adds the key when it is missing.
        if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            for (field, property) in properties.iter_mut() {
                if !constrain_property(property, &rules_of(&rules, field)) {
                    unruled.push(format!("{name}: {field}"));
                }
            }
        }
        seen.push(name);
    }
    unruled
}

/// Exactly one of `field` (an object, or `null` for none) and `other`.
fn exclusive(schema: &mut Value, field: &str, other: &str) {
    schema["anyOf"] = serde_json::json!([
        {"required": [other], "properties": {field: {"type": "null"}}},
        {"required": [field], "properties": {field: {"type": "object"}, other: false}},
    ]);
}

fn rules_of(rules: &[(&str, Rule)], name: &str) -> Vec<Rule> {
    rules
        .iter()
        .filter(|(field, _)| *field == name)
        .map(|(_, rule)| *rule)
        .collect()
}

/// A body property: a list takes the list rule and its items the text rule. False when it is a
/// plain text (or a list of them) without a text rule.
fn constrain_property(property: &mut Value, rules: &[Rule]) -> bool {
    let Some(object) = property.as_object_mut() else {
        return true;
    };
    if !has_type(object, "array") {
        return constrain(property, rules);
    }
    for rule in rules {
        if let Rule::List { min, max, unique } = *rule {
            if min > 0 {
                object.insert("minItems".into(), min.into());
            }
            object.insert("maxItems".into(), max.into());
            if unique {
                object.insert("uniqueItems".into(), true.into());
            }
        }
    }
    match object.get_mut("items") {
        Some(items) => constrain(items, rules),
        None => true,
    }
}

/// Adds the text rule to a string schema. False when it is a plain text (no format, no set of
/// values, no pattern of its own) and no rule says what it takes.
fn constrain(schema: &mut Value, rules: &[Rule]) -> bool {
    let Some(object) = schema.as_object_mut() else {
        return true;
    };
    if !has_type(object, "string") {
        return true;
    }
    let text = rules.iter().find_map(|rule| match *rule {
        Rule::Text { max, lines: Lines::One } => Some((max, one_line_pattern())),
        Rule::Text {
            max,
            lines: Lines::Many,
        } => Some((max, many_lines_pattern())),
        Rule::Url { max } => Some((max, url_pattern())),
        Rule::List { .. } | Rule::Exclusive { .. } => None,
    });
    let Some((max, pattern)) = text else {
        let plain = ["format", "enum", "pattern", "$ref"]
            .iter()
            .all(|k| !object.contains_key(*k));
        return !plain;
    };
    object.insert("minLength".into(), 1.into());
    object.insert("maxLength".into(), max.into());
    object.insert("pattern".into(), pattern.into());
    true
}

fn has_type(object: &Map<String, Value>, wanted: &str) -> bool {
    match object.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t == wanted),
        _ => false,
    }
}

fn collect_refs(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                match (key.as_str(), inner.as_str()) {
                    ("$ref", Some(target)) => {
                        if let Some(name) = target.strip_prefix("#/components/schemas/") {
                            into.push(name.to_owned());
                        }
                    }
                    _ => collect_refs(inner, into),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|inner| collect_refs(inner, into)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_of_a_request_has_its_rule() {
        let mut doc = serde_json::to_value(super::super::document()).expect("a document");
        assert_eq!(
            apply(&mut doc),
            Vec::<String>::new(),
            "texts the validator's rules do not cover"
        );
    }

    #[test]
    fn every_rule_is_stated_somewhere() {
        let doc = super::super::published(&super::super::document());
        let text = doc.to_string();
        for (body, rules) in bodies() {
            let properties = &doc["components"]["schemas"][&body]["properties"];
            for (field, _) in rules {
                assert!(properties.get(field).is_some(), "{body} has no field {field}");
            }
        }
        for (name, _) in parameters() {
            assert!(
                text.contains(&format!("\"name\":\"{name}\"")),
                "no parameter is called {name}"
            );
        }
    }

    #[test]
    fn the_patterns_say_what_the_validator_checks() {
        use crate::validation::Validator;
        // (text, valid on one line, valid on many lines)
        let cases = [
            ("Ana", true, true),
            ("  Ana  ", true, true),
            ("\tAna\r\n", true, true),
            ("\u{85}Ana\u{3000}", true, false),
            ("A\u{85}na", false, false),
            ("a\nb", false, true),
            ("a\tb", false, true),
            ("a\u{0}b", false, false),
            ("a\u{85}b", false, false),
            ("a\u{7f}", false, false),
            ("\u{a0}\u{2003}\u{3000}", false, false),
            ("\n\r\t", false, false),
            ("\u{feff}", true, true),
            ("ș\u{2028}ț", true, true),
        ];
        for (text, one, many) in cases {
            let mut v = Validator::new();
            assert_eq!(
                v.text("t", text.into(), 100, Lines::One).is_some(),
                one,
                "{text:?} on one line"
            );
            assert_eq!(
                v.text("t", text.into(), 100, Lines::Many).is_some(),
                many,
                "{text:?} on many lines"
            );
            // The same characters, as a regular expression engine reads the document's pattern.
            assert_eq!(
                matches(&one_line_pattern(), text),
                one,
                "{text:?} against the one-line pattern"
            );
            assert_eq!(
                matches(&many_lines_pattern(), text),
                many,
                "{text:?} against the many-line pattern"
            );
        }
    }

    #[test]
    fn urls_the_document_allows_are_urls_the_server_takes() {
        use crate::webhooks::address::AddressPolicy;
        let policy = AddressPolicy { allow_private: false };
        for url in [
            "https://crm.example.com/hooks/clientretro",
            "http://a.b:65535/x/%20y?q=1&r=/s?#frag/x",
            "https://x-y.z1/",
            "http://A",
            "http://8.8.8.8:8080/",
            "https://[2001:db8::1]/",
            "https://[64:ff9b::808:808]/x",
            "https://[::ffff:8.8.8.8]/",
        ] {
            assert!(matches(&url_pattern(), url), "{url} fits the pattern");
            assert!(policy.check_url(url).is_ok(), "{url} is taken");
        }
        for url in [
            "https://999.1.1.1/",
            "https://xn--a.com/",
            "https://a.b:65536/",
            "https://user@a.b/",
            "https://a.b/%zz",
            "ftp://a.b/",
            "https://a.b/ x",
            // What the WHATWG parser takes and the document does not promise is refused too.
            "https://a.b*/",
            "https://a.b/x|y",
            "https://01.1.1.1/",
            "https://[1::2::3]/",
            "https://[fe80::1%25eth0]/",
        ] {
            assert!(!matches(&url_pattern(), url), "{url} does not fit the pattern");
            assert!(policy.check_url(url).is_err(), "{url} is refused");
        }
    }

    fn matches(pattern: &str, text: &str) -> bool {
        regex::Regex::new(pattern).expect("a regular expression").is_match(text)
    }
}
