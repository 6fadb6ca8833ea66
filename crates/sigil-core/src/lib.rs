//! The rules and the resource model of Azure Compute Gallery, as sigil knows them.
//!
//! - [`rules`]: the registry. Every rule has a stable id, a severity, a message and its sources.
//! - [`names`]: the naming rules of galleries, image definitions, versions, applications and scripts.
//! - [`regions`]: the Azure regions sigil knows, and which have availability zones.
//! - [`model`]: resource types that cannot hold an invalid name or value, checked as a whole by [`Validate`].
//!
//! No I/O happens here: callers read files, know the date, and render diagnostics.
//!
//! ```
//! use sigil_core::model::{GalleryName, Spec};
//! use sigil_core::{Context, Mode, NameKind};
//!
//! // A name type cannot hold an invalid name; the error carries every finding with its rule id.
//! assert!("myGallery".parse::<GalleryName>().is_ok());
//! let error = "my-gallery".parse::<GalleryName>().unwrap_err();
//! assert_eq!(error.diagnostics[0].rule.id, "SIG102");
//!
//! // The lenient forms, for resources that already exist.
//! assert!(NameKind::ImageDefinition.validate("image_", Mode::Strict).is_err());
//! assert!(NameKind::ImageDefinition.validate("image_", Mode::Lenient).is_ok());
//!
//! // A whole description: every violation, with its path in the spec's own keys.
//! let spec: Spec = serde_json::from_str(r#"{
//!     "gallery": [{ "name": "myGallery" }],
//!     "image-definition": [{
//!         "gallery": "myGallery", "name": "myImage", "publisher": "contoso", "offer": "ubuntu",
//!         "sku": "22.04", "os-type": "Linux", "os-state": "Generalized",
//!         "hyper-v-generation": "V1", "features": { "security-type": "TrustedLaunch" }
//!     }]
//! }"#).unwrap();
//! let findings = sigil_core::Validate::validate(&spec, &Context::strict());
//! assert_eq!(findings[0].rule.id, "SIG208");
//! assert_eq!(findings[0].path.to_string(), "image-definition[0].hyper-v-generation");
//! ```

// The derives emit `::sigil_core::...` paths; this lets the crate use its own derives.
extern crate self as sigil_core;

pub mod diagnostic;
pub mod docs;
pub mod model;
pub mod names;
pub mod regions;
pub mod rule;
pub mod rules;
#[cfg(feature = "schema")]
pub mod schema;
pub mod selection;
pub mod span;
#[cfg(feature = "schema")]
pub mod spec_reference;
pub mod suggest;
pub mod validate;

pub use diagnostic::{Diagnostic, FieldPath, Segment, Severity, has_errors, parse_tagged};
pub use names::{NameError, NameKind};
pub use rule::{Rule, RuleGroup, Source};
pub use selection::{RuleFilter, Selector, UnknownSelector};
pub use sigil_derive::{Validate, ValidatedName};
pub use span::{Located, Position, Span};
pub use validate::{Context, Mode, Validate, Validator};

/// Re-exports the derives' generated code relies on, so that users need not depend on them.
#[doc(hidden)]
pub mod __private {
    pub use serde;
}
