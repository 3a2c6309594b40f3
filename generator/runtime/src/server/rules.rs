//! Cross-field rules from the spec's `x-cross-field-rules`, checked
//! against a JSON view of the whole request.

use serde_json::Value;

use super::super::validate::Violation;

/// A condition of a cross-field rule.
#[derive(Clone, Copy, Debug)]
pub enum Test {
    /// The value (or its default) is one of these.
    In(&'static [&'static str]),
    /// The value is present and not empty.
    Present,
}

/// A rule OpenAPI 3.0 cannot express, from the spec's `x-cross-field-rules`.
#[derive(Clone, Copy, Debug)]
pub enum Rule {
    RequireAny {
        id: &'static str,
        fields: &'static [&'static str],
        message: &'static str,
    },
    Implies {
        id: &'static str,
        when: (&'static str, Test),
        then: (&'static str, Test),
        message: &'static str,
    },
}

/// Values at a field path (`body/Resources/*/GroupName`), with the array
/// indexes `*` took.
fn lookup<'v>(view: &'v Value, path: &str) -> Vec<(Vec<usize>, &'v Value)> {
    let mut found = vec![(Vec::new(), view)];
    for token in path.split('/') {
        let mut next = Vec::new();
        for (indexes, value) in found {
            match (token, value) {
                ("*", Value::Array(items)) => {
                    for (i, item) in items.iter().enumerate() {
                        let mut indexes = indexes.clone();
                        indexes.push(i);
                        next.push((indexes, item));
                    }
                }
                (_, Value::Object(map)) => {
                    if let Some(child) = map.get(token) {
                        next.push((indexes, child));
                    }
                }
                _ => {}
            }
        }
        found = next;
    }
    found
}

fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => true,
    }
}

fn holds(value: Option<&Value>, test: Test) -> bool {
    match test {
        Test::Present => value.is_some_and(is_present),
        Test::In(values) => value
            .and_then(Value::as_str)
            .is_some_and(|s| values.contains(&s)),
    }
}

