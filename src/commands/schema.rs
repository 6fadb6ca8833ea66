//! `sigil schema`: the JSON Schema of the spec, generated from sigil-core's model.

use std::io::{self, Write};

use crate::exit::Status;

pub(crate) fn run() -> anyhow::Result<Status> {
    let mut stdout = io::stdout().lock();
    stdout.write_all(sigil_core::schema::spec_schema_json().as_bytes())?;
    stdout.flush()?;
    Ok(Status::Clean)
}
