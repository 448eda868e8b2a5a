#!/usr/bin/env python3
"""Error analysis of a predictive-validity run (issue 25): the input of the
model work.

Reads what run.py wrote for the TUNING split (pairs-train.json,
results-train.json and the cached evaluations) and writes a Markdown report:

  - which negatives score high: the unmaintained crates the composite does
    not flag at the 10 %-FPR threshold of the rule's positives, grouped into
    the issue's error classes;
  - which positives score low: the positives it flags at that threshold
    (false alarms), grouped likewise;
  - for each error, the signals that drove it: the signals whose
    contribution to the composite differs most from the other class's mean
    (a high negative: where it looks healthier than a typical abandoned
    crate; a low positive: where it looks worse than a typical positive);
  - the AUC of every signal (its `s` over the crates where it was
    measured), so a dimension whose AUC sits below 0.5 can be explained by
    its signals.

The held-out split (advisories from 2025) is never analysed: looking at its
errors would be tuning on it.

Classes (rules, applied in this order; the advisory text is read only to
label an error, never by the model).
Negatives:
  later-yank leak     the all-yanked gate fired, or the version evaluated is
                      not the one current on the day: the evaluation saw
                      yanks the index may have recorded later
  renamed/superseded  the advisory says the crate was renamed, merged,
                      moved or replaced ("renamed", "merged into", "moved
                      to", "successor", "superseded", "replaced by", "now
                      part of", …), or its title names a replacement ("use
                      X instead", "in favour of")
  binary tool         the evaluated package has binary targets and no
                      library (read from the `.crate` in the caches)
  sudden abandonment  released within the 365 days before the day
  quiet, scored on its record
                      the rest
Positives:
  later-yank leak     as above
  says it is deprecated or unmaintained
                      a deprecated/unmaintained gate fired on the crate's
                      own metadata or README: the rule's label is wrong
  binary tool         as above
  quiet: finished, or abandoned without an advisory
                      no release in the 730 days before the day
  young               first release less than a year before the day
  0.x line            a 0.x version
  other               the rest

usage: errors.py [--out DIR] [--cache DIR] [--advisory-db DIR]
                 [--set rule|rule-active|hand] [--markdown FILE]
"""

import argparse
import datetime as dt
import json
import os
import re
import sys
import tarfile
import tomllib

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import population as popmod  # noqa: E402
import run as runmod  # noqa: E402

COMPOSITE_WEIGHTS = {"stability": 0.20, "community": 0.10,
                     "documentation": 0.15, "usage": 0.15,
                     "performance": 0.05, "ecosystem": 0.15,
                     "maintenance": 0.20, "security": 0.0}
# Words of a rename or a successor anywhere in the advisory; a named
# replacement only in its title (nearly every body lists alternatives).
RENAMED = re.compile(
    r"renamed|merged (?:in|into)|moved (?:to|into)|successor|superseded|"
    r"replaced by|deprecated in fav|now part of|has been (?:integrated|"
    r"folded|absorbed|incorporated)|new name|new home|continued (?:as|in|at)"
    r"|is now (?:maintained|developed|published) (?:as|under|in)", re.I)
SUPERSEDED_TITLE = re.compile(r"instead|in favou?r of|replaced|\buse `", re.I)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def model_weights(binary):
    """The composite weights of the model in force (`cratescope model`), or
    the model-2 defaults above when it cannot be run."""
    import subprocess
    try:
        p = subprocess.run([binary, "model"], capture_output=True, text=True,
                           timeout=60)
        m = tomllib.loads(p.stdout).get("model", {}).get("composite", {})
        w = {k: float(v) for k, v in m.items()
             if k in COMPOSITE_WEIGHTS}
        if len(w) == len(COMPOSITE_WEIGHTS):
            return w
    except (OSError, subprocess.SubprocessError, tomllib.TOMLDecodeError):
        pass
    return dict(COMPOSITE_WEIGHTS)


def advisory_text(db, crate, adv_id):
    path = os.path.join(db, "crates", crate, adv_id + ".md")
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return ""
    body = text.split("```", 2)[-1]
    return body.strip()


def advisory_title(text):
    for line in text.splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


