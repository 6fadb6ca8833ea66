//! Renders one output of a spec to standard output, for checking emitters by hand against outside tools
//! while the CLI is not involved: `cargo run -p sigil-gen --example render -- SPEC.toml arm|parameters|bicep|az|pwsh|readme|metadata`.
//! `bicep` prints `main.bicep` alone: the modules of VMs in other resource groups, which it uses, are named on
//! standard error (`sigil generate -o DIR` writes them beside it).

use std::process::ExitCode;

use sigil_gen::{Format, Options, Plan, render};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec_path, format] = args.as_slice() else {
        eprintln!("usage: render SPEC.toml arm|parameters|bicep|az|pwsh|readme|metadata");
        return ExitCode::from(2);
    };
    let format = match format.as_str() {
        "arm" => Format::Arm,
        "parameters" => Format::ArmParameters,
        "bicep" => Format::Bicep,
        "az" => Format::Az,
        "pwsh" => Format::Pwsh,
        "readme" => Format::Readme,
        "metadata" => Format::Metadata,
        other => {
            eprintln!("unknown format {other}");
            return ExitCode::from(2);
        }
    };
    let text = std::fs::read_to_string(spec_path).expect("the spec is readable");
    let spec: sigil_core::model::Spec = toml::from_str(&text).expect("the spec deserialises");
    let plan = Plan::new(&spec).expect("the spec plans");
    let options = Options {
        source_name: "sigil.toml".to_owned(),
        date: jiff::civil::Date::constant(2026, 1, 1),
    };
    print!(
        "{}",
        render(&plan, format, &options).expect("the output renders")
    );
    if format == Format::Bicep {
        for (path, _) in sigil_gen::bicep::modules(&plan, &options).expect("the modules render") {
            eprintln!("main.bicep uses the module {path}, which sigil generate -o DIR writes");
        }
    }
    ExitCode::SUCCESS
}
