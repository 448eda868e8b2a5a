//! The model's documentation, generated from the model in force: every
//! number with its reason, so users can read and argue with it.
//! `docs/model.md` in the repository is this text for the embedded model; a
//! test keeps the two in step.

use std::fmt::Write;

use crate::model::{Dimension, Model, Param, TierRule, WhenUnknown};
use crate::{condition, gate, signal};
use cratescope_model::source_label;

fn num(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn rule_text(r: &TierRule) -> String {
    let mut parts = vec![format!("composite ≥ {}", num(r.composite))];
    if let Some(c) = r.confidence {
        parts.push(format!("confidence ≥ {}", num(c)));
    }
    for (k, v) in [
        ("usage", r.usage),
        ("stability", r.stability),
        ("maintenance", r.maintenance),
    ] {
        if let Some(v) = v {
            parts.push(format!("{k} ≥ {} (measured)", num(v)));
        }
    }
    parts.join(", ")
}

fn why_table(
    o: &mut String,
    rows: &[(&str, String)],
    why: &std::collections::BTreeMap<String, String>,
) {
    let _ = writeln!(o, "| key | value | why |\n|---|---|---|");
    for (k, v) in rows {
        let w = why.get(*k).map(String::as_str).unwrap_or("");
        let _ = writeln!(o, "| `{k}` | {v} | {} |", cell(w));
    }
    o.push('\n');
}

fn params(o: &mut String, ps: &std::collections::BTreeMap<String, Param>) {
    for (name, p) in ps {
        let _ = writeln!(o, "  - `{name}` = {}: {}", num(p.value), p.why);
    }
}

const SHAPE: &str = r#"## How a card is computed

- **Signal**: one measurable fact with a stable kebab-case id. It has a raw
  value, a normalised `s ∈ [0, 1]` (from piecewise-linear breakpoints, or
  computed by its rule), a weight, evidence, the source it came from and when
  that source was read. A signal whose source was not read is
  **unavailable** with the reason — never 0, never a red score. A signal that
  does not apply to the crate (nothing depends on a binary) is left out of
  the confidence too.
- **Dimension** `D = 1 + 4·Σwᵢsᵢ / Σwᵢ` over available signals; confidence
  `c = Σw(available) / Σw(applicable)`. Below the `insufficient_confidence`
  threshold the dimension has no score ("no data").
- **Finished-crate rule**: a settled crate (1.0 or later, or a 0.x line two
  years old) without gates, with no advisory in RustSec (the database was
  read), current dependencies and measured usage is finished, not abandoned:
  every maintenance signal is floored. Each condition needs positive
  evidence; the card says which applied it, or what was missing.
- **Gates** apply after averaging and cap a dimension; some make the tier ⛔
  avoid, and every ⛔ caps the composite by the same number
  (`avoid.composite_cap`). A gate fires only on evidence: a source that was
  not read never trips one.
- **Composite** = `Σ W_d·D_d / Σ W_d` over the dimensions with a score;
  its confidence = `Σ W_d·c_d / Σ W_d(all)`. When a weighed dimension has no
  score, the card also gives the composite's **range**: its value if that
  dimension were anywhere from 1 to 5. Two crates whose ranges overlap
  cannot be told apart on that data.
- **Tier**: the first rule from the top whose every condition holds on
  measured data. A tier is never granted on missing data: when a higher one
  might be, the tier is *provisional* and says which and why. Below the
  mature rule the name describes the crate: 💤 dormant when it is old and
  quiet on the evidence that decides it (its repository quiet too, and the
  finished-crate rule refused on evidence), 🟡 early or 🔴 experimental
  otherwise. A quiet crate whose repository was not read, or whose
  finished-crate rule could not be checked, gets no lifecycle name: its
  tier is the ladder's, provisional, and the card says "quiet — cannot tell
  finished from abandoned" with what was missing. ⛔ avoid comes from gates
  (abandoned: unmaintained, archived, deprecated; yanked; an open advisory).
- **Scenarios**: a weight profile over the dimensions; stars =
  `round(profile)` clamped to 1–5, then requirements and vetoes. A veto
  whose condition cannot be checked fails closed (or marks the scenario
  unverified, as the model says): less data never gives more stars.
- **Strengths** are the best dimensions with their best evidence; **risks**
  are the gates that fired and the crate's weakest evidence in dimensions
  below a strength, each with its cause — never from a dimension good
  enough to be a strength, never metadata (`card.not_risks`); what could not
  be measured is **one "not measured" line** per card, never a risk.
- The **build footprint** group (dependency weight, build script, crate
  size, no_std) is shown on every card and never part of the composite: a
  light build is not a fast program.
- Everything is computed against `as_of`, never the wall clock.
"#;

const CHANGES_23: &str = r#"## Changes in model 2.3

Issue 25, the performance dimension; decided on the benchmark's tuning
split, never on the held-out advisories.

1. **A benchmark suite only nightly builds is thin evidence**, whatever its
   breadth: when a packaged bench file needs libtest's unstable harness
   (`#![feature(test)]`, also under `cfg_attr`, or `extern crate test`), no
   stable harness (criterion, divan…) is a dev-dependency and no CI
   workflow compiles or runs the benchmarks (`cargo bench`, also
   `--no-run`, `--benches`, `--all-targets`), `benches` reads
   `s_nightly_only` (0.4, below one stable bench file's 0.6). Stable CI
   neither builds nor runs such a suite, so its size shows performance work
   done once, not work still checked; a workflow that compiles it on
   nightly keeps it from drifting. The analysis records
   `nightly_bench_files` and `bench_build_workflows` (analysis format 5),
   the repository `bench_build_ci`; facts recorded before them read 0 or
   false. No benchmark suite is still no data, never a low score.
"#;

const CHANGES_22: &str = r#"## Changes in model 2.2

Issue 25 ("predictive validity that holds on crates we did not choose");
decided on the benchmark's tuning split and the calibration table, never on
the held-out advisories.

1. **Security measures present risk**: `patch-speed` times the
   vulnerability and soundness advisories of the last `window_days` (three
   years) only, and an advisory still open on the evaluated version counts
   as open so far instead of being left out (an unfixed advisory is the
   slowest fix, not a missing one). Older history no longer weighs: its
   count grows with a crate's age and popularity, not its risk. An open
   advisory on the evaluated version still caps D8 (`open-advisory`); no
   advisory database read → every advisory signal unavailable, never 0.
2. **Tools are judged as tools**: `installability` (D6) asks of a crate with
   a binary target whether `cargo install` builds it on the day — a
   rust-version Rust had released, dependency requirements that admit a
   release in the index, no path dependency lost in publishing — and
   whether it ships `Cargo.lock` for `cargo install --locked`. Library-only
   crates: not applicable.
3. **A young crate is never 🔷 mature** (issue 22's review of the
   ecosystem lists): the mature rule's reason already said so, but only a
   measured stability of 3.0 enforced it, and release counts and post-1.0
   numbering can read well on weeks of history. A crate whose first release
   is under `lifecycle.young_days` before the day is 🟡 early or 🔴
   experimental below ✅, not provisional (its age is measured).
"#;

const CHANGES_21: &str = r#"## Changes since the first release of model 2

Issue 21 ("the numbers an expert checks first"); checked on the calibration
table, not tuned on advisories.

1. **Every ⛔ caps the composite the same way** (`avoid.composite_cap`):
   an open advisory no longer leaves `⛔ avoid 4.56` beside an abandoned
   crate's `⛔ avoid 2.00`. Only a gate that is not ⛔
   (`package-too-large`) carries a cap of its own.
2. **💤 dormant needs the evidence that decides it**: the repository read
   and quiet (`lifecycle.quiet_commits`) and the finished-crate rule refused
   on evidence (line not settled, a gate, an advisory, dependencies behind,
   usage low — the card names which). On release dates alone the card says
   "quiet — cannot tell finished from abandoned" and the tier is the
   ladder's, provisional.
3. **Risks are weak evidence only**: a dimension good enough to be a
   strength gives none, and metadata and practices (`card.not_risks`) are
   never one.
4. **Dependency lags in whole lines**: a requirement admits a line when it
   admits the line's newest release or a version of the line it names
   itself (`=0.8.4` is one line behind 0.9, not eight); a line younger than
   `grace_days` still weighs in part, and the card says so.
5. **D5 is named "Performance work"** and `benches` weighs the suite's
   breadth (1 file → 0.6, 3 → 0.8, 10 → 1): one bench file alone reads 3.4,
   not 5.0.
6. **Binaries and facade crates**: a binary-only crate is not judged on API
   documentation (`doc-coverage`, `doc-examples`, `crate-docs`,
   `docs-build` do not apply); a proc-macro `<facade>_derive` or a
   `<facade>-impl` crate is documented through its facade.
7. A veto's note is a message id of the catalog (en, zh), checked on load.
"#;

const CHANGES: &str = r#"## Changes from model 1

Issue 12 ("judgements an expert Rust engineer accepts"); the numbers below
were tuned on the tuning split of the predictive-validity benchmark
(benches/predictive-validity/) and checked on the calibration table
(docs/calibration.md), never on the held-out advisories.

1. **Performance is evidence of performance work.** D5 now holds
   `benches` (a benchmark suite: benches in the package, `[[bench]]`
   targets, a harness dev-dependency, benchmarks in CI), `bench-ci` and the
   new `regression-tracking` (CodSpeed, Bencher, iai-callgrind,
   github-action-benchmark…). Without a benchmark suite the dimension has no
   data, never red. Build script, dependency weight, crate size and no_std
   moved to the **footprint** group with `dependency-count` (from D6); it is
   shown and never part of the composite. The D5 confidence cap of model 1
   is gone (nothing in D5 poses as speed any more); the performance-critical
   scenario still says runtime speed is unverified.
2. **Tiers are never granted on missing data.** Every tier condition must
   hold on a measured dimension; 🏆 needs measured usage ≥ 4.5, stability
   ≥ 4.0 and maintenance ≥ 3.5. A tier one rule lower is provisional and says
   what would be needed. 🔷 mature needs a measured stability ≥ 3.0 (a young
   or unstable crate is early or experimental). The composite separates
   crates whose data differ: downloads and dependents are on log scales up
   to ten million a month and ten thousand dependents (model 1 saturated at
   a million and at one hundred), and the card gives the composite's range
   when dimensions are missing.
3. **Missing is never 0.** Examples, changelog, fuzzing and benchmarks seen
   missing from the package are unavailable (the repository holds them more
   often than the package), fuzzing is 0 only when the repository was read.
   `msrv-declared` and the rust-version part of `toolchain` are unavailable
   before cargo had the field (2021-10-21), and the edition is judged
   against the day evaluated. Without the advisory database the enterprise
   veto fails closed.
4. **Finished crates.** The finished-crate rule needs positive evidence for
   each condition (advisory database read, usage measured) and the card
   says which; an old, stable, quiet crate that it cannot confirm is 💤
   dormant, not 🔴 experimental. D1 measures demonstrated compatibility:
   `current-line-span` (first to latest release of the line; model 1's
   `current-line-age` counted quiet time up to the evaluation day) and the
   new `release-count`; D7 adds `release-activity` (releases in two years,
   npms "releases frequency"). The `deprecated` gate also reads a manifest
   description that opens by declaring the crate deprecated or unmaintained.
5. **Dependency freshness is graded and stable**: the mean over
   dependencies of a lag-in-lines score (0 → 1, 1 → 0.6, 2 → 0.3, 4 → 0)
   instead of Π(0.2 + 0.8·dᵢ); a new line counts gradually over 180 days;
   dependencies only for targets outside Rust's tier 1, optional ones that
   only private `__` features reach, lines that need a newer Rust than the
   declared rust-version, and requirements spanning three lines or more are
   not counted, and the evidence says so.
6. **Advisories weigh by kind and depth**: in the resolved tree a
   vulnerability in a direct dependency counts 1, deeper 0.7; an
   informational `unmaintained` notice 0.3 direct, 0.1 deeper.
7. **Risks are the crate's**: gates and the weakest measured evidence with
   its cause; unreachable sources go to the one "not measured" line.
8. Composite weights: 0.05 moved from usage to stability (stability now
   measures demonstrated compatibility); every number of the model has its
   reason in the model file and here.
"#;

/// The model as Markdown.
pub fn markdown(model: &Model) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# The cratescope maturity model, version {}\n",
        model.version
    );
    o.push_str(
        "This page is generated from the model file (`crates/cratescope-score/src/model-v2.toml`) \
         by `cratescope_score::doc::markdown`; a test keeps it in step with the model. Every \
         number below can be overridden under `[model]` in `cratescope.toml` (the output of \
         `cratescope model` parses back as such an override), and every card records the model \
         version and the overrides it used. `cratescope explain <id>` prints one signal, gate or \
         dimension.\n\n",
    );
    o.push_str(SHAPE);
    o.push('\n');

    let _ = writeln!(o, "## Composite\n\n{}\n", model.composite.rationale);
    let _ = writeln!(o, "| dimension | weight |\n|---|---|");
    for d in Dimension::ALL {
        let w = model.composite.weights.get(&d).copied().unwrap_or(0.0);
        let _ = writeln!(o, "| {} {} | {} |", d.code(), d.id(), num(w));
    }
    o.push('\n');

    let t = &model.tiers;
    let _ = writeln!(o, "## Tiers\n\n| tier | rule | why |\n|---|---|---|");
    for (label, key, rule) in [
        (
            "🏆 industry-standard",
            "industry_standard",
            &t.industry_standard,
        ),
        (
            "✅ production-ready",
            "production_ready",
            &t.production_ready,
        ),
        ("🔷 mature", "mature", &t.mature),
        ("🟡 early", "early", &t.early),
    ] {
        let mut rule = rule_text(rule);
        if key == "mature" {
            rule.push_str(&format!(
                ", not young (first release ≥ {} days before the day)",
                num(model.lifecycle.young_days)
            ));
        }
        let _ = writeln!(
            o,
            "| {label} | {} | {} |",
            rule,
            cell(t.why.get(key).map(String::as_str).unwrap_or(""))
        );
    }
    let l = &model.lifecycle;
    let _ = writeln!(
        o,
        "| 💤 dormant | not young, stability ≥ {}, maintenance < {} (measured), at most {} commits in a year in the repository (read), the finished-crate rule refused on evidence | {} |",
        num(l.unstable_below),
        num(l.quiet_below),
        num(l.quiet_commits),
        cell(l.why.get("quiet_below").map(String::as_str).unwrap_or(""))
    );
    let _ = writeln!(
        o,
        "| 🔴 experimental | young or unstable, composite < {} | {} |",
        num(t.early.composite),
        cell(
            l.why
                .get("unstable_below")
                .map(String::as_str)
                .unwrap_or("")
        )
    );
    let _ = writeln!(
        o,
        "| ⛔ avoid | a gate with `avoid = true` fired; composite ≤ {} | {} |\n",
        num(model.avoid.composite_cap),
        cell(
            model
                .avoid
                .why
                .get("composite_cap")
                .map(String::as_str)
                .unwrap_or("")
        )
    );
    let _ = writeln!(o, "### Lifecycle\n");
    why_table(
        &mut o,
        &[
            ("young_days", num(l.young_days)),
            ("unstable_below", num(l.unstable_below)),
            ("quiet_below", num(l.quiet_below)),
            ("quiet_commits", num(l.quiet_commits)),
        ],
        &l.why,
    );
    let _ = writeln!(o, "### ⛔ avoid\n");
    why_table(
        &mut o,
        &[("composite_cap", num(model.avoid.composite_cap))],
        &model.avoid.why,
    );

    for d in Dimension::ALL.into_iter().chain([Dimension::Footprint]) {
        let title = if d == Dimension::Footprint {
            "Build footprint (shown, never in the composite)".to_string()
        } else {
            format!("{} {}", d.code(), d.id())
        };
        let _ = writeln!(o, "## {title}\n");
        let _ = writeln!(
            o,
            "| signal | weight | unit | source | breakpoints or rule | why |\n|---|---|---|---|---|---|"
        );
        let mut detail = String::new();
        for spec in model.signals.iter().filter(|s| s.dimension == d) {
            let src = signal::find(&spec.id)
                .map(|def| source_label(def.source))
                .unwrap_or("");
            let how = if !spec.breakpoints.is_empty() {
                let scale = if spec.log_scale {
                    " (log)"
                } else if spec.sqrt_scale {
                    " (√)"
                } else {
                    ""
                };
                let pts: Vec<String> = spec
                    .breakpoints
                    .iter()
                    .map(|p| format!("{}→{}", num(p[0]), num(p[1])))
                    .collect();
                let mut h = format!("{}{scale}", pts.join(", "));
                if let Some(r) = &spec.rule {
                    h.push_str(&format!("; {r}"));
                }
                h
            } else {
                spec.rule.clone().unwrap_or_default()
            };
            let _ = writeln!(
                o,
                "| `{}` | {} | {} | {src} | {} | {} |",
                spec.id,
                num(spec.weight),
                spec.unit,
                cell(&how),
                cell(&spec.rationale)
            );
            if !spec.params.is_empty() || !spec.sets.is_empty() {
                let _ = writeln!(detail, "- `{}`", spec.id);
                params(&mut detail, &spec.params);
                for (name, items) in &spec.sets {
                    let _ = writeln!(detail, "  - list `{name}`: {}", items.join(", "));
                }
            }
        }
        o.push('\n');
        if !detail.is_empty() {
            let _ = writeln!(o, "Numbers of the rules:\n\n{detail}");
        }
    }

    let _ = writeln!(
        o,
        "## Gates\n\n| gate | dimension | cap | avoid | checks | why |\n|---|---|---|---|---|---|"
    );
    for g in &model.gates {
        let desc = gate::find(&g.id).map(|d| d.description).unwrap_or("");
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {} | {} |",
            g.id,
            g.dimension.id(),
            num(g.cap),
            if g.avoid { "⛔" } else { "" },
            cell(desc),
            cell(&g.rationale)
        );
    }
    for g in model.gates.iter().filter(|g| !g.sets.is_empty()) {
        for (name, items) in &g.sets {
            let _ = writeln!(o, "\n`{}` list `{name}`: {}", g.id, items.join(", "));
        }
    }
    for g in model.gates.iter().filter(|g| !g.params.is_empty()) {
        for (name, p) in &g.params {
            let _ = writeln!(o, "\n`{}` `{name}` = {}: {}", g.id, num(p.value), p.why);
        }
    }
    o.push('\n');

    let _ = writeln!(o, "## Scenarios\n");
    let mut head = String::from("| scenario |");
    let mut rule = String::from("|---|");
    for d in Dimension::ALL {
        head.push_str(&format!(" {} |", d.code()));
        rule.push_str("---|");
    }
    head.push_str(" why |");
    rule.push_str("---|");
    let _ = writeln!(o, "{head}\n{rule}");
    for sc in &model.scenarios {
        let ws: Vec<String> = Dimension::ALL
            .iter()
            .map(|d| num(sc.weights.get(d).copied().unwrap_or(0.0)))
            .collect();
        let _ = writeln!(
            o,
            "| {} | {} | {} |",
            sc.id,
            ws.join(" | "),
            cell(&sc.rationale)
        );
    }
    o.push('\n');
    let _ = writeln!(
        o,
        "Vetoes:\n\n| scenario | condition | effect | when the condition cannot be checked | note |\n|---|---|---|---|---|"
    );
    for sc in &model.scenarios {
        for v in &sc.vetoes {
            let desc = condition::find(&v.condition)
                .map(|c| c.description)
                .unwrap_or("");
            let effect = if v.unverified {
                "marks unverified".to_string()
            } else {
                format!("at most {} stars", v.max_stars)
            };
            let unknown = match v.when_unknown {
                WhenUnknown::Cap => "applies (fails closed)",
                WhenUnknown::Unverified => "marks unverified",
                WhenUnknown::Ignore => "nothing",
            };
            let _ = writeln!(
                o,
                "| {} | `{}` ({desc}) | {effect} | {unknown} | message `{}` |",
                sc.id,
                v.condition,
                cell(&v.note)
            );
        }
    }
    o.push('\n');

    let _ = writeln!(o, "## Other numbers\n\n### Thresholds\n");
    let th = &model.thresholds;
    why_table(
        &mut o,
        &[
            ("insufficient_confidence", num(th.insufficient_confidence)),
            (
                "advisory_db_stale_days",
                th.advisory_db_stale_days.to_string(),
            ),
            ("requirement_min_s", num(th.requirement_min_s)),
            ("requirement_max_stars", num(th.requirement_max_stars)),
        ],
        &th.why,
    );
    let _ = writeln!(o, "### Finished-crate rule\n");
    let ff = &model.finished_floor;
    why_table(
        &mut o,
        &[
            ("floor", num(ff.floor)),
            ("min_freshness", num(ff.min_freshness)),
            ("min_usage", num(ff.min_usage)),
            ("old_line_days", num(ff.old_line_days)),
        ],
        &ff.why,
    );
    let _ = writeln!(o, "### Icons\n");
    let ic = &model.icons;
    why_table(
        &mut o,
        &[
            ("star", num(ic.star)),
            ("check", num(ic.check)),
            ("warn", num(ic.warn)),
        ],
        &ic.why,
    );
    let _ = writeln!(o, "### Strengths and risks\n");
    let c = &model.card;
    why_table(
        &mut o,
        &[
            ("strength_min", num(c.strength_min)),
            ("risk_max", num(c.risk_max)),
            ("max_strengths", num(c.max_strengths)),
            ("risk_signal_max", num(c.risk_signal_max)),
            ("max_risks", num(c.max_risks)),
            ("not_risks", c.not_risks.join(", ")),
        ],
        &c.why,
    );
    o.push_str(CHANGES_23);
    o.push_str(CHANGES_22);
    o.push('\n');
    o.push_str(CHANGES_21);
    o.push('\n');
    o.push_str(CHANGES);
    o
}