/// The location of a field path with `*` replaced by the indexes taken.
fn concrete(path: &str, indexes: &[usize]) -> String {
    let mut indexes = indexes.iter();
    path.split('/')
        .map(|t| {
            if t == "*" {
                indexes
                    .next()
                    .map(|i| i.to_string())
                    .unwrap_or_else(|| "*".into())
            } else {
                t.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Checks the rules against a view of the request
/// (`{"path": {..}, "query": {..}, "header": {..}, "body": ..}`, defaults
/// applied). For `implies` over `*`, each array element is checked on its
/// own when both sides name the same array.
pub fn check_rules(view: &Value, rules: &[Rule], out: &mut Vec<Violation>) {
    for rule in rules {
        match *rule {
            Rule::RequireAny {
                id,
                fields,
                message,
            } => {
                let any = fields
                    .iter()
                    .any(|f| lookup(view, f).iter().any(|(_, v)| is_present(v)));
                if !any {
                    out.push(Violation::new(
                        fields.join(" | "),
                        format!("{message} [{id}]"),
                    ));
                }
            }
            Rule::Implies {
                id,
                when,
                then,
                message,
            } => {
                let shared = common_array_prefix(when.0, then.0);
                for (indexes, value) in lookup(view, when.0) {
                    if !holds(Some(value), when.1) {
                        continue;
                    }
                    let targets: Vec<(Vec<usize>, &Value)> = lookup(view, then.0)
                        .into_iter()
                        .filter(|(then_indexes, _)| {
                            then_indexes
                                .iter()
                                .zip(&indexes)
                                .take(shared)
                                .all(|(a, b)| a == b)
                        })
                        .collect();
                    let location = concrete(then.0, &indexes[..shared.min(indexes.len())]);
                    if targets.is_empty() {
                        if !holds(None, then.1) {
                            out.push(Violation::new(location, format!("{message} [{id}]")));
                        }
                    } else if targets.iter().any(|(_, v)| !holds(Some(v), then.1)) {
                        out.push(Violation::new(location, format!("{message} [{id}]")));
                    }
                }
            }
        }
    }
}

/// How many leading `*` the two paths share (same prefix up to each).
fn common_array_prefix(a: &str, b: &str) -> usize {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.split('/').collect(), b.split('/').collect());
    let mut stars = 0;
    for (x, y) in a.iter().zip(&b) {
        if x != y {
            break;
        }
        if *x == "*" {
            stars += 1;
        }
    }
    stars
}

/// The view of one request that cross-field rules read. A generated
/// reader sets only the parameters, and the body, that its rules name.
#[derive(Default)]
pub struct RequestView {
    path: serde_json::Map<String, Value>,
    query: serde_json::Map<String, Value>,
    header: serde_json::Map<String, Value>,
    cookie: serde_json::Map<String, Value>,
    body: Value,
}

/// Where a parameter is sent: the first segment of a rule's field path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamIn {
    Path,
    Query,
    Header,
    Cookie,
}

impl RequestView {
    pub fn set<T: serde::Serialize>(&mut self, location: ParamIn, name: &str, value: &T) {
        let value = serde_json::to_value(value).unwrap_or(Value::Null);
        // Each location its own map: a cookie and a header may share a name.
        let map = match location {
            ParamIn::Path => &mut self.path,
            ParamIn::Query => &mut self.query,
            ParamIn::Header => &mut self.header,
            ParamIn::Cookie => &mut self.cookie,
        };
        map.insert(name.to_string(), value);
    }

    pub fn set_body<T: serde::Serialize>(&mut self, body: &T) {
        self.body = serde_json::to_value(body).unwrap_or(Value::Null);
    }

    pub fn into_value(self) -> Value {
        serde_json::json!({
            "path": self.path,
            "query": self.query,
            "header": self.header,
            "cookie": self.cookie,
            "body": self.body,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_check_each_element_and_defaults() {
        const RULES: &[Rule] = &[
            Rule::RequireAny {
                id: "any",
                fields: &["query/GroupName", "query/ResourceIds"],
                message: "one of them",
            },
            Rule::Implies {
                id: "mc",
                when: ("body/Resources/*/ResourceType", Test::In(&["MaxCompute"])),
                then: ("body/Option", Test::In(&["Attach"])),
                message: "attach only",
            },
            Rule::Implies {
                id: "group",
                when: ("body/Resources/*/ResourceType", Test::In(&["ECS"])),
                then: ("body/Resources/*/GroupName", Test::Present),
                message: "group needed",
            },
        ];
        let view = json!({
            "query": {"ResourceIds": []},
            "body": {"Resources": [
                {"ResourceType": "ECS", "GroupName": "g"},
                {"ResourceType": "ECS"},
                {"ResourceType": "MaxCompute"}
            ]}
        });
        let mut out = Vec::new();
        check_rules(&view, RULES, &mut out);
        let locations: Vec<_> = out.iter().map(|v| v.location.as_str()).collect();
        assert_eq!(
            locations,
            [
                "query/GroupName | query/ResourceIds",
                "body/Option",
                "body/Resources/1/GroupName"
            ]
        );
    }

    #[test]
    fn a_cookie_and_a_header_of_one_name_stay_apart() {
        const RULES: &[Rule] = &[Rule::Implies {
            id: "mode",
            when: ("cookie/mode", Test::In(&["fast"])),
            then: ("query/limit", Test::Present),
            message: "fast mode needs a limit",
        }];
        let mut view = RequestView::default();
        view.set(ParamIn::Cookie, "mode", &"fast");
        view.set(ParamIn::Header, "mode", &"slow");
        let mut out = Vec::new();
        check_rules(&view.into_value(), RULES, &mut out);
        assert_eq!(out.len(), 1, "the cookie's value decides: {out:?}");
        assert_eq!(out[0].location, "query/limit");
    }
}
