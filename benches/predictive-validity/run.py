#!/usr/bin/env python3
"""Predictive-validity benchmark of the maturity model (issues 12 and 25).

Does the model see abandonment coming? Negatives are the RustSec
`informational = "unmaintained"` advisories (not withdrawn) of the advisory
database, one per crate (its first); each such crate is evaluated `--as-of`
the day before its advisory, so the advisory itself is not visible yet (the
unmaintained gate cannot fire: the model has to read the decline from the
evidence). Positives are evaluated on the same days, one per negative:

  rule  drawn by a rule from the registry index as it stood on that day
        (population.py: the dependency closure of every crate the advisory
        database names; a crate with dependents from at least 5 distinct
        other owners and no unmaintained/notice advisory up to 18 months
        later), uniformly, with a seeded generator. Nobody picks them.
  hand  the hand-picked list of positives.toml, in rotation (the figure of
        earlier waves, kept beside the rule's).
  others (with --others) the library recommendations of blessed.rs not in
        positives.toml (positives-others.toml, taken by a rule from that
        list), in rotation: positives picked by others, never by us.

The split is by advisory date: advisories dated before 2025-01-01 are the
tuning set ("train"); those from 2025-01-01 on are held out ("holdout"),
must not be used for tuning, and are only run when asked for by name.

Every evaluation is a real run of the release binary:
    cratescope eval NAME --as-of DATE --advisory-db DB --format json
(registry index and .crate files over the network or from the cache; the
registry API, GitHub and docs.rs report today's figures, so a past as-of
never uses them; no repository is cloned unless this machine can reach it).
Evaluations are cached per binary (by its SHA-256) under OUT/evals/, so a
second run with the same build only recomputes the figures.

Figures: AUC of the composite (with a bootstrap 95 % interval) and recall at
a fixed false-positive rate (the share of negatives flagged when the
threshold on the composite flags at most 5 % / 10 % of the positives), and
per dimension the AUC over the crates it scored, with the counts.

usage: run.py [--split train|holdout|all] [--positives rule|hand|both]
              [--others] [--bin PATH] [--advisory-db DIR] [--cache DIR] [--out DIR]
              [--index-url URL] [--jobs N] [--seed N] [--per-negative N]
              [--limit N] [--markdown FILE]
The published figures: run.py --split all --advisory-db DIR
"""

import argparse
import concurrent.futures as cf
import datetime as dt
import hashlib
import json
import os
import random
import subprocess
import sys
import threading
import tomllib

sys.dont_write_bytecode = True  # no __pycache__ in the tree
import population as popmod  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SPLIT_DATE = "2025-01-01"
DIMENSIONS = ["stability", "community", "documentation", "usage",
              "performance", "ecosystem", "maintenance", "security"]
FPRS = (0.05, 0.10)
BOOTSTRAP = 2000
DEFAULT_SEED = 25
# Rule positives drawn per negative: with one, the composite AUC of the
# tuning split moved by ±0.03 between seeds (0.77–0.84 over five); three
# cut the draw's share of the noise without much more run time.
PER_NEGATIVE = 3
# cargo-unmaintained's published figure, beside ours: a different measure
# (today's state of a crate and its repository, not an as-of date; recall on
# the advisories it was checked on, with no false-positive rate).
CARGO_UNMAINTAINED = (71, 98)


# ---------------------------------------------------------------- inputs

def negatives_of(advs, split):
    """One negative per crate: its first unmaintained advisory in the split,
    as (id, crate, advisory date)."""
    un = [a for a in advs if a[3] == "unmaintained" and not a[4]]
    if split == "train":
        un = [a for a in un if a[2] < SPLIT_DATE]
    else:
        un = [a for a in un if a[2] >= SPLIT_DATE]
    seen, out = set(), []
    for a in sorted(un, key=lambda a: (a[2], a[0])):
        if a[1] not in seen:
            seen.add(a[1])
            out.append((a[0], a[1], a[2]))
    return out


def day_before(d):
    return (dt.date.fromisoformat(d) - dt.timedelta(days=1)).isoformat()


