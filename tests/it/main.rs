//! The core's integration tests: one binary, one module per concern, the
//! shared helpers in `common`.

mod canvas_geometry;
mod checklist;
mod common;
mod derived;
mod files;
mod graph;
mod layers;
mod names;
mod ops;
mod proposals;
mod proptest_undo;
mod report_formats;
mod report_pdf;
mod report_svg;
mod rules_library;
mod sessions;
mod threats;
mod vocabulary;
mod workspace;
