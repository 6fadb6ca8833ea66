//! ARM template expressions, as far as their value is known before deployment.
//!
//! A string that starts with `[` and ends with `]` is an expression (`[[` escapes a literal `[`). sigil
//! evaluates the few functions that names are built with — `parameters`, `variables`, `concat`, `format`,
//! `toLower`, `toUpper`, `string` — over literals, a parameter's `defaultValue` and each of its
//! `allowedValues`, and member access into object variables. Anything else (`uniqueString`,
//! `resourceGroup()`, `copyIndex()`...) is known only at deployment: it becomes an unknown [`Piece`] that
//! says why, so that the rest of the text is still known (`format('{0}/{1}', uniqueString(...), 'image')`
//! still names the image definition `image`).
//!
//! Every piece of text remembers where it is written, so a finding about a name built from
//! `parameters('galleryName')` lands on that parameter's `defaultValue`.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use sigil_spec::document::{Kind, Node};

/// How many alternatives a value may have: the product of the allowed values of several parameters grows
/// fast, and the first few show what is wrong as well as all of them.
pub(crate) const MAX_ALTERNATIVES: usize = 32;

/// How deep parameters, variables and calls may refer to each other (a variable referring to itself
/// would otherwise never end).
const MAX_DEPTH: usize = 32;

/// How many values one evaluator evaluates: a variable referring to itself several times would otherwise
/// take exponential time within [`MAX_DEPTH`].
const MAX_STEPS: usize = 4096;

/// Which file a piece of text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Origin {
    Template,
    /// The parameters file beside the template.
    Parameters,
}

/// A run of text and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Piece {
    /// The text; empty for an unknown piece.
    pub(crate) text: String,
    /// Why the text is known only at deployment, for a piece that is.
    pub(crate) unknown: Option<String>,
    pub(crate) origin: Origin,
    /// The literal the text comes from, with its quotes: a JSON string, or a `'...'` literal inside an
    /// expression. For an unknown piece, the expression that is unknown.
    pub(crate) literal: Range<usize>,
    /// Where exactly `text` is written, byte for byte, when the literal holds it without escapes.
    pub(crate) exact: Option<Range<usize>>,
    /// Whether `text` is all of the literal's content.
    pub(crate) whole: bool,
}

/// A string as pieces of text, each with its place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text {
    pub(crate) pieces: Vec<Piece>,
}

impl Text {
    fn single(piece: Piece) -> Self {
        Self {
            pieces: vec![piece],
        }
    }

    /// The text, when no piece is unknown.
    pub(crate) fn known(&self) -> Option<String> {
        self.pieces
            .iter()
            .map(|piece| piece.unknown.is_none().then_some(piece.text.as_str()))
            .collect()
    }

    /// The pieces known only at deployment.
    pub(crate) fn unknowns(&self) -> impl Iterator<Item = &Piece> {
        self.pieces.iter().filter(|piece| piece.unknown.is_some())
    }

    /// The text with unknown pieces written as `{?}`: how alternatives are told apart.
    fn shown(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| {
                if piece.unknown.is_some() {
                    "{?}"
                } else {
                    piece.text.as_str()
                }
            })
            .collect()
    }

    /// The segments between `/`s (a resource name's `gallery/image/version`), each with the pieces of
    /// its text. Every segment has at least one piece: an empty one where it is empty.
    pub(crate) fn segments(&self) -> Vec<Text> {
        let mut segments = vec![Text::default()];
        for piece in &self.pieces {
            if piece.unknown.is_some() {
                segments
                    .last_mut()
                    .expect("never empty")
                    .pieces
                    .push(piece.clone());
                continue;
            }
            let mut offset = 0;
            let parts: Vec<&str> = piece.text.split('/').collect();
            let split = parts.len() > 1;
            for (position, part) in parts.into_iter().enumerate() {
                if position > 0 {
                    segments.push(Text::default());
                }
                let exact = piece
                    .exact
                    .as_ref()
                    .map(|exact| exact.start + offset..exact.start + offset + part.len());
                segments
                    .last_mut()
                    .expect("never empty")
                    .pieces
                    .push(Piece {
                        text: part.to_owned(),
                        unknown: None,
                        origin: piece.origin,
                        literal: piece.literal.clone(),
                        exact,
                        whole: piece.whole && !split,
                    });
                offset += part.len() + 1;
            }
        }
        // `a/` + `b` is `a` and `b`, not `a` and `` + `b`: empty pieces only stand for an empty segment.
        for segment in &mut segments {
            if segment
                .pieces
                .iter()
                .any(|piece| !piece.text.is_empty() || piece.unknown.is_some())
            {
                segment
                    .pieces
                    .retain(|piece| !piece.text.is_empty() || piece.unknown.is_some());
            } else {
                segment.pieces.truncate(1);
            }
        }
        segments
    }

    fn map_known(&self, change: impl Fn(&str) -> String) -> Text {
        let pieces = self
            .pieces
            .iter()
            .map(|piece| {
                let text = change(&piece.text);
                let same_length = text.len() == piece.text.len();
                Piece {
                    exact: piece.exact.clone().filter(|_| same_length),
                    whole: piece.whole && same_length,
                    text,
                    ..piece.clone()
                }
            })
            .collect();
        Text { pieces }
    }
}