def binary_id(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()[:16]


class Evaluator:
    def __init__(self, args):
        self.args = args
        self.dir = os.path.join(args.out, "evals", binary_id(args.bin))
        os.makedirs(self.dir, exist_ok=True)

    def __call__(self, name, as_of):
        """The evaluation JSON (cached on disk), or {"error": …}."""
        path = os.path.join(self.dir, f"{name}@{as_of}.json")
        if os.path.exists(path) and not self.args.rerun:
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        env = dict(os.environ, CRATESCOPE_CACHE_DIR=self.args.cache)
        if self.args.index_url:
            env["CRATESCOPE_INDEX_URL"] = self.args.index_url
        cmd = [self.args.bin, "eval", name, "--as-of", as_of,
               "--advisory-db", self.args.advisory_db, "--format", "json"]
        try:
            p = subprocess.run(cmd, env=env, capture_output=True, text=True,
                               timeout=900)
        except subprocess.TimeoutExpired:
            ev = {"error": "timed out after 900 s"}
        else:
            try:
                data = json.loads(p.stdout)
                ev = data[0] if isinstance(data, list) else data
            except json.JSONDecodeError:
                err = (p.stderr.strip().splitlines() or ["no output"])[0]
                ev = {"error": err}
        # Two rotations may ask for the same crate on the same day at once:
        # each writes its own temporary file (the results are equal).
        tmp = f"{path}.{threading.get_ident()}.tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(ev, f)
        os.replace(tmp, path)
        return ev


# ---------------------------------------------------------------- figures

def auc(pos, neg):
    """Mann-Whitney AUC: P(score of a positive > score of a negative), ties 1/2."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    ranks = [0.0] * len(allv)
    i = 0
    while i < len(allv):
        j = i
        while j + 1 < len(allv) and allv[j + 1][0] == allv[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    rank_pos = sum(r for r, (_, c) in zip(ranks, allv) if c == 1)
    n1, n0 = len(pos), len(neg)
    return (rank_pos - n1 * (n1 + 1) / 2) / (n1 * n0)


def auc_interval(pos, neg, seed):
    """A percentile bootstrap 95 % interval of the AUC (both classes
    resampled), seeded."""
    if not pos or not neg:
        return None
    rng = random.Random(f"{seed}:bootstrap")
    vals = []
    for _ in range(BOOTSTRAP):
        p = [rng.choice(pos) for _ in pos]
        n = [rng.choice(neg) for _ in neg]
        vals.append(auc(p, n))
    vals.sort()
    return (vals[int(0.025 * BOOTSTRAP)], vals[int(0.975 * BOOTSTRAP) - 1])


def recall_at_fpr(pos, neg, fpr):
    """(recall, threshold): a crate is flagged unmaintained when its score is
    at most the threshold; the threshold is the highest one that flags at
    most `fpr` of the positives (ties flagged together), and recall is the
    share of negatives it flags."""
    if not pos or not neg:
        return None
    best = None
    for t in sorted(set(pos) | set(neg)):
        if sum(1 for v in pos if v <= t) / len(pos) <= fpr:
            best = t
        else:
            break
    if best is None:
        return (0.0, None)
    return (sum(1 for v in neg if v <= best) / len(neg), best)


def score(ev, dim):
    if dim == "composite":
        return ev.get("composite")
    for d in ev.get("dimensions", []):
        if d["id"] == dim:
            return d.get("score")
    return None


def figures(pos_evs, neg_evs, seed):
    """Every figure of one comparison, as a dict."""
    out = {"positives": len(pos_evs), "negatives": len(neg_evs), "scores": {}}
    for dim in ["composite"] + DIMENSIONS:
        p = [v for v in (score(e, dim) for e in pos_evs) if v is not None]
        n = [v for v in (score(e, dim) for e in neg_evs) if v is not None]
        row = {"auc": auc(p, n), "scored_positives": len(p),
               "scored_negatives": len(n)}
        for f in FPRS:
            r = recall_at_fpr(p, n, f)
            row[f"recall_at_{int(f * 100)}"] = None if r is None else r[0]
            row[f"threshold_at_{int(f * 100)}"] = None if r is None else r[1]
        if dim == "composite":
            row["auc_95"] = auc_interval(p, n, seed)
        out["scores"][dim] = row
    return out


# ---------------------------------------------------------------- positives

def rule_positives(args, negatives, eligible, evaluate):
    """`--per-negative` drawn positives per negative from `eligible`
    (day → [(name, owners, dependents)]): [(negative, positive name,
    as_of, draw record, evaluation)]. A draw whose evaluation fails is replaced by the next
    crate of the same seeded order (and recorded)."""
    days = sorted({day_before(a[2]) for a in negatives})
    by_day = {}
    for a in negatives:
        by_day.setdefault(day_before(a[2]), []).append(a)

    def one_day(day):
        taken, out = set(), []
        for a in by_day[day]:
            rng = random.Random(f"{args.seed}:{a[0]}")
            order = [e for e in eligible[day] if e[0] not in taken]
            rng.shuffle(order)
            failed, chosen = [], []
            for cand in order:
                if len(chosen) == args.per_negative:
                    break
                ev = evaluate(cand[0], day)
                if "error" in ev:
                    failed.append((cand[0], ev["error"]))
                    continue
                chosen.append((cand, ev))
                taken.add(cand[0])
            for cand, ev in chosen:
                out.append((a, cand[0], day,
                            {"eligible": len(eligible[day]),
                             "owners": cand[1], "dependents": cand[2],
                             "failed": failed}, ev))
            for _ in range(args.per_negative - len(chosen)):
                out.append((a, None, day, {"eligible": len(eligible[day]),
                                           "failed": failed}, None))
        return out

    with cf.ThreadPoolExecutor(args.jobs) as pool:
        return [r for day_rows in pool.map(one_day, days) for r in day_rows]


def index_facts(pop, name, day):
    """What the index says about `name` on `day`: the version current then
    when later yanks are ignored, how many versions published by then are
    yanked today (the index has no yank date), and the first release after
    the day."""
    c = pop.crates.get(name.lower())
    if c is None:
        lines = pop.reg.index_file(name)
        c = popmod.Crate(name, lines) if lines else None
    if c is None:
        return {}
    d = dt.date.fromisoformat(day)
    cur = c.current(d)
    after = [x for x in c.dates if x > d]
    return {"version_then": cur[1] if cur else None,
            "later_yanks": c.yanked_by(d),
            "next_release": str(after[0]) if after else None}


def saw_later_yanks(facts, ev):
    """The evaluation was changed by yanks the index may have recorded
    after the day: the all-yanked gate fired, or the version evaluated is
    not the one current then."""
    gates = {g.get("id") for d in ev.get("dimensions", [])
             for g in d.get("gates", [])}
    return "all-yanked" in gates or (
        facts.get("version_then") is not None
        and facts["version_then"] != ev.get("version"))


def hand_positives(args, negatives, evaluate, listing="positives.toml"):
    """A listed set in rotation: the i-th negative's day goes to the next
    crate of `listing` (positives.toml: the hand list) that existed on that
    day."""
    with open(os.path.join(HERE, listing), "rb") as f:
        hand = tomllib.load(f)["crates"]

    def one(item):
        i, a = item
        day = day_before(a[2])
        for step in range(len(hand)):
            name = hand[(i + step) % len(hand)]
            ev = evaluate(name, day)
            if "error" not in ev:
                return (a, name, day, {}, ev)
        return (a, None, day, {"failed": "no listed crate existed"}, None)
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        return list(pool.map(one, enumerate(negatives)))


def released_after(pop, name, day, days=popmod.FOLLOW_UP_DAYS):
    """Did `name` publish a release in the `days` after `day`, and by
    RELEASES_SEEN_UNTIL (the index as read for the published figures)?"""
    c = pop.crates.get(name.lower())
    if c is None:
        return None
    d = dt.date.fromisoformat(day)
    end = min(d + dt.timedelta(days=days), popmod.RELEASES_SEEN_UNTIL)
    return any(d < x <= end for x in c.dates)


# ---------------------------------------------------------------- output

def fmt(v, digits=3):
    return "–" if v is None else f"{v:.{digits}f}"


def table(fig):
    lines = ["| score | AUC | recall @5 % FPR | recall @10 % FPR | "
             "scored positives | scored negatives |",
             "|---|---|---|---|---|---|"]
    for dim in ["composite"] + DIMENSIONS:
        r = fig["scores"][dim]
        a = fmt(r["auc"])
        if dim == "composite" and r.get("auc_95"):
            lo, hi = r["auc_95"]
            a += f" ({lo:.3f}–{hi:.3f})"
        lines.append(f"| {dim} | {a} | {fmt(r['recall_at_5'], 2)} | "
                     f"{fmt(r['recall_at_10'], 2)} | {r['scored_positives']} "
                     f"| {r['scored_negatives']} |")
    return "\n".join(lines)


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# " + "\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join("" if v is None else str(v) for v in r) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", choices=["train", "holdout", "all"],
                    default="train",
                    help="all: the tuning split, then the held-out one")
    ap.add_argument("--positives", choices=["rule", "hand", "both"],
                    default="both")
    ap.add_argument("--bin", default=os.path.join(
        os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")),
        "release", "cratescope"))
    ap.add_argument("--advisory-db", default=os.environ.get(
        "CRATESCOPE_ADVISORY_DB",
        os.path.join(ROOT, "testdata", "advisory-db")),
                    help="a RustSec advisory-db checkout (default: the "
                         "repository's snapshot, or CRATESCOPE_ADVISORY_DB)")
    ap.add_argument("--cache", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive-cache"))
    ap.add_argument("--out", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive"))
    ap.add_argument("--index-url", help="sparse index root (default: "
                    "CRATESCOPE_INDEX_URL, then cargo's configuration)")
    ap.add_argument("--others", action="store_true",
                    help="also the positives picked by others "
                    "(positives-others.toml)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--crawl-jobs", type=int, default=8,
                    help="parallel index/.crate reads of the population")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--per-negative", type=int, default=PER_NEGATIVE,
                    help="rule positives drawn per negative")
    ap.add_argument("--limit", type=int, default=0,
                    help="only the first N negatives (a quick look)")
    ap.add_argument("--rerun", action="store_true",
                    help="ignore evaluations saved by an earlier run")
    ap.add_argument("--markdown", help="write the results and every "
                    "evaluation here")
    args = ap.parse_args()
    args.advisory_db = os.path.abspath(args.advisory_db)
    splits = ["train", "holdout"] if args.split == "all" else [args.split]
    for split in splits:
        one = argparse.Namespace(**vars(args))
        one.split = split
        if args.markdown and "{split}" in args.markdown:
            one.markdown = args.markdown.replace("{split}", split)
        elif args.markdown and len(splits) > 1:
            base, ext = os.path.splitext(args.markdown)
            one.markdown = f"{base}-{split}{ext}"
        run_split(one)


def run_split(args):
    """Every figure of one split."""
    index_url = popmod.resolve_index_url(args.index_url)
    os.makedirs(args.out, exist_ok=True)

    advs = popmod.advisories(args.advisory_db)
    negatives = negatives_of(advs, args.split)
    if args.limit:
        negatives = negatives[: args.limit]
    evaluate = Evaluator(args)
    with cf.ThreadPoolExecutor(args.jobs) as pool:
        neg_evs = list(pool.map(
            lambda a: evaluate(a[1], day_before(a[2])), negatives))

    reg = popmod.Registry(index_url, os.path.join(args.cache, "population"))
    pop = popmod.Population(reg, args.advisory_db, args.crawl_jobs)
    pop.crawl()
    pop.write(os.path.join(args.out, "population.tsv"))

    result = {"split": args.split, "seed": args.seed,
              "binary": binary_id(args.bin),
              "advisory_snapshot": str(pop.snapshot),
              "population": len(pop.crates),
              "rule_definition": {"min_owners": popmod.MIN_OWNERS,
                                  "follow_up_days": popmod.FOLLOW_UP_DAYS,
                                  "releases_seen_until":
                                      str(popmod.RELEASES_SEEN_UNTIL)},
              "cargo_unmaintained": {"found": CARGO_UNMAINTAINED[0],
                                     "of": CARGO_UNMAINTAINED[1]}}
    neg_ok = [(a, ev) for a, ev in zip(negatives, neg_evs)
              if "error" not in ev]
    neg_failed = [(a, ev["error"]) for a, ev in zip(negatives, neg_evs)
                  if "error" in ev]
    result["negatives"] = {"count": len(negatives), "evaluated": len(neg_ok),
                           "failed": [[a[1], day_before(a[2]), e]
                                      for a, e in neg_failed]}
    # Output names: the split, and the seed when it is not the default.
    stem = args.split + ("" if args.seed == DEFAULT_SEED
                         else f"-seed{args.seed}") + (
        "" if args.per_negative == PER_NEGATIVE
        else f"-k{args.per_negative}")
    sets = {}
    indeg = {}
    if args.positives in ("rule", "both"):
        # Every crate's owner: dependents are grouped by it, and a
        # candidate's own owner does not count among its dependents.
        owners = pop.owners(set(pop.crates))
        flagged = pop.flagged_until()
        days = sorted({day_before(a[2]) for a in negatives})
        eligible = {d: pop.eligible(dt.date.fromisoformat(d), owners, flagged)
                    for d in days}
        # The stricter rule: also published a release in the 18 months
        # after the day (maintenance seen, not only no advisory filed).
        active = {d: [e for e in v if released_after(pop, e[0], d)]
                  for d, v in eligible.items()}
        sets["rule"] = rule_positives(args, negatives, eligible, evaluate)
        sets["rule-active"] = rule_positives(args, negatives, active,
                                             evaluate)
        for a in negatives:
            d = dt.date.fromisoformat(day_before(a[2]))
            indeg[a[0]] = pop.indegree(a[1], d, owners)
        for key, elig in (("rule", eligible), ("rule-active", active)):
            write_tsv(os.path.join(args.out,
                                   f"positives-{key}-{stem}.tsv"),
                      ["negative advisory", "negative crate", "as of",
                       "drawn positive", "its distinct other owners",
                       "its dependents", "eligible that day",
                       "draws that failed to evaluate",
                       "released in the 18 months after"],
                      [(a[0], a[1], day, name, rec.get("owners"),
                        rec.get("dependents"), rec.get("eligible"),
                        "; ".join(f"{n}: {e}"
                                  for n, e in rec.get("failed", [])),
                        released_after(pop, name, day) if name else None)
                       for a, name, day, rec, _ in sets[key]])
            lens = sorted(len(v) for v in elig.values())
            result[f"{key}_eligible_per_day"] = {
                "min": lens[0], "median": lens[len(lens) // 2],
                "max": lens[-1]}
        write_tsv(os.path.join(args.out,
                               f"eligible-{args.split}.tsv"),
                  ["as of", "eligible crate", "distinct other owners",
                   "dependents", "released in the 18 months after"],
                  [(d, n, o, k, released_after(pop, n, d))
                   for d in days for n, o, k in eligible[d]])
        write_tsv(os.path.join(args.out,
                               f"negatives-indegree-{args.split}.tsv"),
                  ["advisory", "crate", "as of", "distinct other owners",
                   "dependents"],
                  [(a[0], a[1], day_before(a[2]), *indeg[a[0]])
                   for a in negatives])
        result["negatives_indegree"] = {
            "with_5_owners": sum(1 for a in negatives
                                 if indeg[a[0]][0] >= popmod.MIN_OWNERS),
            "with_any_dependent": sum(1 for a in negatives
                                      if indeg[a[0]][1] > 0)}
    if args.positives in ("hand", "both"):
        sets["hand"] = hand_positives(args, negatives, evaluate)
    if args.others:
        sets["others"] = hand_positives(args, negatives, evaluate,
                                        "positives-others.toml")

    neg_list = [ev for _, ev in neg_ok]
    # Later yanks: the index says which versions are yanked today, not
    # when, so an evaluation as of a past day sees yanks that may have come
    # later (the all-yanked gate, the yank share, the version chosen).
    # Counted both ways (any version published by the day yanked today;
    # the evaluation changed by it), and every figure is also given without
    # the pairs whose evaluation it changed.
    facts = {(a[1], day_before(a[2])): index_facts(pop, a[1],
                                                   day_before(a[2]))
             for a, _ in neg_ok}
    for rows in sets.values():
        for r in rows:
            if r[4] is not None and (r[1], r[2]) not in facts:
                facts[(r[1], r[2])] = index_facts(pop, r[1], r[2])

    def leaked(name, day, ev):
        return saw_later_yanks(facts[(name, day)], ev)

    def any_yank(name, day):
        return bool(facts[(name, day)].get("later_yanks"))
    clean_neg = [ev for a, ev in neg_ok
                 if not leaked(a[1], day_before(a[2]), ev)]
    result["later_yanks"] = {"negatives": {
        "any": sum(1 for a, _ in neg_ok if any_yank(a[1], day_before(a[2]))),
        "changed_the_evaluation": len(neg_list) - len(clean_neg)}}
    for key, rows in sets.items():
        pos = [r[4] for r in rows if r[4] is not None]
        fig = figures(pos, neg_list, args.seed)
        fig["unfilled"] = sum(1 for r in rows if r[4] is None)
        result[key] = fig
        clean_pos = [r[4] for r in rows if r[4] is not None
                     and not leaked(r[1], r[2], r[4])]
        result["later_yanks"][key] = {
            "any": sum(1 for r in rows if r[4] is not None
                       and any_yank(r[1], r[2])),
            "changed_the_evaluation": len(pos) - len(clean_pos)}
        result[f"{key}_without_later_yanks"] = figures(clean_pos, clean_neg,
                                                       args.seed)
        if key.startswith("rule"):
            # Only the negatives as popular as the rule's positives.
            popular = [ev for a, ev in neg_ok
                       if indeg[a[0]][0] >= popmod.MIN_OWNERS]
            result[f"{key}_popular_negatives"] = figures(pos, popular,
                                                         args.seed)

    # Every evaluated pair, for errors.py (the error analysis), with what
    # the index says about it.
    pairs = [{"class": "negative", "set": "negative", "crate": a[1],
              "advisory": a[0], "as_of": day_before(a[2]),
              "indegree": indeg.get(a[0]),
              "eval": os.path.join(evaluate.dir,
                                   f"{a[1]}@{day_before(a[2])}.json"),
              **facts[(a[1], day_before(a[2]))]}
             for a, _ in neg_ok]
    for key, rows in sets.items():
        pairs += [{"class": "positive", "set": key, "crate": r[1],
                   "for_advisory": r[0][0], "as_of": r[2],
                   "eval": os.path.join(evaluate.dir, f"{r[1]}@{r[2]}.json"),
                   **facts[(r[1], r[2])]}
                  for r in rows if r[4] is not None]
    with open(os.path.join(args.out, f"pairs-{stem}.json"), "w",
              encoding="utf-8") as f:
        json.dump(pairs, f, indent=0)

    path = os.path.join(args.out, f"results-{stem}.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    lines = [f"split: {args.split} ({len(negatives)} negatives, "
             f"{len(neg_ok)} evaluated; binary {result['binary']}; "
             f"seed {args.seed}; population {len(pop.crates)} crates)"]
    for key in sets:
        fig = result[key]
        lines += ["", f"positives: {key} ({fig['positives']} evaluated, "
                  f"{fig['unfilled']} negatives without a positive)", "",
                  table(fig)]
    lines.append("")
    for key in sets:
        variants = [(f"{key}_without_later_yanks",
                     "without the pairs whose evaluation later yanks changed")]
        if key.startswith("rule"):
            variants.append((f"{key}_popular_negatives",
                             f"only negatives with ≥ {popmod.MIN_OWNERS} "
                             "distinct other owners as dependents"))
        for vkey, what in variants:
            s = result[vkey]["scores"]["composite"]
            lines.append(f"sensitivity, {key} {what}: composite AUC "
                         f"{fmt(s['auc'])} ({result[vkey]['positives']} "
                         f"positives, {result[vkey]['negatives']} "
                         f"negatives), recall @5 % "
                         f"{fmt(s['recall_at_5'], 2)}, @10 % "
                         f"{fmt(s['recall_at_10'], 2)}")
    summary = "\n".join(lines)
    print(summary)
    for a, e in neg_failed:
        print(f"failed: {a[1]} as of {day_before(a[2])}: {e}", file=sys.stderr)

    if args.markdown:
        out = [summary, "", "| crate | as of | class | composite | tier | " +
               " | ".join(DIMENSIONS) + " |",
               "|---|---|---|---|---|" + "---|" * len(DIMENSIONS)]
        evs = [(a[1], day_before(a[2]), f"negative ({a[0]})", ev)
               for a, ev in neg_ok]
        for key, rows in sets.items():
            evs += [(r[1], r[2], f"positive ({key})", r[4]) for r in rows
                    if r[4] is not None]
        for name, day, cls, ev in sorted(evs, key=lambda r: (r[1], r[2],
                                                             r[0])):
            tier = ev["tier"] + ("*" if ev.get("provisional") else "")
            out.append(f"| {name} {ev['version']} | {day} | {cls} | "
                       f"{fmt(ev.get('composite'), 2)} | {tier} | " +
                       " | ".join(fmt(score(ev, d), 2) for d in DIMENSIONS)
                       + " |")
        with open(args.markdown, "w", encoding="utf-8") as f:
            f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
