//! Collects the message catalogs (`i18n/<lang>/<area>.ftl`) into a table the
//! crate embeds, so adding an area's file needs no edit elsewhere.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("i18n");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut out = String::new();
    for lang in ["en", "zh"] {
        let dir = root.join(lang);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        let _ = writeln!(
            out,
            "/// The `{lang}` catalog: (area, file contents).\npub const {}: &[(&str, &str)] = &[",
            lang.to_uppercase()
        );
        for f in files {
            println!("cargo:rerun-if-changed={}", f.display());
            let area = f.file_stem().unwrap().to_string_lossy().into_owned();
            let _ = writeln!(
                out,
                "    ({area:?}, include_str!({:?})),",
                f.display().to_string()
            );
        }
        out.push_str("];\n");
    }
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("catalog_files.rs");
    std::fs::write(dest, out).unwrap();
}
