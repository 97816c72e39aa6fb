//! `threatloom report FILE --pdf OUT …`: every deliverable, headless.

use clap::Args as ClapArgs;
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::time::Instant;
use threatloom::export::{export_jira_keyed, export_report, ExportFormat};
use threatloom::model::{ExportFilter, FindingState, RiskLevel};
use threatloom::{Engagement, Op};

#[derive(ClapArgs)]
#[command(
    after_help = "Example: threatloom report payslip.threatmodel --pdf report.pdf --xlsx findings.xlsx --min-risk medium"
)]
pub struct Args {
    /// The engagement file (*.threatmodel).
    file: PathBuf,
    /// The full report, as PDF.
    #[arg(long, value_name = "OUT.pdf")]
    pdf: Option<PathBuf>,
    /// The executive summary alone, as PDF.
    #[arg(long, value_name = "OUT.pdf")]
    summary_pdf: Option<PathBuf>,
    /// The executive summary alone, as Markdown.
    #[arg(long, value_name = "OUT.md")]
    summary_md: Option<PathBuf>,
    /// The spreadsheet: Findings, Coverage and Sessions sheets.
    #[arg(long, value_name = "OUT.xlsx")]
    xlsx: Option<PathBuf>,
    /// One Jira issue per finding, for Jira's CSV importer (see the README).
    #[arg(long, value_name = "OUT.csv")]
    jira_csv: Option<PathBuf>,
    /// With --jira-csv: a CSV exported from Jira (Issue key + Threatloom ID
    /// columns); its keys go in an "Issue key" column, so a re-import updates
    /// those issues instead of creating new ones.
    #[arg(long, value_name = "JIRA-EXPORT.csv", requires = "jira_csv")]
    jira_keys: Option<PathBuf>,
    /// Wiki pages: index.md and one page per finding, in DIR.
    #[arg(long, value_name = "DIR")]
    markdown: Option<PathBuf>,
    /// One SVG per diagram, in DIR.
    #[arg(long, value_name = "DIR")]
    svg: Option<PathBuf>,
    /// Only these diagrams (id or name); repeatable. Default: all.
    #[arg(long = "diagram", value_name = "DIAGRAM")]
    diagrams: Vec<String>,
    /// Only findings with this status (draft, reported, validated, disputed,
    /// accepted, mitigated, false_positive); repeatable. Default: all but
    /// false positives.
    #[arg(long = "status", visible_alias = "finding-state", value_name = "STATUS", value_parser = snake::<FindingState>)]
    lifecycles: Vec<FindingState>,
    /// Leave out findings below this level (note, low, medium, high, critical) and unrated ones.
    #[arg(long, value_name = "LEVEL", value_parser = snake::<RiskLevel>)]
    min_risk: Option<RiskLevel>,
    /// Draw out-of-scope elements and report their threats.
    #[arg(long)]
    include_out_of_scope: bool,
    /// Say which findings were made from the team's library (for an internal
    /// review; a customer report leaves it out).
    #[arg(long)]
    library_source: bool,
    /// Record this report as delivered to the customer under LABEL (written to
    /// FILE), so the next export marks what changed since.
    #[arg(long, value_name = "LABEL")]
    deliver: Option<String>,
}

/// Parses `critical`, `false_positive`… the way the engagement file spells them.
fn snake<T: DeserializeOwned>(s: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(
        s.trim().to_lowercase().replace('-', "_"),
    ))
    .map_err(|_| format!("'{s}' is not one of the values listed in --help"))
}

pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let outputs: Vec<(ExportFormat, &PathBuf, &str)> = [
        (ExportFormat::ReportPdf, &args.pdf, "PDF report"),
        (
            ExportFormat::SummaryPdf,
            &args.summary_pdf,
            "executive summary (PDF)",
        ),
        (
            ExportFormat::SummaryMarkdown,
            &args.summary_md,
            "executive summary (Markdown)",
        ),
        (ExportFormat::Xlsx, &args.xlsx, "spreadsheet"),
        (ExportFormat::JiraCsv, &args.jira_csv, "Jira CSV"),
        (ExportFormat::WikiMarkdown, &args.markdown, "wiki pages"),
        (ExportFormat::DiagramsSvg, &args.svg, "diagrams (SVG)"),
    ]
    .into_iter()
    .filter_map(|(format, path, what)| path.as_ref().map(|p| (format, p, what)))
    .collect();
    if outputs.is_empty() && args.deliver.is_none() {
        return Err("say what to write: --pdf, --summary-pdf, --summary-md, --xlsx, --jira-csv, --markdown or --svg (see --help)".into());
    }
    let mut eng = Engagement::open(&args.file)?;
    let filter = ExportFilter {
        diagram_ids: diagram_ids(&eng, &args.diagrams)?,
        lifecycles: if args.lifecycles.is_empty() {
            ExportFilter::default().lifecycles
        } else {
            args.lifecycles
        },
        min_risk: args.min_risk,
        include_out_of_scope: args.include_out_of_scope,
        library_source: args.library_source,
    };
    let report = eng.report(&filter);
    eprintln!(
        "report v{}: {} findings, {} diagrams{}",
        report.version,
        report.findings.len(),
        report.diagrams.len(),
        report.changes.as_ref().map_or(String::new(), |c| format!(
            "; since \"{}\": {} new, {} changed, {} removed",
            c.since_label,
            c.new,
            c.changed,
            c.removed.len()
        ))
    );
    for (i, (format, path, what)) in outputs.iter().enumerate() {
        let started = Instant::now();
        eprint!(
            "[{}/{}] {what} → {} … ",
            i + 1,
            outputs.len(),
            path.display()
        );
        let written = match (format, &args.jira_keys) {
            (ExportFormat::JiraCsv, Some(keys)) => export_jira_keyed(&report, keys, path),
            _ => export_report(eng.state(), &report, *format, path),
        }
        .inspect_err(|_| eprintln!())?;
        eprintln!(
            "{} file(s), {:.2} s",
            written.files.len(),
            started.elapsed().as_secs_f64()
        );
    }
    if let Some(label) = args.deliver {
        eng.apply(Op::RecordDelivery {
            label: label.clone(),
            filter,
            at_ms: None,
        })?;
        eprintln!("recorded delivery \"{label}\" in {}", args.file.display());
    }
    Ok(())
}

/// Diagram ids from ids or names, each of which must exist.
fn diagram_ids(eng: &Engagement, wanted: &[String]) -> Result<Vec<String>, String> {
    wanted
        .iter()
        .map(|w| {
            eng.state()
                .diagrams
                .values()
                .find(|d| &d.id == w || d.name.eq_ignore_ascii_case(w))
                .map(|d| d.id.clone())
                .ok_or_else(|| format!("no diagram '{w}' in {}", eng.path().display()))
        })
        .collect()
}