def tarball_targets(cache, name, version):
    """(has_lib, has_bin) of name@version from the cached `.crate`, or None."""
    cands = [os.path.join(cache, "crates", name, f"{name}-{version}.crate")]
    base = os.path.join(popmod.cargo_home(), "registry", "cache")
    if os.path.isdir(base):
        cands += [os.path.join(base, d, f"{name}-{version}.crate")
                  for d in os.listdir(base)]
    for p in cands:
        if not os.path.exists(p):
            continue
        try:
            with tarfile.open(p, "r:gz") as tar:
                names = tar.getnames()
                man = None
                for m in tar.getmembers():
                    if m.name.count("/") == 1 and m.name.endswith(
                            "/Cargo.toml"):
                        man = tomllib.loads(tar.extractfile(m).read().decode(
                            "utf-8", "replace"))
        except (tarfile.TarError, OSError, tomllib.TOMLDecodeError, EOFError):
            return None
        files = {n.split("/", 1)[1] for n in names if "/" in n}
        lib_path = (man or {}).get("lib", {}).get("path", "src/lib.rs")
        has_lib = "lib" in (man or {}) or lib_path in files
        has_bin = bool((man or {}).get("bin")) or "src/main.rs" in files or \
            any(f.startswith("src/bin/") for f in files)
        if (man or {}).get("package", {}).get("autobins") is False and \
                not (man or {}).get("bin"):
            has_bin = False
        return (has_lib, has_bin)
    return None


def signals(ev):
    """{signal id: (dimension, s, weight, raw, evidence)} of measured ones."""
    out = {}
    for d in ev.get("dimensions", []):
        for s in d.get("signals", []):
            if "s" in s and s.get("s") is not None:
                out[s["id"]] = (d["id"], s["s"], s.get("weight", 0.0),
                                s.get("raw"), s.get("evidence", ""))
    return out


def effective_weights(ev, weights):
    """{signal id: composite points per unit of s}: the composite is
    Σ W_d·D_d / Σ W_d over scored dimensions and D_d = 1 + 4·Σ w·s / Σ w
    over measured signals, so a measured signal moves the composite by
    W_d / ΣW · 4 · w / Σw per unit of s (missing signals are left out and
    the others re-weighed, as the model does)."""
    scored = [d for d in ev.get("dimensions", [])
              if d.get("score") is not None]
    total_w = sum(weights.get(d["id"], 0.0) for d in scored) or 1.0
    out = {}
    for d in scored:
        meas = [s for s in d.get("signals", []) if s.get("s") is not None]
        sw = sum(s.get("weight", 0.0) for s in meas) or 1.0
        for s in meas:
            out[s["id"]] = (weights.get(d["id"], 0.0) / total_w * 4 *
                            s.get("weight", 0.0) / sw)
    return out


def mean_s(evs):
    """{signal id: mean s over the evaluations where it was measured}."""
    acc = {}
    for ev in evs:
        for k, v in signals(ev).items():
            t = acc.setdefault(k, [0.0, 0])
            t[0] += v[1]
            t[1] += 1
    return {k: t[0] / t[1] for k, t in acc.items()}


def drivers(ev, other_mean, weights, sign, k=3):
    """The k measured signals that move this crate's composite most, in
    direction `sign` (+1 up, -1 down), against the other class's mean s:
    effective weight × (s − mean s of the other class)."""
    eff = effective_weights(ev, weights)
    sig = signals(ev)
    diffs = []
    for key, w in eff.items():
        if key not in other_mean:
            continue
        d = sign * w * (sig[key][1] - other_mean[key])
        if d > 0.02:
            diffs.append((d, key, sig[key][4]))
    diffs.sort(reverse=True)
    return diffs[:k]


def gates(ev):
    return [g if isinstance(g, str) else g.get("id", str(g))
            for d in ev.get("dimensions", []) for g in d.get("gates", [])]


def raw(ev, sid):
    s = signals(ev).get(sid)
    return None if s is None else s[3]


def doc_items(ev):
    s = signals(ev).get("doc-coverage")
    if not s:
        return None
    m = re.search(r"of ([\d,]+) public items", s[4])
    return int(m.group(1).replace(",", "")) if m else None


