//! Deserialising from the tree. Like a format's own deserializer, with one difference from a generic
//! value such as `serde_json::Value`: a struct is read only from a table, never from an array, so
//! `gallery = [["myGallery"]]` is refused rather than read positionally.

use std::fmt;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess, Unexpected,
    Visitor,
};

use crate::document::{Entry, Kind, Node};

/// A document's node as a serde deserializer. A wrapper, so that the deserializer and its error stay
/// this crate's own while [`Node`] is public.
#[derive(Debug, Clone, Copy)]
pub(crate) struct De<'de>(pub(crate) &'de Node);

/// What serde reports; only its text is used, read back by [`crate::resources`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Error(pub(crate) String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error(message.to_string())
    }
}

impl Node {
    fn unexpected(&self) -> Unexpected<'_> {
        match &self.kind {
            Kind::Null => Unexpected::Unit,
            Kind::Bool(value) => Unexpected::Bool(*value),
            Kind::Integer(value) => Unexpected::Signed(*value),
            Kind::Unsigned(value) => Unexpected::Unsigned(*value),
            Kind::Float(value) => Unexpected::Float(*value),
            Kind::String(text) | Kind::Datetime(text) => Unexpected::Str(text),
            Kind::Array(_) => Unexpected::Seq,
            Kind::Table(_) => Unexpected::Map,
        }
    }
}

impl<'de> Deserializer<'de> for De<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::Null => visitor.visit_unit(),
            Kind::Bool(value) => visitor.visit_bool(*value),
            Kind::Integer(value) => visitor.visit_i64(*value),
            Kind::Unsigned(value) => visitor.visit_u64(*value),
            Kind::Float(value) => visitor.visit_f64(*value),
            Kind::String(text) | Kind::Datetime(text) => visitor.visit_borrowed_str(text),
            Kind::Array(items) => {
                let mut access = Items {
                    items: items.iter(),
                };
                let value = visitor.visit_seq(&mut access)?;
                let left = access.items.len();
                if left == 0 {
                    Ok(value)
                } else {
                    Err(de::Error::invalid_length(items.len(), &"fewer elements"))
                }
            }
            Kind::Table(entries) => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.kind {
            Kind::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0.kind {
            Kind::Table(_) => self.deserialize_any(visitor),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.0.kind {
            Kind::String(text) => visitor.visit_enum(text.as_str().into_deserializer()),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.kind {
            Kind::Null => visitor.visit_unit(),
            _ => Err(de::Error::invalid_type(self.0.unexpected(), &visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit_struct seq tuple tuple_struct map identifier
    }
}

struct Items<'de> {
    items: std::slice::Iter<'de, Node>,
}

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.items
            .next()
            .map(|item| seed.deserialize(De(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'de> {
    entries: std::slice::Iter<'de, Entry>,
    value: Option<&'de Node>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(&entry.value);
        seed.deserialize(BorrowedStrDeserializer::new(&entry.key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self
            .value
            .take()
            .ok_or_else(|| de::Error::custom("a value was read before its key"))?;
        seed.deserialize(De(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Pair {
        name: String,
        count: Option<u32>,
    }

    fn string(text: &str) -> Node {
        Node::new(0..0, Kind::String(text.to_owned()))
    }

    fn table(entries: Vec<(&str, Node)>) -> Node {
        let entries = entries
            .into_iter()
            .map(|(key, value)| Entry {
                key: key.to_owned(),
                key_range: 0..0,
                value,
            })
            .collect();
        Node::new(0..0, Kind::Table(entries))
    }

    #[test]
    fn structs_come_from_tables_only() {
        let pair = table(vec![("name", string("a"))]);
        assert_eq!(
            Pair::deserialize(De(&pair)),
            Ok(Pair {
                name: "a".to_owned(),
                count: None
            })
        );
        let array = Node::new(0..0, Kind::Array(vec![string("a")]));
        let error = Pair::deserialize(De(&array)).unwrap_err();
        assert_eq!(error.0, "invalid type: sequence, expected struct Pair");
    }

    #[test]
    fn null_is_an_absent_option() {
        let pair = table(vec![
            ("name", string("a")),
            ("count", Node::new(0..0, Kind::Null)),
        ]);
        assert_eq!(Pair::deserialize(De(&pair)).unwrap().count, None);
        let negative = table(vec![
            ("name", string("a")),
            ("count", Node::new(0..0, Kind::Integer(-1))),
        ]);
        assert_eq!(
            Pair::deserialize(De(&negative)).unwrap_err().0,
            "invalid value: integer `-1`, expected u32"
        );
    }
}
