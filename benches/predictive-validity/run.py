#!/usr/bin/env python3
"""Predictive-validity benchmark of the maturity model (issue 12).

Does the model see abandonment coming? Negatives are the RustSec
`informational = "unmaintained"` advisories (not withdrawn) of the advisory
database; each such crate is evaluated `--as-of` the day before its advisory,
so the advisory itself is not visible yet (the unmaintained gate cannot fire:
the model has to read the decline from the evidence). Positives are the
widely recommended crates of positives.toml, evaluated at the negatives'
dates in rotation ("matched dates"), so both classes are judged against the
same years of the ecosystem.

The split is by advisory date: advisories dated before 2025-01-01 are the
tuning set ("train"); those from 2025-01-01 on are held out ("holdout") to
check that the model generalises and must not be used for tuning.

Every evaluation is a real run of the release binary:
    cratescope eval NAME --as-of DATE --advisory-db DB --format json
(registry index and .crate files over the network or from the cache; the
crates.io, GitHub and docs.rs APIs report today's figures, so a past as-of
never uses them; the git repository is whatever this machine can clone).

Output: AUC of the composite and of each dimension (a crate without a score
in a dimension is left out of that dimension's AUC, and the count says how
many were scored), and a Markdown table of every evaluation.

usage: benches/predictive-validity/run.py [--split train|holdout]
           [--bin PATH] [--advisory-db DIR] [--cache DIR] [--out DIR]
           [--jobs N] [--limit N] [--markdown FILE]
"""

import argparse
import concurrent.futures as cf
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SPLIT_DATE = "2025-01-01"
DIMENSIONS = ["stability", "community", "documentation", "usage",
              "performance", "ecosystem", "maintenance", "security"]


def advisories(db):
    """(id, crate, date, withdrawn) of every unmaintained advisory."""
    out = []
    crates_dir = os.path.join(db, "crates")
    for name in sorted(os.listdir(crates_dir)):
        d = os.path.join(crates_dir, name)
        for f in sorted(os.listdir(d)):
            if not f.endswith(".md"):
                continue
            text = open(os.path.join(d, f), encoding="utf-8").read()
            m = re.search(r"```toml\n(.*?)\n```", text, re.S)
            if not m:
                continue
            meta = tomllib.loads(m.group(1))
            adv = meta.get("advisory", {})
            if adv.get("informational") != "unmaintained":
                continue
            out.append((adv["id"], adv["package"], str(adv["date"]),
                        "withdrawn" in adv))
    return out


def day_before(d):
    return (dt.date.fromisoformat(d) - dt.timedelta(days=1)).isoformat()


def evaluate(args, name, as_of):
    """The evaluation JSON (cached on disk), or an error string."""
    os.makedirs(os.path.join(args.out, "evals"), exist_ok=True)
    path = os.path.join(args.out, "evals", f"{name}@{as_of}.json")
    if os.path.exists(path) and not args.rerun:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    env = dict(os.environ, CRATESCOPE_CACHE_DIR=args.cache)
    cmd = [args.bin, "eval", name, "--as-of", as_of, "--advisory-db",
           args.advisory_db, "--format", "json"]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True,
                       timeout=900)
    try:
        data = json.loads(p.stdout)
    except json.JSONDecodeError:
        err = (p.stderr.strip().splitlines() or ["no output"])[0]
        return {"error": err}
    ev = data[0] if isinstance(data, list) else data
    with open(path, "w", encoding="utf-8") as f:
        json.dump(ev, f)
    return ev