def first_release(ev):
    d = ev.get("info", {}).get("first_release")
    return dt.date.fromisoformat(d) if d else None


def yank_leak(p, ev):
    """The evaluation saw yanks the index may have recorded after the day
    (run.saw_later_yanks)."""
    return runmod.saw_later_yanks(p, ev)


def classify_negative(p, ev, text, targets):
    title = advisory_title(text)
    if yank_leak(p, ev):
        return "later-yank leak"
    if RENAMED.search(text) or SUPERSEDED_TITLE.search(title):
        return "renamed/superseded"
    if targets and targets[1] and not targets[0]:
        return "binary tool"
    fresh = raw(ev, "release-freshness")
    if isinstance(fresh, (int, float)) and fresh <= 365:
        return "sudden abandonment"
    return "quiet, scored on its record"


def classify_positive(p, ev, targets):
    if yank_leak(p, ev):
        return "later-yank leak"
    if {"deprecated", "unmaintained", "looking-for-maintainer"} & set(
            gates(ev)):
        return "says it is deprecated or unmaintained"
    if targets and targets[1] and not targets[0]:
        return "binary tool"
    day = dt.date.fromisoformat(p["as_of"])
    fr = first_release(ev)
    fresh = raw(ev, "release-freshness")
    if isinstance(fresh, (int, float)) and fresh >= 730:
        return "quiet: finished, or abandoned without an advisory"
    if fr and (day - fr).days < 365:
        return "young"
    if ev.get("version", "").startswith("0."):
        return "0.x line"
    return "other"


def describe(p, ev, drv, sign):
    tier = ev.get("tier", "?") + ("*" if ev.get("provisional") else "")
    dims = ", ".join(f"{d['id'][:5]} {d['score']:.2f}"
                     for d in ev.get("dimensions", [])
                     if d.get("score") is not None and d["id"] != "security")
    why = "; ".join(f"{k} {sign * d:+.2f} ({e})" for d, k, e in drv) or "–"
    g = gates(ev)
    gs = f"; gates {', '.join(g)}" if g else ""
    nxt = p.get("next_release")
    after = f"; next release {nxt}" if nxt else "; no release since"
    return (f"{p['crate']} {ev.get('version', '')} @ {p['as_of']}: "
            f"{ev.get('composite'):.2f} {tier} [{dims}]{gs}{after} — "
            f"drivers: {why}")