/// A value an expression can have.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'t> {
    Text(Text),
    /// Any other JSON value (an object, an array, a number, a boolean), as written in a file.
    Json(&'t Node, Origin),
}

impl Value<'_> {
    fn shown(&self) -> String {
        match self {
            Value::Text(text) => text.shown(),
            Value::Json(node, _) => format!("{:p}", *node),
        }
    }
}

/// The values an expression can have, the one deployed by default first. Never empty.
pub(crate) type Alternatives<'t> = Vec<Value<'t>>;

/// The files a template's text is read from.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sources<'t> {
    pub(crate) template: &'t str,
    pub(crate) parameters: &'t str,
    /// The location of the deployment's resource group, when the caller knows it (`sigil import
    /// --location`): the value of `resourceGroup().location`.
    pub(crate) location: Option<&'t str>,
}

impl<'t> Sources<'t> {
    fn text(&self, origin: Origin) -> &'t str {
        match origin {
            Origin::Template => self.template,
            Origin::Parameters => self.parameters,
        }
    }

    /// A string as a JSON file writes it: where its content starts when the literal holds it without
    /// escapes (so that offsets into the value are offsets into the file).
    fn content_start(&self, node: &Node, origin: Origin, value: &str) -> Option<usize> {
        let raw = self.text(origin).get(node.range.clone())?;
        let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
        (inner == value).then_some(node.range.start + 1)
    }
}

/// Where names are looked up: a template's `parameters` and `variables`, and the values given to its
/// parameters by a parameters file or by the deployment that nests it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope<'t> {
    pub(crate) parameters: Option<&'t Node>,
    pub(crate) variables: Option<&'t Node>,
    /// Values given for parameters, by lowercased name: they replace the default and allowed values.
    pub(crate) given: HashMap<String, Alternatives<'t>>,
}

impl<'t> Scope<'t> {
    /// The scope of a template: its own `parameters` and `variables`.
    pub(crate) fn of(template: &'t Node) -> Self {
        Self {
            parameters: get(template, "parameters"),
            variables: get(template, "variables"),
            given: HashMap::new(),
        }
    }
}

/// The value of `key` in a table, the key compared without regard to case as Resource Manager does.
pub(crate) fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.entries()
        .iter()
        .find(|entry| entry.key.eq_ignore_ascii_case(key))
        .map(|entry| &entry.value)
}

/// Whether a JSON string is an expression (`[...]`, not `[[...`).
pub(crate) fn is_expression(text: &str) -> bool {
    text.starts_with('[') && !text.starts_with("[[") && text.ends_with(']')
}

/// The text of a literal JSON string: `[[x` is `[x`.
pub(crate) fn unescaped(text: &str) -> &str {
    if text.starts_with("[[") {
        &text[1..]
    } else {
        text
    }
}

/// Evaluates the values of JSON nodes and expressions in a scope.
#[derive(Debug)]
pub(crate) struct Evaluator<'t, 's> {
    sources: Sources<'t>,
    scope: &'s Scope<'t>,
    /// Evaluations made so far, up to [`MAX_STEPS`].
    steps: Cell<usize>,
}

impl<'t, 's> Evaluator<'t, 's> {
    pub(crate) fn new(sources: Sources<'t>, scope: &'s Scope<'t>) -> Self {
        Self {
            sources,
            scope,
            steps: Cell::new(0),
        }
    }

    /// Counts one more evaluation; false once the budget is spent.
    fn step(&self) -> bool {
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        steps <= MAX_STEPS
    }