def auc(pos, neg):
    """Mann-Whitney AUC: P(score of a positive > score of a negative), ties 1/2."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    # Average ranks over ties.
    ranks = [0.0] * len(allv)
    i = 0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[k] = r
        i = j + 1
    rank_pos = sum(r for r, (_, c) in zip(ranks, allv) if c == 1)
    n1, n0 = len(pos), len(neg)
    return (rank_pos - n1 * (n1 + 1) / 2) / (n1 * n0)


def score(ev, dim):
    if dim == "composite":
        return ev.get("composite")
    for d in ev.get("dimensions", []):
        if d["id"] == dim:
            return d.get("score")
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["train", "holdout"], default="train")
    ap.add_argument("--bin", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
        "release", "cratescope"))
    ap.add_argument("--advisory-db", default=os.environ.get(
        "CRATESCOPE_ADVISORY_DB",
        os.path.join(ROOT, "testdata", "advisory-db")))
    ap.add_argument("--cache", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive-cache"))
    ap.add_argument("--out", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0,
                    help="only the first N negatives (a quick look)")
    ap.add_argument("--rerun", action="store_true",
                    help="ignore evaluations saved by an earlier run")
    ap.add_argument("--markdown", help="write the results table here")
    args = ap.parse_args()
    args.out = os.path.join(args.out, args.split)

    advs = [a for a in advisories(args.advisory_db) if not a[3]]
    if args.split == "train":
        advs = [a for a in advs if a[2] < SPLIT_DATE]
    else:
        advs = [a for a in advs if a[2] >= SPLIT_DATE]
    # One negative per crate: its first unmaintained advisory.
    seen, negatives = set(), []
    for a in sorted(advs, key=lambda a: (a[2], a[0])):
        if a[1] not in seen:
            seen.add(a[1])
            negatives.append(a)
    if args.limit:
        negatives = negatives[: args.limit]
    with open(os.path.join(HERE, "positives.toml"), "rb") as f:
        positives = tomllib.load(f)["crates"]

    jobs = [(a[1], day_before(a[2]), 0, a[0]) for a in negatives]
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        neg = list(pool.map(lambda j: (j, evaluate(args, j[0], j[1])), jobs))

    # Matched dates: the i-th negative's date goes to the next positive in
    # rotation that existed on that date.
    pos_jobs, k = [], 0
    for a in negatives:
        pos_jobs.append((a[2], k))
        k += 1
    def positive_at(item):
        date, start = item
        as_of = day_before(date)
        for step in range(len(positives)):
            name = positives[(start + step) % len(positives)]
            ev = evaluate(args, name, as_of)
            if "error" not in ev:
                return ((name, as_of, 1, "positive"), ev)
        return ((positives[start % len(positives)], as_of, 1, "positive"),
                {"error": "no positive existed"})
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        pos = list(pool.map(positive_at, pos_jobs))

    rows = neg + pos
    failed = [(j, ev["error"]) for j, ev in rows if "error" in ev]
    ok = [(j, ev) for j, ev in rows if "error" not in ev]
    lines = []
    lines.append(f"split: {args.split} ({len(negatives)} negatives, "
                 f"{sum(1 for j, _ in ok if j[2] == 1)} positives evaluated, "
                 f"{len(failed)} failed)")
    lines.append("")
    lines.append("| score | AUC | scored positives | scored negatives |")
    lines.append("|---|---|---|---|")
    for dim in ["composite"] + DIMENSIONS:
        p = [score(ev, dim) for j, ev in ok if j[2] == 1]
        n = [score(ev, dim) for j, ev in ok if j[2] == 0]
        p = [v for v in p if v is not None]
        n = [v for v in n if v is not None]
        a = auc(p, n)
        lines.append(f"| {dim} | {'-' if a is None else f'{a:.3f}'} "
                     f"| {len(p)} | {len(n)} |")
    summary = "\n".join(lines)
    print(summary)
    for j, e in failed:
        print(f"failed: {j[0]} as of {j[1]}: {e}", file=sys.stderr)

    if args.markdown:
        table = [summary, "",
                 "| crate | as of | class | composite | tier | " +
                 " | ".join(DIMENSIONS) + " |",
                 "|---|---|---|---|---|" + "---|" * len(DIMENSIONS)]
        for j, ev in sorted(ok, key=lambda r: (r[0][2], r[0][1], r[0][0])):
            cls = "positive" if j[2] == 1 else f"negative ({j[3]})"
            def fmt(v):
                return "–" if v is None else f"{v:.2f}"
            tier = ev["tier"] + ("*" if ev.get("provisional") else "")
            table.append(f"| {j[0]} {ev['version']} | {j[1]} | {cls} | "
                         f"{fmt(ev.get('composite'))} | {tier} | " +
                         " | ".join(fmt(score(ev, d)) for d in DIMENSIONS) +
                         " |")
        for j, e in failed:
            table.append(f"| {j[0]} | {j[1]} | failed | {e} | | " +
                         " | " * (len(DIMENSIONS) - 1) + " |")
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("\n".join(table) + "\n")


if __name__ == "__main__":
    main()