def signal_aucs(pos, neg):
    ids = sorted({k for ev in pos + neg for k in signals(ev)})
    rows = []
    for sid in ids:
        p = [signals(e)[sid][1] for e in pos if sid in signals(e)]
        n = [signals(e)[sid][1] for e in neg if sid in signals(e)]
        dim = next(signals(e)[sid][0] for e in pos + neg
                   if sid in signals(e))
        rows.append((dim, sid, runmod.auc(p, n), len(p), len(n)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive"))
    ap.add_argument("--cache", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive-cache"))
    ap.add_argument("--advisory-db",
                    default=os.environ.get("CRATESCOPE_ADVISORY_DB"),
                    required=not os.environ.get("CRATESCOPE_ADVISORY_DB"))
    ap.add_argument("--set", choices=["rule", "rule-active", "hand"],
                    default="rule")
    ap.add_argument("--bin", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(runmod.ROOT,
                                                        "target")),
        "release", "cratescope"))
    ap.add_argument("--examples", type=int, default=6)
    ap.add_argument("--markdown")
    args = ap.parse_args()
    split = "train"  # never the held-out split
    pairs = load(os.path.join(args.out, f"pairs-{split}.json"))
    result = load(os.path.join(args.out, f"results-{split}.json"))
    weights = model_weights(args.bin)
    negs = [(p, load(p["eval"])) for p in pairs if p["class"] == "negative"]
    poss = [(p, load(p["eval"])) for p in pairs
            if p["class"] == "positive" and p["set"] == args.set]
    t10 = result[args.set]["scores"]["composite"]["threshold_at_10"]
    neg_mean = mean_s([e for _, e in negs])
    pos_mean = mean_s([e for _, e in poss])

    out = [f"# Error analysis, tuning split, {args.set} positives", "",
           f"Threshold at 10 % FPR: composite ≤ {t10} is flagged "
           f"({len(poss)} positives, {len(negs)} negatives; binary "
           f"{result['binary']}). Drivers: effective weight × (s − the "
           "other class's mean s), in composite points.", ""]

    neg_classes = ["later-yank leak", "renamed/superseded", "binary tool",
                   "sudden abandonment", "quiet, scored on its record"]
    labelled = []
    for p, e in negs:
        text = advisory_text(args.advisory_db, p["crate"], p["advisory"])
        cls = classify_negative(p, e, text, tarball_targets(
            args.cache, p["crate"], e["version"]))
        labelled.append((cls, p, e, advisory_title(text)))
    missed = [r for r in labelled if r[2]["composite"] > t10]
    missed.sort(key=lambda r: -r[2]["composite"])
    out += [f"## Negatives the composite misses ({len(missed)} of "
            f"{len(negs)} score above {t10})", "",
            "| class | missed | in all negatives | median composite |",
            "|---|---|---|---|"]
    for cls in neg_classes:
        vals = sorted(r[2]["composite"] for r in labelled if r[0] == cls)
        med = f"{vals[len(vals) // 2]:.2f}" if vals else "–"
        out.append(f"| {cls} | {sum(1 for r in missed if r[0] == cls)} | "
                   f"{len(vals)} | {med} |")
    for cls in neg_classes:
        rows = [r for r in missed if r[0] == cls]
        if not rows:
            continue
        out += ["", f"### {cls} ({len(rows)})", ""]
        for _, p, e, title in rows[: args.examples]:
            drv = drivers(e, neg_mean, weights, +1)
            out.append(f"- {describe(p, e, drv, +1)}. {p['advisory']}: "
                       f"“{title}”")
        if len(rows) > args.examples:
            out.append("- also: " + ", ".join(
                f"{p['crate']} {e['composite']:.2f}"
                for _, p, e, _ in rows[args.examples:]))

    pos_classes = ["later-yank leak", "says it is deprecated or unmaintained",
                   "binary tool",
                   "quiet: finished, or abandoned without an advisory",
                   "young", "0.x line", "other"]
    plabelled = [(classify_positive(p, e, tarball_targets(
        args.cache, p["crate"], e["version"])), p, e) for p, e in poss]
    flagged = sorted([r for r in plabelled if r[2]["composite"] <= t10],
                     key=lambda r: r[2]["composite"])
    out += ["", f"## Positives the composite flags ({len(flagged)} of "
            f"{len(poss)} score at most {t10})", "",
            "| class | flagged | in all positives | median composite |",
            "|---|---|---|---|"]
    for cls in pos_classes:
        vals = sorted(r[2]["composite"] for r in plabelled if r[0] == cls)
        med = f"{vals[len(vals) // 2]:.2f}" if vals else "–"
        out.append(f"| {cls} | {sum(1 for r in flagged if r[0] == cls)} | "
                   f"{len(vals)} | {med} |")
    out.append("")
    for cls in pos_classes:
        rows = [r for r in flagged if r[0] == cls]
        if not rows:
            continue
        out += [f"### {cls} ({len(rows)})", ""]
        for _, p, e in rows[: args.examples]:
            drv = drivers(e, pos_mean, weights, -1)
            out.append(f"- {describe(p, e, drv, -1)}")
        if len(rows) > args.examples:
            out.append("- also: " + ", ".join(
                f"{p['crate']} {e['composite']:.2f}"
                for _, p, e in rows[args.examples:]))
        out.append("")

    out += ["## Signal AUCs (s over the crates where it was measured)", "",
            "| dimension | signal | AUC | positives | negatives |",
            "|---|---|---|---|---|"]
    for dim, sid, a, np_, nn in sorted(
            signal_aucs([e for _, e in poss], [e for _, e in negs]),
            key=lambda r: (r[0], r[1])):
        mark = " **< 0.5**" if a is not None and a < 0.5 else ""
        out.append(f"| {dim} | {sid} | {runmod.fmt(a)}{mark} | {np_} | "
                   f"{nn} |")
    text = "\n".join(out) + "\n"
    if args.markdown:
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