    /// The values of a JSON value written in a file: a string is evaluated as an expression or read as a
    /// literal; anything else is itself.
    pub(crate) fn node(&self, node: &'t Node, origin: Origin) -> Alternatives<'t> {
        self.node_at(node, origin, 0)
    }

    fn node_at(&self, node: &'t Node, origin: Origin, depth: usize) -> Alternatives<'t> {
        let Kind::String(value) = &node.kind else {
            return vec![Value::Json(node, origin)];
        };
        let start = self.sources.content_start(node, origin, value);
        // A parameters file holds values, not expressions.
        if origin == Origin::Template && is_expression(value) {
            let expression = &value[1..value.len() - 1];
            let base = start.map(|start| start + 1);
            let context = Context {
                text: expression,
                base,
                literal: node.range.clone(),
                origin,
            };
            return match parse(expression) {
                Ok(expr) => self.eval(&expr, &context, depth),
                Err(message) => vec![context.unknown(
                    0..expression.len(),
                    format!(
                        "`{}` is not an expression sigil can read: {message}",
                        shortened(value)
                    ),
                )],
            };
        }
        let (text, skipped) = if origin == Origin::Template && value.starts_with("[[") {
            (&value[1..], 1)
        } else {
            (value.as_str(), 0)
        };
        vec![Value::Text(Text::single(Piece {
            text: text.to_owned(),
            unknown: None,
            origin,
            literal: node.range.clone(),
            exact: start.map(|start| start + skipped..start + value.len()),
            whole: skipped == 0,
        }))]
    }

    fn eval(&self, expr: &Expr, context: &Context<'_>, depth: usize) -> Alternatives<'t> {
        if depth > MAX_DEPTH {
            return vec![context.unknown(
                expr.range(),
                "parameters and variables refer to each other too deeply".to_owned(),
            )];
        }
        if !self.step() {
            return vec![context.unknown(
                expr.range(),
                "the expression is too large for sigil to evaluate".to_owned(),
            )];
        }
        match expr {
            Expr::String {
                text,
                range,
                escaped,
            } => {
                let literal = context.file_range(range).unwrap_or(context.literal.clone());
                let exact = context
                    .file_range(&(range.start + 1..range.end - 1))
                    .filter(|_| !escaped);
                vec![Value::Text(Text::single(Piece {
                    text: text.clone(),
                    unknown: None,
                    origin: context.origin,
                    whole: context.base.is_some(),
                    literal,
                    exact,
                }))]
            }
            Expr::Integer { text, range } => vec![Value::Text(Text::single(Piece {
                text: text.clone(),
                unknown: None,
                origin: context.origin,
                literal: context.file_range(range).unwrap_or(context.literal.clone()),
                exact: context.file_range(range),
                whole: context.base.is_some(),
            }))],
            Expr::Call { name, args, range } => self.call(name, args, range, context, depth),
            Expr::Member {
                object,
                member,
                range,
            } => {
                if let Some(location) = self.resource_group_location(object, member, range, context)
                {
                    return vec![location];
                }
                let objects = self.eval(object, context, depth + 1);
                each(objects, |value| match value {
                    Value::Json(node, origin) => match get(node, member) {
                        Some(found) => self.node_at(found, origin, depth + 1),
                        None => vec![context.unknown(
                            range.clone(),
                            format!("the object has no property `{member}`"),
                        )],
                    },
                    Value::Text(text) if text.known().is_none() => vec![Value::Text(text)],
                    Value::Text(_) => vec![context.unknown(
                        range.clone(),
                        format!("`.{member}` of a string is not evaluated by sigil"),
                    )],
                })
            }
            Expr::Index {
                object,
                index,
                range,
            } => self.index(object, index, range, context, depth),
        }
    }

    /// `object[index]`: an element of an array, or a property of an object.
    fn index(
        &self,
        object: &Expr,
        index: &Expr,
        range: &Range<usize>,
        context: &Context<'_>,
        depth: usize,
    ) -> Alternatives<'t> {
        let objects = self.eval(object, context, depth + 1);
        let indices = self.eval(index, context, depth + 1);
        let Some(Value::Text(index)) = indices.first() else {
            return vec![context.unknown(
                range.clone(),
                "an index that is not a string or number".to_owned(),
            )];
        };
        let Some(index) = index.known() else {
            return vec![Value::Text(index.clone())];
        };
        each(objects, |value| {
            let found = match value {
                Value::Json(node, origin) => match &node.kind {
                    Kind::Array(items) => index
                        .parse::<usize>()
                        .ok()
                        .and_then(|at| items.get(at))
                        .map(|item| (item, origin)),
                    Kind::Table(_) => get(node, &index).map(|item| (item, origin)),
                    _ => None,
                },
                Value::Text(text) if text.known().is_none() => {
                    return vec![Value::Text(text)];
                }
                Value::Text(_) => None,
            };
            match found {
                Some((node, origin)) => self.node_at(node, origin, depth + 1),
                None => {
                    vec![context.unknown(range.clone(), format!("`[{index}]` is not in the value"))]
                }
            }
        })
    }

    fn call(
        &self,
        name: &str,
        args: &[Expr],
        range: &Range<usize>,
        context: &Context<'_>,
        depth: usize,
    ) -> Alternatives<'t> {
        let written = &context.text[range.clone()];
        let lower = name.to_ascii_lowercase();
        match lower.as_str() {
            "parameters" | "variables" => {
                let [arg] = args else {
                    return vec![
                        context.unknown(range.clone(), format!("`{written}` takes one name")),
                    ];
                };
                let names = self.eval(arg, context, depth + 1);
                each(names, |value| {
                    let Value::Text(text) = value else {
                        return vec![
                            context.unknown(range.clone(), format!("`{written}` takes a name")),
                        ];
                    };
                    let Some(key) = text.known() else {
                        return vec![Value::Text(text)];
                    };
                    if lower == "parameters" {
                        self.parameter(&key, range, context, depth + 1)
                    } else {
                        self.variable(&key, range, context, depth + 1)
                    }
                })
            }
            "concat" | "format" | "tolower" | "toupper" | "string" => {
                let lists: Vec<Alternatives<'t>> = args
                    .iter()
                    .map(|arg| self.eval(arg, context, depth + 1))
                    .collect();
                let mut out = Vec::new();
                for combination in combinations(&lists) {
                    let texts: Option<Vec<Text>> = combination
                        .iter()
                        .map(|value| match value {
                            Value::Text(text) => Some(text.clone()),
                            Value::Json(node, origin) => scalar_text(node, *origin),
                        })
                        .collect();
                    let Some(texts) = texts else {
                        out.push(context.unknown(
                            range.clone(),
                            format!("`{written}` of an object or array is not evaluated by sigil"),
                        ));
                        continue;
                    };
                    let text = match lower.as_str() {
                        "concat" => Ok(Text {
                            pieces: texts.into_iter().flat_map(|text| text.pieces).collect(),
                        }),
                        "format" => format_text(&texts),
                        "tolower" | "toupper" | "string" if texts.len() == 1 => {
                            Ok(match lower.as_str() {
                                "tolower" => texts[0].map_known(str::to_lowercase),
                                "toupper" => texts[0].map_known(str::to_uppercase),
                                _ => texts[0].clone(),
                            })
                        }
                        _ => Err(format!("`{written}` takes one value")),
                    };
                    out.push(match text {
                        Ok(text) => Value::Text(text),
                        Err(why) => context.unknown(range.clone(), why),
                    });
                }
                distinct(out)
            }
            "resourceid" | "subscriptionresourceid" => {
                let lists: Vec<Alternatives<'t>> = args
                    .iter()
                    .map(|arg| self.eval(arg, context, depth + 1))
                    .collect();
                let first = lists.iter().map(|list| list[0].clone()).collect::<Vec<_>>();
                vec![resource_id(&first, &lower, range, context)]
            }
            _ if DEPLOYMENT_FUNCTIONS.contains(&lower.as_str()) => {
                vec![context.unknown(
                    range.clone(),
                    format!("`{written}` is known only at deployment"),
                )]
            }
            _ => vec![context.unknown(
                range.clone(),
                format!("`{written}` is not evaluated by sigil"),
            )],
        }
    }

    /// `resourceGroup().location`, when the caller gave the resource group's location.
    fn resource_group_location(
        &self,
        object: &Expr,
        member: &str,
        range: &Range<usize>,
        context: &Context<'_>,
    ) -> Option<Value<'t>> {
        let location = self.sources.location?;
        let Expr::Call { name, args, .. } = object else {
            return None;
        };
        let asks = name.eq_ignore_ascii_case("resourceGroup")
            && args.is_empty()
            && member.eq_ignore_ascii_case("location");
        asks.then(|| {
            Value::Text(Text::single(Piece {
                text: location.to_owned(),
                unknown: None,
                origin: context.origin,
                literal: context.file_range(range).unwrap_or(context.literal.clone()),
                exact: None,
                whole: false,
            }))
        })
    }

