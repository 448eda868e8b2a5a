//! Lists the status notices (deprecated, renamed, superseded) found in the
//! unpacked crates under a directory (cargo's `registry/src/<index>/`), to
//! check the notice reader against real READMEs: every hit is printed, so a
//! false positive is seen.
//!
//! `cargo run -p cratescope-analyze --example scan_notices -- DIR`

use cratescope_analyze::notice;

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: scan_notices DIR");
        std::process::exit(2);
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("cannot read {dir}");
        std::process::exit(2);
    };
    let (mut crates, mut hits) = (0, 0);
    for e in entries.flatten() {
        let path = e.path();
        let Some(dirname) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        // `name-1.2.3`: the name is everything before the last `-<digit>`.
        let name = dirname
            .rmatch_indices('-')
            .find(|(i, _)| dirname[i + 1..].starts_with(|c: char| c.is_ascii_digit()))
            .map_or(dirname, |(i, _)| &dirname[..i]);
        crates += 1;
        let manifest = std::fs::read_to_string(path.join("Cargo.toml")).unwrap_or_default();
        let description = manifest
            .lines()
            .find_map(|l| l.strip_prefix("description = "))
            .map(|d| d.trim_matches('"').to_string());
        let readme = ["README.md", "README", "readme.md", "README.markdown"]
            .iter()
            .find_map(|f| std::fs::read_to_string(path.join(f)).ok());
        let found = [
            ("readme", readme.and_then(|r| notice::in_readme(&r, name))),
            (
                "description",
                description.and_then(|d| notice::in_description(&d, name)),
            ),
        ];
        for (place, n) in found {
            if let Some(n) = n {
                hits += 1;
                println!(
                    "{dirname}\t{place}\t{}\t{}",
                    n.successor.as_deref().unwrap_or("-"),
                    n.sentence
                );
            }
        }
    }
    println!("{crates} crates, {hits} notices");
}
