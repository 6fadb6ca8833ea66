//! serde's `rename_all` rules, as serde applies them to a field's `snake_case` identifier.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    /// The rule serde knows by `name`; `None` for a name serde itself will reject.
    pub(crate) fn from_name(name: &str) -> Option<Self> {
        Some(match name {
            "lowercase" => Self::Lower,
            "UPPERCASE" => Self::Upper,
            "PascalCase" => Self::Pascal,
            "camelCase" => Self::Camel,
            "snake_case" => Self::Snake,
            "SCREAMING_SNAKE_CASE" => Self::ScreamingSnake,
            "kebab-case" => Self::Kebab,
            "SCREAMING-KEBAB-CASE" => Self::ScreamingKebab,
            _ => return None,
        })
    }

    pub(crate) fn apply(self, field: &str) -> String {
        match self {
            Self::Lower | Self::Snake => field.to_owned(),
            Self::Upper | Self::ScreamingSnake => field.to_ascii_uppercase(),
            Self::Pascal => pascal(field),
            Self::Camel => {
                let pascal = pascal(field);
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            Self::Kebab => field.replace('_', "-"),
            Self::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

fn pascal(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    pascal
}

#[cfg(test)]
mod tests {
    use super::RenameRule;

    #[test]
    fn matches_serde_for_fields() {
        let cases = [
            ("lowercase", "os_state", "os_state"),
            ("UPPERCASE", "os_state", "OS_STATE"),
            ("PascalCase", "os_state", "OsState"),
            ("camelCase", "os_state", "osState"),
            ("snake_case", "os_state", "os_state"),
            ("SCREAMING_SNAKE_CASE", "os_state", "OS_STATE"),
            ("kebab-case", "os_state", "os-state"),
            ("SCREAMING-KEBAB-CASE", "os_state", "OS-STATE"),
            ("kebab-case", "sku", "sku"),
            ("camelCase", "hyper_v_generation", "hyperVGeneration"),
            ("PascalCase", "a", "A"),
            ("camelCase", "", ""),
        ];
        for (rule, field, expected) in cases {
            let rule = RenameRule::from_name(rule).unwrap();
            assert_eq!(rule.apply(field), expected, "{rule:?} of {field}");
        }
    }

    #[test]
    fn unknown_rules_are_left_to_serde() {
        assert_eq!(RenameRule::from_name("kebab_case"), None);
        assert_eq!(RenameRule::from_name("Train-Case"), None);
    }
}