    /// The values of a parameter: the one given for it; else its default and each of its allowed values.
    fn parameter(
        &self,
        name: &str,
        range: &Range<usize>,
        context: &Context<'_>,
        depth: usize,
    ) -> Alternatives<'t> {
        if let Some(given) = self.scope.given.get(&name.to_ascii_lowercase()) {
            return given.clone();
        }
        let Some(declared) = self
            .scope
            .parameters
            .and_then(|parameters| get(parameters, name))
        else {
            return vec![
                context.unknown(range.clone(), format!("parameter `{name}` is not declared")),
            ];
        };
        let mut values = Vec::new();
        let mut default_unknown = None;
        if let Some(default) = get(declared, "defaultValue") {
            for value in self.node_at(default, Origin::Template, depth) {
                match &value {
                    Value::Text(text) if text.known().is_none() => {
                        default_unknown.get_or_insert(value);
                    }
                    _ => values.push(value),
                }
            }
        }
        if let Some(allowed) = get(declared, "allowedValues") {
            for item in allowed.items() {
                values.extend(self.node_at(item, Origin::Template, depth));
            }
        }
        if values.is_empty() {
            return vec![default_unknown.unwrap_or_else(|| {
                context.unknown(
                    range.clone(),
                    format!("parameter `{name}` has no default value: it is given at deployment"),
                )
            })];
        }
        distinct(values)
    }

    fn variable(
        &self,
        name: &str,
        range: &Range<usize>,
        context: &Context<'_>,
        depth: usize,
    ) -> Alternatives<'t> {
        match self
            .scope
            .variables
            .and_then(|variables| get(variables, name))
        {
            Some(value) => self.node_at(value, Origin::Template, depth),
            None => {
                vec![context.unknown(range.clone(), format!("variable `{name}` is not declared"))]
            }
        }
    }
}

/// `each` applied to every alternative, the results together (duplicates and the excess dropped).
fn each<'t>(
    values: Alternatives<'t>,
    mut each: impl FnMut(Value<'t>) -> Alternatives<'t>,
) -> Alternatives<'t> {
    let mut out = Vec::new();
    for value in values {
        out.extend(each(value));
    }
    distinct(out)
}

/// Functions whose value only the deployment knows.
const DEPLOYMENT_FUNCTIONS: &[&str] = &[
    "copyindex",
    "deployment",
    "environment",
    "guid",
    "list",
    "listkeys",
    "listsecrets",
    "managementgroup",
    "newguid",
    "pickzones",
    "reference",
    "resourcegroup",
    "subscription",
    "tenant",
    "tenantresourceid",
    "uniquestring",
    "utcnow",
];

