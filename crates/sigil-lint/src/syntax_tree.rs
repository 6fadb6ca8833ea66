//! What the tree-sitter readers ask of a syntax tree before reading it, without recursion (a file is read on
//! the walk's threads, whose stacks are 2 MiB, and may nest ten thousand levels deep).

use tree_sitter::Node;

/// The start of the first node that does not parse (an error, or a missing token), in document order.
pub(crate) fn first_error(root: Node<'_>) -> Option<usize> {
    let mut node = root;
    loop {
        if node.is_error() || node.is_missing() {
            return Some(node.start_byte());
        }
        let mut cursor = node.walk();
        let next = node
            .children(&mut cursor)
            .find(|child| child.has_error() || child.is_missing());
        node = next?;
    }
}

/// The start of the first node deeper than `max_depth` below `root`.
pub(crate) fn too_deep(root: Node<'_>, max_depth: u32) -> Option<usize> {
    let mut cursor = root.walk();
    loop {
        if cursor.depth() > max_depth {
            return Some(cursor.node().start_byte());
        }
        if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return None;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bash(text: &str) -> tree_sitter::Tree {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_bash::LANGUAGE.into())
            .unwrap();
        parser.parse(text, None).unwrap()
    }

    #[test]
    fn the_first_error_is_found_in_document_order() {
        // An unclosed quote on the second line: the error starts inside it, not at the first line.
        let text = "echo ok\necho \"a\n";
        let tree = bash(text);
        assert_eq!(first_error(tree.root_node()), text.find('"'));
        // A missing token is an error too: the `)` that would close the subshell.
        let text = "echo ok\necho (a\necho ok\n";
        assert_eq!(first_error(bash(text).root_node()), Some(text.len()));
        assert_eq!(first_error(bash("echo ok\n").root_node()), None);
    }

    #[test]
    fn depth_is_measured_without_recursion() {
        let deep = format!("echo {}1{}\n", "$(".repeat(3000), ")".repeat(3000));
        let tree = bash(&deep);
        assert!(too_deep(tree.root_node(), 512).is_some());
        assert_eq!(too_deep(bash("echo $(date)\n").root_node(), 512), None);
    }
}
