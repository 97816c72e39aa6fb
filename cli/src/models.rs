//! `threatloom import` and `threatloom export`: other tools' models in and out.

use clap::Args;
use std::path::PathBuf;
use threatloom::engine::Engagement;
use threatloom::export::{export_report, ExportFormat};
use threatloom::import::{self, Format};
use threatloom::model::ExportFilter;

#[derive(Args)]
pub struct ImportArgs {
    /// A Threat Dragon v2 JSON, OTM (JSON or YAML), Microsoft Threat Modeling
    /// Tool .tm7 or pytm JSON file.
    input: PathBuf,
    /// The new engagement file to write (refused if it exists).
    output: PathBuf,
    /// Read as this format instead of the one its content shows: td, otm, tm7, pytm.
    #[arg(long, value_name = "FORMAT")]
    format: Option<String>,
}

#[derive(Args)]
pub struct ExportArgs {
    file: PathBuf,
    /// Write the model as a Threat Dragon v2 file.
    #[arg(long = "threat-dragon", value_name = "OUT.json")]
    threat_dragon: Option<PathBuf>,
    /// Write the model as an OTM 0.2 file: YAML if its name ends in .yaml or .yml, else JSON.
    #[arg(long, value_name = "OUT.json|OUT.yaml")]
    otm: Option<PathBuf>,
}

/// Reads `input`, writes `output`, prints the report. Nothing is written on a refusal.
pub fn import(args: ImportArgs) -> Result<(), Box<dyn std::error::Error>> {
    let format = match args.format.as_deref() {
        None => None,
        Some(f) => Some(
            Format::parse(f)
                .ok_or_else(|| format!("unknown format '{f}': expected td, otm, tm7 or pytm"))?,
        ),
    };
    let imported = import::read_file(&args.input, format)?;
    let info = imported.engagement_info(&args.input);
    let report = imported.report.to_text();
    Engagement::create_imported(&args.output, info, imported.model)?;
    print!("{report}");
    println!("wrote {}", args.output.display());
    Ok(())
}

pub fn export(args: ExportArgs) -> Result<(), Box<dyn std::error::Error>> {
    if args.threat_dragon.is_none() && args.otm.is_none() {
        return Err(
            "say what to write: --threat-dragon OUT.json and/or --otm OUT.json|OUT.yaml".into(),
        );
    }
    let eng = Engagement::open(&args.file)?;
    // The model exports ignore the filter; the report is only their carrier.
    let report = eng.report(&ExportFilter::everything());
    if let Some(out) = &args.threat_dragon {
        export_report(eng.state(), &report, ExportFormat::ThreatDragon, out)?;
        println!("wrote the Threat Dragon model to {}", out.display());
    }
    if let Some(out) = &args.otm {
        let yaml = out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
        let format = if yaml {
            ExportFormat::OtmYaml
        } else {
            ExportFormat::OtmJson
        };
        export_report(eng.state(), &report, format, out)?;
        println!("wrote the OTM model to {}", out.display());
    }
    Ok(())
}
