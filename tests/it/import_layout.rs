//! The layered layout.
