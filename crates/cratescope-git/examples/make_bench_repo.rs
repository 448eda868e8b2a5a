//! Write a `git fast-import` stream for a synthetic repository of
//! `N` (default 50 000) commits to stdout, for `benches/history.sh`:
//! 200 authors with a long-tailed share of the work, 24 crates under
//! `crates/`, one commit every ~50 minutes so that the last 365 days before
//! 2026-11-25 hold about 10 000 commits, a side branch merged every 50
//! commits, and a tag every 500 commits.

use std::io::{BufWriter, Write};

/// Commit count when no argument is given (the spec's "≥ 50 000").
const DEFAULT_COMMITS: u64 = 50_000;
/// The newest commit's committer time: 2026-11-25T00:00:00Z.
const END: i64 = 1_795_564_800;
/// Seconds between commits: 50 000 commits span about 4.8 years.
const STEP: i64 = 3_000;
const AUTHORS: u64 = 200;
const CRATES: u64 = 24;
/// Every this many commits, a two-commit side branch is merged.
const MERGE_EVERY: u64 = 50;
/// Every this many commits, a release tag.
const TAG_EVERY: u64 = 500;

fn main() -> std::io::Result<()> {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(DEFAULT_COMMITS);
    let out = std::io::stdout();
    let mut w = BufWriter::new(out.lock());
    let start = END - STEP * i64::try_from(n).unwrap_or(i64::MAX / STEP);
    let mut mark: u64 = 0;
    let mut last_main: Option<u64> = None;
    for i in 0..n {
        let time = start + STEP * i64::try_from(i + 1).unwrap_or(0);
        // A long tail: author k gets roughly 1/(k+1) of the work.
        let author = (i * i + 7 * i) % AUTHORS % (1 + (i % AUTHORS));
        let krate = i % CRATES;
        if i > 0 && i % MERGE_EVERY == 0 {
            // Two side-branch commits off the current tip, then a merge.
            let base = last_main;
            for s in 0..2u64 {
                mark += 1;
                let side_parent = if s == 0 { base } else { Some(mark - 1) };
                commit(
                    &mut w,
                    "refs/heads/side",
                    mark,
                    time - 600 + 60 * s as i64,
                    author + 1,
                    krate,
                    side_parent,
                    None,
                    i * 10 + s,
                )?;
            }
            let side_tip = mark;
            mark += 1;
            commit(
                &mut w,
                "refs/heads/main",
                mark,
                time,
                author,
                krate,
                last_main,
                Some(side_tip),
                i * 10 + 5,
            )?;
            last_main = Some(mark);
            continue;
        }
        mark += 1;
        commit(
            &mut w,
            "refs/heads/main",
            mark,
            time,
            author,
            krate,
            last_main,
            None,
            i * 10 + 9,
        )?;
        last_main = Some(mark);
        if i % TAG_EVERY == 0 {
            writeln!(w, "reset refs/tags/v0.{}.0\nfrom :{mark}\n", i / TAG_EVERY)?;
        }
    }
    w.flush()
}

#[allow(clippy::too_many_arguments)]
fn commit(
    w: &mut impl Write,
    branch: &str,
    mark: u64,
    time: i64,
    author: u64,
    krate: u64,
    parent: Option<u64>,
    merge: Option<u64>,
    salt: u64,
) -> std::io::Result<()> {
    let content = format!("// change {salt}\npub fn f{salt}() {{}}\n");
    writeln!(w, "commit {branch}\nmark :{mark}")?;
    writeln!(
        w,
        "author Dev {author} <dev{author}@example.org> {time} +0000"
    )?;
    writeln!(
        w,
        "committer Dev {author} <dev{author}@example.org> {time} +0000"
    )?;
    let msg = format!("change {salt}");
    writeln!(w, "data {}\n{msg}", msg.len())?;
    if let Some(p) = parent {
        writeln!(w, "from :{p}")?;
    }
    if let Some(m) = merge {
        writeln!(w, "merge :{m}")?;
    }
    writeln!(
        w,
        "M 100644 inline crates/c{krate}/src/f{}.rs\ndata {}\n{content}",
        salt % 7,
        content.len()
    )?;
    writeln!(w)
}
