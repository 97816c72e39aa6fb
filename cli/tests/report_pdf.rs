//! The PDF report from the command line: `THREATLOOM_PDF_FONT` is tried first,
//! and a bad font is a clear error (checked with poppler-utils' pdffonts).

use std::path::Path;
use std::process::Command;
use threatloom::demo;
use threatloom::export::pdf;

/// The fonts `pdffonts` (poppler-utils) lists in the PDF at `path`, one a line.
fn pdffonts(path: &Path) -> String {
    let out = Command::new("pdffonts")
        .arg(path)
        .output()
        .unwrap_or_else(|e| panic!("pdffonts (Debian: poppler-utils) runs: {e}"));
    assert!(out.status.success(), "pdffonts failed");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `threatloom report FILE --pdf OUT` with `THREATLOOM_PDF_FONT` set to `font`.
fn cli_with_font(dir: &Path, font: &str) -> std::process::Output {
    let file = dir.join("demo.threatmodel");
    if !file.exists() {
        demo::write(&file).expect("demo");
    }
    Command::new(env!("CARGO_BIN_EXE_threatloom"))
        .env(pdf::FONT_ENV, font)
        .arg("report")
        .arg(&file)
        .arg("--pdf")
        .arg(dir.join("font.pdf"))
        .output()
        .expect("threatloom runs")
}

#[test]
fn the_font_variable_is_tried_first_and_a_bad_one_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = cli_with_font(dir.path(), "/nonexistent/font.ttf");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("THREATLOOM_PDF_FONT=/nonexistent/font.ttf") && err.contains("cannot read"),
        "{err}"
    );

    // DejaVu Serif has every glyph the demo needs, so it is the only font embedded.
    let serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";
    let out = cli_with_font(dir.path(), serif);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("font.pdf");
    let embedded = || {
        let fonts = pdffonts(&path);
        fonts.lines().skip(2).count()
    };
    assert_eq!(embedded(), 1);
    // Unset (empty): DejaVu Sans and DejaVu Sans Bold.
    assert!(cli_with_font(dir.path(), "").status.success());
    assert_eq!(embedded(), 2);
}
