//! The error bodies an operation declares, as templates for rejections.
//! Each declared error response with a JSON body gets a value that conforms
//! to its schema: string properties whose names say what they hold get a
//! placeholder (`{code}`, `{message}`, `{detail}`, `{request_id}`), other
//! required properties an example value. The runtime fills the
//! placeholders, so every rejection speaks the API's own error format.

use serde_json::{Map, Value};

use crate::model::{Api, MediaKind, Operation, TypeKind, TypeRef};
use crate::values;

#[derive(Clone, PartialEq)]
pub struct Template {
    pub low: u16,
    pub high: u16,
    pub content_type: String,
    pub template: String,
}

pub fn error_templates(api: &Api, op: &Operation) -> Vec<Template> {
    op.responses
        .iter()
        .filter_map(|response| {
            // Rejections are errors: only windows at or past 400 render them.
            let (low, high) = response.status.window();
            if high < 400 {
                return None;
            }
            let (content_type, template) = match &response.body {
                Some(body) if body.kind == MediaKind::Json => (
                    body.media_type.clone(),
                    template_for(api, &body.ty).to_string(),
                ),
                Some(body) if body.kind == MediaKind::Text => {
                    (body.media_type.clone(), "\"{message}\"".to_string())
                }
                _ => return None,
            };
            Some(Template {
                low,
                high,
                content_type,
                template,
            })
        })
        .collect()
}

/// The placeholder a property's name asks for, if any.
fn role(wire_name: &str) -> Option<&'static str> {
    let name = wire_name.to_ascii_lowercase().replace(['_', '-'], "");
    if name.contains("encoded") {
        // An encoded or encrypted value is not ours to make up.
        None
    } else if name.contains("requestid") {
        Some("{request_id}")
    } else if name.contains("code") {
        Some("{code}")
    } else if name.contains("detail") {
        Some("{detail}")
    } else if name.contains("msg") || name.contains("message") {
        Some("{message}")
    } else {
        None
    }
}

fn is_text(api: &Api, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String => true,
        TypeRef::Named(name) => matches!(
            api.types.get(name).map(|t| &t.kind),
            Some(TypeKind::Alias(TypeRef::String))
        ),
        _ => false,
    }
}

fn template_for(api: &Api, ty: &TypeRef) -> Value {
    let TypeRef::Named(name) = ty else {
        return if is_text(api, ty) {
            Value::from("{message}")
        } else {
            values::example(&api.types, ty)
        };
    };
    let Some(TypeKind::Struct(s)) = api.types.get(name).map(|t| &t.kind) else {
        return if is_text(api, ty) {
            Value::from("{message}")
        } else {
            values::example(&api.types, ty)
        };
    };
    let mut map = Map::new();
    for field in &s.fields {
        let value = match role(&field.wire_name) {
            Some(placeholder) if is_text(api, &field.ty) => Some(Value::from(placeholder)),
            _ if field.required => Some(values::example(&api.types, &field.ty)),
            _ => None,
        };
        if let Some(value) = value {
            map.insert(field.wire_name.clone(), value);
        }
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::role;

    #[test]
    fn roles_come_from_names() {
        for (name, want) in [
            ("Code", Some("{code}")),
            ("error_code", Some("{code}")),
            ("Message", Some("{message}")),
            ("error_msg", Some("{message}")),
            ("error_detail", Some("{detail}")),
            ("RequestId", Some("{request_id}")),
            ("request_id", Some("{request_id}")),
            ("HostId", None),
            ("encoded_authorization_message", None),
        ] {
            assert_eq!(role(name), want, "{name}");
        }
    }
}
