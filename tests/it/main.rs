//! The core's integration tests: one binary, one module per concern, the
//! shared helpers in `common`.

mod canvas_geometry;
mod checklist;
mod common;
mod crash;
mod derived;
mod feedback;
mod files;
mod fuzz;
mod graph;
mod hostile_files;
mod import_detect;
mod import_layout;
mod import_op;
mod import_otm;
mod import_threat_dragon;
mod import_tm7;
mod layers;
mod library;
mod line_boundaries;
mod names;
mod one_status;
mod ops;
mod proposals;
mod proptest_undo;
mod report_formats;
mod report_pdf;
mod report_svg;
mod rng;
mod rules_library;
mod sessions;
mod threat_reuse;
mod threats;
mod undo_scopes;
mod vocabulary;
mod workspace;
