//! `threatloom`: the engagement file from the command line.

mod library;
mod models;
mod report;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use threatloom::analysis::rules::{suggest, RuleSet};
use threatloom::analysis::{analyze, containment_all, coverage};
use threatloom::model::ElementKind;
use threatloom::{demo, Engagement};

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
    /// List the threats the rule library suggests and nobody has triaged yet.
    Suggest {
        file: PathBuf,
        /// Print JSON, for machines.
        #[arg(long)]
        json: bool,
        /// An extra rule library (TOML) to use beside the built-in one; repeatable.
        #[arg(long = "rules", value_name = "RULES.toml")]
        rules: Vec<PathBuf>,
    },
    /// Write deliverables: the PDF report, the executive summary, the
    /// spreadsheet, the Jira CSV, wiki pages, diagrams. At least one output.
    Report(Box<report::Args>),
    /// Make a new engagement from another tool's model (Threat Dragon, OTM,
    /// Microsoft Threat Modeling Tool, pytm) and print what became of it.
    /// Exits with 2, writing nothing, when the file is refused.
    Import(models::ImportArgs),
    /// Write the engagement's model for another tool: Threat Dragon, OTM.
    Export(models::ExportArgs),
    /// The team's library (the app's library folders): list, show, add-from
    /// a past engagement, import-pytm, apply an entry to elements.
    Library(library::LibraryArgs),
    /// Print the STRIDE coverage and the DFD warnings. Exits with 1 when the
    /// coverage is below --min-coverage, with 2 on an error.
    Check {
        file: PathBuf,
        /// The least coverage, in percent, that passes.
        #[arg(long, value_name = "PERCENT", default_value_t = 0.0)]
        min_coverage: f64,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("threatloom: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Box<dyn std::error::Error>> {
    match cli.command {
        Command::Demo { file } => {
            demo::write(&file)?;
            println!("wrote the demo engagement to {}", file.display());
        }
        Command::Summary { file } => summary(&Engagement::open(&file)?),
        Command::Report(args) => report::run(*args)?,
        Command::Import(args) => models::import(args)?,
        Command::Export(args) => models::export(args)?,
        Command::Library(args) => library::run(args)?,
        Command::Suggest {
            file,
            json,
            rules: extra,
        } => {
            let eng = Engagement::open(&file)?;
            let mut rules = RuleSet::builtin()?;
            for path in extra {
                rules.add_file(
                    &std::fs::read_to_string(&path)?,
                    &path.display().to_string(),
                )?;
            }
            let found = suggest(eng.state(), &rules, &containment_all(eng.state()), None);
            if json {
                println!("{}", serde_json::to_string_pretty(&found)?);
            } else {
                for s in &found {
                    let name = eng
                        .state()
                        .elements
                        .get(&s.element_id)
                        .map(|e| e.name.as_str())
                        .unwrap_or("?");
                    println!(
                        "{name}  [{}] {}  ({})",
                        s.category.letter(),
                        s.title,
                        s.rule_id
                    );
                }
                println!("{} suggestions", found.len());
            }
        }
        Command::Check { file, min_coverage } => {
            let eng = Engagement::open(&file)?;
            let c = coverage(eng.state());
            match c.percent {
                Some(p) => println!(
                    "coverage: {p:.1} % of element-categories considered ({} of {})",
                    c.considered, c.total
                ),
                None => println!("coverage: — (no element in scope: nothing to cover yet)"),
            }
            for o in &c.out_of_scope {
                println!(
                    "out of scope: {} ({})",
                    o.name,
                    if o.reason.is_empty() {
                        "no reason given"
                    } else {
                        &o.reason
                    }
                );
            }
            let mut warnings = 0;
            for d in eng.state().diagrams.values() {
                for w in analyze(eng.state(), &d.id).warnings {
                    println!("warning: {}: {}", d.name, w.message);
                    warnings += 1;
                }
            }
            println!("{warnings} DFD warnings");
            // Nothing to cover is no shortfall: the gate is about what is in scope.
            if let Some(p) = c.percent.filter(|p| *p < min_coverage) {
                eprintln!("threatloom: coverage {p:.1} % is below the minimum {min_coverage} %");
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn summary(eng: &Engagement) {
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
    println!("{} threats", snap.threats.len());
}