/// `resourceId(...)` or `subscriptionResourceId(...)` of the default values of its arguments: the id with
/// the subscription (and resource group) unknown unless given, the names interleaved with the type's
/// segments (`.../providers/Microsoft.Compute/galleries/G/images/D`), each name at its place.
fn resource_id(
    args: &[Value<'_>],
    function: &str,
    range: &Range<usize>,
    context: &Context<'_>,
) -> Value<'static> {
    let texts: Option<Vec<Text>> = args
        .iter()
        .map(|value| match value {
            Value::Text(text) => Some(text.clone()),
            Value::Json(node, origin) => scalar_text(node, *origin),
        })
        .collect();
    let Some(texts) = texts else {
        return context.unknown(
            range.clone(),
            format!("`{function}` of an object or array is not evaluated by sigil"),
        );
    };
    // The type is the first argument written as `Namespace/type`; those before it scope the id.
    let Some(at) = texts.iter().position(|text| {
        text.known()
            .is_some_and(|known| known.contains('.') && known.contains('/'))
    }) else {
        return context.unknown(
            range.clone(),
            format!("`{function}` without a literal resource type is not evaluated by sigil"),
        );
    };
    let unknown = |what: &str| Piece {
        text: String::new(),
        unknown: Some(format!("the {what} is known only at deployment")),
        origin: context.origin,
        literal: context.file_range(range).unwrap_or(context.literal.clone()),
        exact: None,
        whole: false,
    };
    let plain = |text: &str| Piece {
        text: text.to_owned(),
        unknown: None,
        origin: context.origin,
        literal: context.file_range(range).unwrap_or(context.literal.clone()),
        exact: None,
        whole: false,
    };
    let mut out = Text::default();
    let scoping = &texts[..at];
    out.pieces.push(plain("/subscriptions/"));
    match scoping.len() {
        2 => out.pieces.extend(scoping[0].pieces.iter().cloned()),
        _ => out.pieces.push(unknown("subscription")),
    }
    if function == "resourceid" {
        out.pieces.push(plain("/resourceGroups/"));
        match scoping.last() {
            Some(group) => out.pieces.extend(group.pieces.iter().cloned()),
            None => out.pieces.push(unknown("resource group")),
        }
    }
    out.pieces.push(plain("/providers/"));
    let type_text = texts[at].known().unwrap_or_default();
    let mut type_segments = type_text.trim_end_matches('/').split('/');
    out.pieces.push(plain(&format!(
        "{}/{}",
        type_segments.next().unwrap_or_default(),
        type_segments.next().unwrap_or_default()
    )));
    for (position, name) in texts[at + 1..].iter().enumerate() {
        if position > 0 {
            let segment = type_segments.next().unwrap_or_default();
            out.pieces.push(plain(&format!("/{segment}")));
        }
        out.pieces.push(plain("/"));
        out.pieces.extend(name.pieces.iter().cloned());
    }
    Value::Text(out)
}

/// A number or boolean in a function that wants text (`concat('v', 1)`): its JSON text.
fn scalar_text(node: &Node, origin: Origin) -> Option<Text> {
    let text = match &node.kind {
        Kind::Integer(value) => value.to_string(),
        Kind::Unsigned(value) => value.to_string(),
        Kind::Float(value) => value.to_string(),
        Kind::Bool(value) => value.to_string(),
        _ => return None,
    };
    Some(Text::single(Piece {
        text,
        unknown: None,
        origin,
        literal: node.range.clone(),
        exact: None,
        whole: true,
    }))
}

/// `format(text, args...)` with .NET composite formatting: `{0}`, `{{` and `}}`. Format specifiers
/// (`{0:D2}`) are not evaluated.
fn format_text(texts: &[Text]) -> Result<Text, String> {
    let Some((format, args)) = texts.split_first() else {
        return Err("format takes a format text".to_owned());
    };
    let mut out = Text::default();
    for piece in &format.pieces {
        if piece.unknown.is_some() {
            out.pieces.push(piece.clone());
            continue;
        }
        let bytes = piece.text.as_bytes();
        let mut literal_start = 0;
        let mut at = 0;
        // Literal text between placeholders is a piece of the format text, at its place.
        let push_literal = |out: &mut Text, from: usize, to: usize, text: String| {
            if text.is_empty() {
                return;
            }
            out.pieces.push(Piece {
                exact: piece
                    .exact
                    .as_ref()
                    .filter(|_| text.len() == to - from)
                    .map(|exact| exact.start + from..exact.start + to),
                text,
                whole: false,
                ..piece.clone()
            });
        };
        let mut literal = String::new();
        while at < bytes.len() {
            match bytes[at] {
                b'{' if bytes.get(at + 1) == Some(&b'{') => {
                    literal.push('{');
                    at += 2;
                }
                b'}' if bytes.get(at + 1) == Some(&b'}') => {
                    literal.push('}');
                    at += 2;
                }
                b'{' => {
                    let close = piece.text[at..]
                        .find('}')
                        .ok_or_else(|| "an unclosed `{` in the format text".to_owned())?;
                    let inside = &piece.text[at + 1..at + close];
                    let index: usize = inside.parse().map_err(|_| {
                        format!("the placeholder `{{{inside}}}` is not evaluated by sigil")
                    })?;
                    let arg = args
                        .get(index)
                        .ok_or_else(|| format!("the placeholder `{{{index}}}` has no value"))?;
                    push_literal(&mut out, literal_start, at, std::mem::take(&mut literal));
                    out.pieces.extend(arg.pieces.iter().cloned());
                    at += close + 1;
                    literal_start = at;
                }
                _ => {
                    let character = piece.text[at..].chars().next().expect("in bounds");
                    literal.push(character);
                    at += character.len_utf8();
                }
            }
        }
        push_literal(&mut out, literal_start, at, literal);
    }
    Ok(out)
}

