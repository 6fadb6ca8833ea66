//! How readers write values that several formats spell alike.

use std::ops::Range;

use sigil_spec::document::Node;

/// A `True` or `False` written as text, in any case, as the boolean a spec holds; any other text as it is,
/// for the deserialiser to refuse with its rule.
pub(crate) fn flag(range: Range<usize>, text: &str) -> Node {
    if text.eq_ignore_ascii_case("true") {
        Node::bool(range, true)
    } else if text.eq_ignore_ascii_case("false") {
        Node::bool(range, false)
    } else {
        Node::string(range, text)
    }
}
