//! What the document says about free texts, in the words the validator uses: every plain string
//! a request sends (body field, array item or query parameter, without a format or a set of
//! values) is non-blank and free of control characters, and the limit its description states
//! ("at most 200 characters") is its `maxLength`. Written here once instead of on every field,
//! so the document cannot promise less than the server checks (`validation::Validator::text`).

use serde_json::{Map, Value};

/// Some character that is not white space, and no control character but tab and line breaks.
/// Looser than a one-line field's rule (no line breaks there), never stricter than any text's.
pub const TEXT_PATTERN: &str = r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*\S[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$";

pub fn apply(doc: &mut Value) {
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
                    if parameter["in"] == "query" && parameter["name"] != "cursor" {
                        let description = parameter["description"].as_str().map(str::to_owned);
                        if let Some(schema) = parameter.get_mut("schema") {
                            constrain(schema, description.as_deref());
                        }
                    }
                }
            }
        }
    }
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
        // `get_mut`, not indexing: indexing a JSON object mutably adds the key when it is missing.
        if let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) {
            constrain_properties(properties);
        }
        seen.push(name);
    }
}

fn constrain_properties(properties: &mut Map<String, Value>) {
    for property in properties.values_mut() {
        let description = property["description"].as_str().map(str::to_owned);
        constrain(property, description.as_deref());
        if let Some(items) = property.get_mut("items") {
            constrain(items, None);
        }
    }
}

/// Adds the text rule to a plain string schema.
fn constrain(schema: &mut Value, description: Option<&str>) {
    let Some(object) = schema.as_object_mut() else { return };
    let is_string = match &object.get("type") {
        Some(Value::String(t)) => t == "string",
        Some(Value::Array(types)) => types.iter().any(|t| t == "string"),
        _ => false,
    };
    let plain = ["format", "enum", "pattern", "$ref"]
        .iter()
        .all(|k| !object.contains_key(*k));
    if !is_string || !plain {
        return;
    }
    object.insert("minLength".into(), 1.into());
    object.insert("pattern".into(), TEXT_PATTERN.into());
    if let Some(max) = description.and_then(stated_limit) {
        object.insert("maxLength".into(), max.into());
    }
}

/// The N of "at most N characters" (with thousands separators) in a description.
fn stated_limit(description: &str) -> Option<u64> {
    let lower = description.to_lowercase();
    let start = lower.find("at most ")? + "at most ".len();
    let rest = &lower[start..];
    let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
    let after = rest[digits.len()..].trim_start();
    if !after.starts_with("character") {
        return None;
    }
    digits.replace(',', "").parse().ok()
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
    fn limits_are_read_from_what_the_description_says() {
        assert_eq!(stated_limit("At most 20,000 characters."), Some(20_000));
        assert_eq!(stated_limit("Who reported it, at most 200 characters."), Some(200));
        assert_eq!(stated_limit("At most 20; each reference names one client only."), None);
        assert_eq!(stated_limit("The incidents it answers"), None);
    }
}