/// Every combination of one value from each list, in order, the first values' combination first; at most
/// [`MAX_ALTERNATIVES`].
fn combinations<'t>(lists: &[Alternatives<'t>]) -> Vec<Vec<Value<'t>>> {
    let mut out: Vec<Vec<Value<'t>>> = vec![Vec::new()];
    for list in lists {
        let mut next = Vec::new();
        'outer: for prefix in &out {
            for value in list {
                if next.len() == MAX_ALTERNATIVES {
                    break 'outer;
                }
                let mut combination = prefix.clone();
                combination.push(value.clone());
                next.push(combination);
            }
        }
        out = next;
    }
    out
}

/// `values` without repeats (by their text), at most [`MAX_ALTERNATIVES`], in order.
fn distinct(values: Vec<Value<'_>>) -> Alternatives<'_> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for value in values {
        let shown = value.shown();
        if seen.contains(&shown) {
            continue;
        }
        seen.push(shown);
        out.push(value);
        if out.len() == MAX_ALTERNATIVES {
            break;
        }
    }
    out
}

/// `text`, or its first 40 characters and `...`: what a message quotes of an expression.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

/// Where an expression is written, to place the pieces made from it.
#[derive(Debug)]
struct Context<'e> {
    /// The expression, without its brackets.
    text: &'e str,
    /// Where `text` starts in the file, when the JSON string holds it without escapes.
    base: Option<usize>,
    /// The JSON string the expression is written in.
    literal: Range<usize>,
    origin: Origin,
}

impl Context<'_> {
    fn file_range(&self, range: &Range<usize>) -> Option<Range<usize>> {
        self.base.map(|base| base + range.start..base + range.end)
    }

    fn unknown(&self, range: Range<usize>, why: String) -> Value<'static> {
        Value::Text(Text::single(Piece {
            text: String::new(),
            unknown: Some(why),
            origin: self.origin,
            literal: self.file_range(&range).unwrap_or(self.literal.clone()),
            exact: None,
            whole: false,
        }))
    }
}

// ------------------------------------------------------------------------------------------- the parser

/// An expression, each part with its range in the expression's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Expr {
    String {
        text: String,
        /// With the quotes.
        range: Range<usize>,
        /// Whether the literal holds a doubled `''`, so its text is not written byte for byte.
        escaped: bool,
    },
    Integer {
        text: String,
        range: Range<usize>,
    },
    Call {
        name: String,
        args: Vec<Expr>,
        range: Range<usize>,
    },
    Member {
        object: Box<Expr>,
        member: String,
        range: Range<usize>,
    },
    Index {
        object: Box<Expr>,
        index: Box<Expr>,
        range: Range<usize>,
    },
}

impl Expr {
    fn range(&self) -> Range<usize> {
        match self {
            Expr::String { range, .. }
            | Expr::Integer { range, .. }
            | Expr::Call { range, .. }
            | Expr::Member { range, .. }
            | Expr::Index { range, .. } => range.clone(),
        }
    }
}

/// Parses the text of an expression (without its brackets).
pub(crate) fn parse(text: &str) -> Result<Expr, String> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
        depth: 0,
    };
    let expr = parser.expression()?;
    parser.skip_spaces();
    if parser.at < text.len() {
        return Err(format!("unexpected `{}`", shortened(&text[parser.at..])));
    }
    Ok(expr)
}

struct Parser<'e> {
    text: &'e str,
    bytes: &'e [u8],
    at: usize,
    depth: usize,
}

