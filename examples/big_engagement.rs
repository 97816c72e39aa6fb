//! Writes a large synthetic engagement for benchmarks:
//! `cargo run --release --example big_engagement -- FILE NODES FLOWS BOUNDARIES`

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, nodes, flows, boundaries] = args.as_slice() else {
        return Err("usage: big_engagement FILE NODES FLOWS BOUNDARIES".into());
    };
    let path = PathBuf::from(file);
    if path.exists() {
        std::fs::remove_file(&path)?;
    }
    let started = std::time::Instant::now();
    threatloom::demo::large(&path, nodes.parse()?, flows.parse()?, boundaries.parse()?)?;
    println!("wrote {} in {:.1?}", path.display(), started.elapsed());
    Ok(())
}
