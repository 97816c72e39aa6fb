//! `threatloom`: the engagement file from the command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use threatloom::{analyze, demo, ElementKind, Engagement};

#[derive(Parser)]
#[command(
    name = "threatloom",
    version,
    about = "Live threat modeling: engagement files from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the demo engagement (the one the app opens on first start) to FILE.
    Demo { file: PathBuf },
    /// Summarise an engagement: diagrams, elements, flows and DFD warnings.
    Summary { file: PathBuf },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("threatloom: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> threatloom::Result<()> {
    match cli.command {
        Command::Demo { file } => {
            demo::write(&file)?;
            println!("wrote the demo engagement to {}", file.display());
        }
        Command::Summary { file } => {
            let eng = Engagement::open(&file)?;
            let snap = eng.snapshot();
            println!(
                "{} — {} ({})",
                snap.info.name, snap.info.customer, snap.info.application
            );
            for d in &snap.diagrams {
                let els: Vec<_> = eng.state().elements_of(&d.id).collect();
                let flows = els
                    .iter()
                    .filter(|e| e.kind == ElementKind::DataFlow)
                    .count();
                let analysis = analyze(eng.state(), &d.id);
                println!(
                    "{}: {} elements, {} flows, {} crossing a trust boundary, {} warnings",
                    d.name,
                    els.len() - flows,
                    flows,
                    analysis.crossings.len(),
                    analysis.warnings.len()
                );
                for w in &analysis.warnings {
                    println!("  warning: {}", w.message);
                }
            }
        }
    }
    Ok(())
}