impl Parser<'_> {
    fn skip_spaces(&mut self) {
        while self.bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        self.skip_spaces();
        if self.bytes.get(self.at) == Some(&byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expression(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err("nested too deeply".to_owned());
        }
        let start = {
            self.skip_spaces();
            self.at
        };
        let mut expr = self.primary()?;
        loop {
            if self.eat(b'.') {
                self.skip_spaces();
                let member = self.identifier()?;
                expr = Expr::Member {
                    object: Box::new(expr),
                    member,
                    range: start..self.at,
                };
            } else if self.eat(b'[') {
                let index = self.expression()?;
                if !self.eat(b']') {
                    return Err("a `[` without its `]`".to_owned());
                }
                expr = Expr::Index {
                    object: Box::new(expr),
                    index: Box::new(index),
                    range: start..self.at,
                };
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(expr)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.skip_spaces();
        let start = self.at;
        match self.bytes.get(self.at) {
            Some(b'\'') => self.string(),
            Some(byte) if byte.is_ascii_digit() || *byte == b'-' => {
                self.at += 1;
                while self.bytes.get(self.at).is_some_and(u8::is_ascii_digit) {
                    self.at += 1;
                }
                Ok(Expr::Integer {
                    text: self.text[start..self.at].to_owned(),
                    range: start..self.at,
                })
            }
            Some(byte) if byte.is_ascii_alphabetic() => {
                let name = self.identifier()?;
                if !self.eat(b'(') {
                    return Err(format!("`{name}` is not a function call"));
                }
                let mut args = Vec::new();
                if !self.eat(b')') {
                    loop {
                        args.push(self.expression()?);
                        if self.eat(b')') {
                            break;
                        }
                        if !self.eat(b',') {
                            return Err(format!("a `,` or `)` in the arguments of `{name}`"));
                        }
                    }
                }
                Ok(Expr::Call {
                    name,
                    args,
                    range: start..self.at,
                })
            }
            Some(_) => Err(format!("unexpected `{}`", shortened(&self.text[start..]))),
            None => Err("an expression ends early".to_owned()),
        }
    }

    fn identifier(&mut self) -> Result<String, String> {
        let start = self.at;
        while self
            .bytes
            .get(self.at)
            .is_some_and(|byte| byte.is_ascii_alphanumeric() || *byte == b'_' || *byte == b'$')
        {
            self.at += 1;
        }
        if start == self.at {
            return Err("a name is missing".to_owned());
        }
        Ok(self.text[start..self.at].to_owned())
    }

    /// A `'...'` literal, `''` standing for `'`.
    fn string(&mut self) -> Result<Expr, String> {
        let start = self.at;
        self.at += 1;
        let mut text = String::new();
        let mut escaped = false;
        loop {
            let rest = &self.text[self.at..];
            let Some(quote) = rest.find('\'') else {
                return Err("a string without its closing `'`".to_owned());
            };
            text.push_str(&rest[..quote]);
            self.at += quote + 1;
            if self.bytes.get(self.at) == Some(&b'\'') {
                text.push('\'');
                escaped = true;
                self.at += 1;
            } else {
                break;
            }
        }
        Ok(Expr::String {
            text,
            range: start..self.at,
            escaped,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sigil_spec::document::{JsonSyntax, parse_json};

    /// The alternatives of `name` in `template`: each alternative's text (`{?}` for unknown pieces) and,
    /// for each piece, the text its place points at.
    fn resolve(template: &str, expression: &str) -> Vec<(String, Vec<String>)> {
        let root = parse_json(template, JsonSyntax::WithComments).unwrap();
        let scope = Scope::of(&root);
        let evaluator = Evaluator::new(
            Sources {
                template,
                parameters: "",
                location: None,
            },
            &scope,
        );
        let name = get(&root, "name").expect("the template has a `name` to resolve");
        assert_eq!(name.as_str(), Some(expression));
        evaluator
            .node(name, Origin::Template)
            .into_iter()
            .map(|value| {
                let Value::Text(text) = value else {
                    panic!("a JSON value")
                };
                let places = text
                    .pieces
                    .iter()
                    .map(|piece| {
                        let range = piece.exact.clone().unwrap_or(piece.literal.clone());
                        template[range].to_owned()
                    })
                    .collect();
                (text.shown(), places)
            })
            .collect()
    }

    fn template(parameters: &str, variables: &str, name: &str) -> String {
        format!(
            "{{\n  \"parameters\": {{{parameters}}},\n  \"variables\": {{{variables}}},\n  \"name\": \"{name}\"\n}}"
        )
    }

    #[test]
    fn a_literal_is_itself_and_an_escaped_bracket_is_a_literal() {
        let text = template("", "", "myGallery");
        assert_eq!(
            resolve(&text, "myGallery"),
            [("myGallery".to_owned(), vec!["myGallery".to_owned()])]
        );
        let text = template("", "", "[[notAnExpression]");
        assert_eq!(
            resolve(&text, "[[notAnExpression]")[0].0,
            "[notAnExpression]"
        );
    }

    #[test]
    fn a_parameter_is_its_default_then_each_allowed_value() {
        let text = template(
            r#""galleryName": {"type": "string", "defaultValue": "myGallery", "allowedValues": ["myGallery", "my-gallery"]}"#,
            "",
            "[parameters('galleryName')]",
        );
        let resolved = resolve(&text, "[parameters('galleryName')]");
        assert_eq!(
            resolved,
            [
                ("myGallery".to_owned(), vec!["myGallery".to_owned()]),
                ("my-gallery".to_owned(), vec!["my-gallery".to_owned()]),
            ]
        );
        // The default's literal, not the first allowed value's.
        let default = text.find("\"myGallery\"").unwrap();
        let root = parse_json(&text, JsonSyntax::WithComments).unwrap();
        let scope = Scope::of(&root);
        let evaluator = Evaluator::new(
            Sources {
                template: &text,
                parameters: "",
                location: None,
            },
            &scope,
        );
        let Value::Text(first) = &evaluator.node(get(&root, "name").unwrap(), Origin::Template)[0]
        else {
            panic!()
        };
        assert_eq!(first.pieces[0].literal.start, default);
    }

    #[test]
    fn concat_and_format_keep_each_piece_at_its_place() {
        let text = template(
            r#""prefix": {"type": "string", "defaultValue": "contoso"}"#,
            r#""suffix": "Gallery", "names": {"image": "my-image"}"#,
            "[concat(parameters('prefix'), variables('suffix'), '/', variables('names').image)]",
        );
        let resolved = resolve(
            &text,
            "[concat(parameters('prefix'), variables('suffix'), '/', variables('names').image)]",
        );
        assert_eq!(resolved[0].0, "contosoGallery/my-image");
        assert_eq!(resolved[0].1, ["contoso", "Gallery", "/", "my-image"]);

        let text = template(
            r#""g": {"type": "string", "defaultValue": "g1"}"#,
            "",
            "[format('{0}/img-{{1}}', parameters('g'))]",
        );
        let resolved = resolve(&text, "[format('{0}/img-{{1}}', parameters('g'))]");
        assert_eq!(resolved[0].0, "g1/img-{1}");
        assert_eq!(resolved[0].1[0], "g1");
        // `{{` is not written byte for byte as `{`: the piece points at the whole format literal.
        assert_eq!(resolved[0].1[1], "'{0}/img-{{1}}'");
    }

    #[test]
    fn what_only_the_deployment_knows_is_an_unknown_piece() {
        let text = template(
            r#""location": {"type": "string", "defaultValue": "[resourceGroup().location]"}, "required": {"type": "string"}"#,
            "",
            "[concat(uniqueString(resourceGroup().id), '/', parameters('required'), '/', parameters('location'), '/', parameters('absent'), '/', variables('absent'), '/', reference('x').y)]",
        );
        let root = parse_json(&text, JsonSyntax::WithComments).unwrap();
        let scope = Scope::of(&root);
        let evaluator = Evaluator::new(
            Sources {
                template: &text,
                parameters: "",
                location: None,
            },
            &scope,
        );
        let values = evaluator.node(get(&root, "name").unwrap(), Origin::Template);
        let Value::Text(value) = &values[0] else {
            panic!()
        };
        let why: Vec<&str> = value
            .unknowns()
            .map(|piece| piece.unknown.as_deref().unwrap())
            .collect();
        assert_eq!(
            why,
            [
                "`uniqueString(resourceGroup().id)` is known only at deployment",
                "parameter `required` has no default value: it is given at deployment",
                "`resourceGroup()` is known only at deployment",
                "parameter `absent` is not declared",
                "variable `absent` is not declared",
                "`reference('x')` is known only at deployment",
            ]
        );
        // The known separators still split the name.
        assert_eq!(value.segments().len(), 6);
        assert_eq!(value.known(), None);
    }

    #[test]
    fn alternatives_multiply_and_stop_at_the_limit() {
        let allowed: Vec<String> = (0..10).map(|n| format!("\"v{n}\"")).collect();
        let text = template(
            &format!(
                r#""a": {{"type": "string", "allowedValues": [{list}]}}, "b": {{"type": "string", "allowedValues": [{list}]}}"#,
                list = allowed.join(", ")
            ),
            "",
            "[concat(parameters('a'), parameters('b'))]",
        );
        let resolved = resolve(&text, "[concat(parameters('a'), parameters('b'))]");
        assert_eq!(resolved.len(), MAX_ALTERNATIVES);
        assert_eq!(resolved[0].0, "v0v0");
        assert_eq!(resolved[1].0, "v0v1");
    }

    #[test]
    fn a_variable_that_refers_to_itself_ends() {
        let text = template(
            "",
            r#""loop": "[variables('loop')]""#,
            "[variables('loop')]",
        );
        let resolved = resolve(&text, "[variables('loop')]");
        assert_eq!(resolved[0].0, "{?}");
        // Four times at each level: 4^32 evaluations without a budget.
        let text = template(
            "",
            r#""a": "[concat(variables('a'), variables('a'), variables('a'), variables('a'))]""#,
            "[variables('a')]",
        );
        let started = std::time::Instant::now();
        let resolved = resolve(&text, "[variables('a')]");
        assert!(
            resolved[0].0.replace("{?}", "").is_empty(),
            "{}",
            resolved[0].0
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn segments_split_on_slashes_inside_pieces() {
        let text = template("", "", "myGallery/my-image");
        let root = parse_json(&text, JsonSyntax::WithComments).unwrap();
        let scope = Scope::of(&root);
        let evaluator = Evaluator::new(
            Sources {
                template: &text,
                parameters: "",
                location: None,
            },
            &scope,
        );
        let Value::Text(value) = &evaluator.node(get(&root, "name").unwrap(), Origin::Template)[0]
        else {
            panic!()
        };
        let segments = value.segments();
        let texts: Vec<String> = segments.iter().map(|s| s.known().unwrap()).collect();
        assert_eq!(texts, ["myGallery", "my-image"]);
        let image = &segments[1].pieces[0];
        assert_eq!(&text[image.exact.clone().unwrap()], "my-image");
        assert!(!image.whole);
    }

    #[test]
    fn the_parser_reads_strings_calls_members_and_indices() {
        let expr = parse("concat('it''s', variables('x').a[0], -1)").unwrap();
        let Expr::Call { name, args, .. } = expr else {
            panic!()
        };
        assert_eq!(name, "concat");
        assert!(matches!(&args[0], Expr::String { text, escaped: true, .. } if text == "it's"));
        assert!(matches!(&args[1], Expr::Index { .. }));
        assert!(matches!(&args[2], Expr::Integer { text, .. } if text == "-1"));
        for bad in ["concat('a'", "'open", "x", "f(,)", "f() g", ""] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
