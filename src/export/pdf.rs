//! The PDF report and the executive summary (printpdf), laid out by a small
//! engine of our own: A4 pages, wrapped text measured with the embedded
//! fonts, tables that break across pages, vector diagrams, a table of contents.
//! Fonts: see `fonts` (DejaVu Sans, Droid Sans Fallback, `THREATLOOM_PDF_FONT`).

mod canvas;
mod diagram;
mod fonts;
mod layout;
mod sections;
mod wrap;

pub use fonts::{DEJAVU_SANS, DEJAVU_SANS_BOLD, DROID_FALLBACK, FONT_ENV};

use crate::error::{Error, Result};
use crate::model::State;
use canvas::Page;
use fonts::Fonts;
use layout::{Chrome, Doc, Heading};
use printpdf::{Mm, OffsetDateTime, PdfDocument, PdfPage, PdfSaveOptions, Pt};
use std::collections::BTreeSet;
use {crate::analysis::Report, crate::export::scene};

/// The full report: cover, contents, executive summary, approach, scope,
/// diagrams, open findings (table and details), resolved findings (when there
/// are any), coverage and sessions appendices.
pub fn report(state: &State, report: &Report) -> Result<Vec<u8>> {
    let fonts = Fonts::system()?;
    let scenes = report
        .diagrams
        .iter()
        .map(|d| {
            let mut s = scene::build(state, &d.id, &report.filter)?;
            s.title = d.name.clone();
            Ok(s)
        })
        .collect::<Result<Vec<_>>>()?;
    let write = |doc: &mut Doc, toc: &[Heading]| -> usize {
        sections::cover(doc, report);
        let toc_from = doc.page_number();
        sections::contents(doc, toc);
        let toc_pages = doc.page_number() - toc_from;
        sections::executive_summary(doc, report, Some("1 Executive summary"));
        sections::approach(doc, report);
        sections::scope(doc, report);
        sections::diagrams(doc, report, &scenes);
        sections::findings_table(doc, report);
        sections::finding_details(doc, report);
        sections::resolved_findings(doc, report);
        sections::coverage(doc, report);
        sections::sessions(doc, report);
        toc_pages
    };

    // The contents list pages that are only known once laid out: lay out
    // once to learn them, shift them by the contents' own length, lay out again.
    let mut first = Doc::new(&fonts);
    let empty_toc_pages = write(&mut first, &[]);
    let mut toc = first.headings;
    let mut sized = Doc::new(&fonts);
    sections::contents(&mut sized, &toc);
    let shift = sized.page_number() as isize - empty_toc_pages as isize;
    for h in &mut toc {
        h.page = h.page.saturating_add_signed(shift);
    }
    let mut doc = Doc::new(&fonts);
    write(&mut doc, &toc);
    // Should a heading still move (it should not), settle on the pages it moved to.
    for _ in 0..2 {
        if doc.headings == toc {
            break;
        }
        toc = doc.headings.clone();
        doc = Doc::new(&fonts);
        write(&mut doc, &toc);
    }

    let headings = doc.headings.clone();
    let pages = doc.finish(&chrome(report, "Threat model report"));
    save(&fonts, report, pages, &headings)
}

/// The executive summary alone: title block, approach and results, findings
/// by risk, the top risks and what changed since the previous delivery.
pub fn summary(report: &Report) -> Result<Vec<u8>> {
    let fonts = Fonts::system()?;
    let mut doc = Doc::new(&fonts);
    sections::summary_title(&mut doc, report);
    sections::executive_summary(&mut doc, report, None);
    let headings = doc.headings.clone();
    let pages = doc.finish(&chrome(report, "Executive summary"));
    save(&fonts, report, pages, &headings)
}

fn chrome(report: &Report, what: &str) -> Chrome {
    // `finish` cleans and shortens these.
    Chrome {
        left: report.info.name.clone(),
        right: format!("{what} · version {}", report.version),
        footer: if report.info.customer.trim().is_empty() {
            "Confidential".into()
        } else {
            format!("Confidential · {}", report.info.customer)
        },
    }
}

fn save(fonts: &Fonts, report: &Report, pages: Vec<Page>, headings: &[Heading]) -> Result<Vec<u8>> {
    let mut used = vec![BTreeSet::new(); fonts.face_count()];
    for p in &pages {
        p.collect_chars(&mut used);
    }
    let mut pdf = PdfDocument::new(&fonts.clean(&report.info.name).replace('\n', " "));
    pdf.metadata.info.creator = "Threatloom".into();
    pdf.metadata.info.producer = "Threatloom".into();
    pdf.metadata.info.subject = "Threat model".into();
    // The report's own time, not the clock: the same report gives the same dates.
    let made = OffsetDateTime::from_unix_timestamp(report.made_at_ms.div_euclid(1000))
        .map_err(|e| Error::Export(format!("the report date cannot be written: {e}")))?;
    pdf.metadata.info.creation_date = made;
    pdf.metadata.info.modification_date = made;
    pdf.metadata.info.metadata_date = made;
    let ids = fonts.embed(&mut pdf, &used);
    let pdf_pages = pages
        .iter()
        .map(|p| {
            PdfPage::new(
                Mm::from(Pt(p.width as f32)),
                Mm::from(Pt(p.height as f32)),
                p.ops(&ids),
            )
        })
        .collect();
    pdf.with_pages(pdf_pages);
    for h in headings.iter().filter(|h| h.level == 1) {
        pdf.add_bookmark(&h.title, h.page);
    }
    let mut warnings = Vec::new();
    let bytes = pdf.save(&PdfSaveOptions::default(), &mut warnings);
    if bytes.is_empty() {
        return Err(Error::Export("the PDF could not be written".into()));
    }
    Ok(bytes)
}
