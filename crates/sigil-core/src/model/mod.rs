//! The resource model: galleries, image definitions, image versions, applications, role assignments and
//! VMs, in types that hold only valid names and values. Keys follow the az CLI's flags in kebab-case.

pub mod application;
pub mod common;
pub mod gallery;
pub mod image_definition;
pub mod image_version;
pub mod names;
pub mod parameters;
pub mod role_assignment;
pub mod spec;
pub mod values;
pub mod vm;

pub use application::{Application, ApplicationVersion};
pub use common::{EndOfLife, ImageReference, Region, ResourcePath, Tags};
pub use gallery::Gallery;
pub use image_definition::{FeatureName, Features, ImageDefinition};
pub use image_version::{DataSnapshot, ImageVersion, SourceKind, TargetRegion};
pub use names::{
    ApplicationName, ApplicationVersionName, GalleryName, ImageDefinitionName, ImageVersionName,
    Offer, PublicNamePrefix, Publisher, ScriptName, ScriptVersionName, Sku,
};
pub use parameters::{
    GalleryParameters, ImageDefinitionParameters, ImageVersionParameters, ParameterName,
    ParameterNameError, ResourceKind, RoleAssignmentParameters, VmParameters,
};
pub use role_assignment::RoleAssignment;
pub use spec::{LintSettings, Metadata, ResourceGroup, Spec};
pub use values::{
    Architecture, AuthenticationType, DiskControllerType, HostCaching, HyperVGeneration, NsgRule,
    OsState, OsType, ReplicationMode, SecurityType, SharingPermission, StorageAccountType,
    ValueError,
};
pub use vm::{DEFAULT_ARM64_SIZE, DEFAULT_X64_SIZE, Vm};
