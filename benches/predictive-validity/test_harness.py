#!/usr/bin/env python3
"""Offline checks of the harness's arithmetic and rules (no network):
    python3 benches/predictive-validity/test_harness.py
"""

import datetime as dt
import json
import os
import sys
import tempfile
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import population as popmod  # noqa: E402
import run as runmod  # noqa: E402


def line(name, vers, day, deps=(), kind="normal"):
    return json.dumps({
        "name": name, "vers": vers, "cksum": "00", "features": {},
        "yanked": False, "pubtime": f"{day}T12:00:00Z",
        "deps": [{"name": d, "req": "*", "features": [], "optional": False,
                  "default_features": True, "target": None, "kind": kind}
                 for d in deps]})


class Figures(unittest.TestCase):
    def test_auc_counts_ties_as_half(self):
        self.assertEqual(runmod.auc([3, 4], [1, 2]), 1.0)
        self.assertEqual(runmod.auc([1, 2], [3, 4]), 0.0)
        self.assertEqual(runmod.auc([2], [2]), 0.5)
        # 3 > 1, 3 > 2, 2 > 1, 2 = 2 → 3.5 of 4 pairs
        self.assertEqual(runmod.auc([2, 3], [1, 2]), 0.875)
        self.assertIsNone(runmod.auc([], [1]))

    def test_recall_at_fpr_never_exceeds_the_rate(self):
        pos = [float(v) for v in range(1, 21)]   # 20 positives: 1..20
        neg = [0.5, 1.0, 1.5, 2.5, 30.0]
        # ≤ 5 % of 20 positives = 1 may be flagged: threshold 1.5 flags
        # positive 1 only, and negatives 0.5, 1.0, 1.5.
        rec, t = runmod.recall_at_fpr(pos, neg, 0.05)
        self.assertEqual(t, 1.5)
        self.assertAlmostEqual(rec, 3 / 5)
        # ≤ 10 %: two positives (1, 2): threshold 2.5 also flags 2.5.
        rec, t = runmod.recall_at_fpr(pos, neg, 0.10)
        self.assertEqual(t, 2.5)
        self.assertAlmostEqual(rec, 4 / 5)

    def test_recall_is_zero_when_the_lowest_score_is_a_positive_tie(self):
        rec, t = runmod.recall_at_fpr([1.0, 1.0, 5.0], [1.0, 2.0], 0.05)
        self.assertEqual((rec, t), (0.0, None))

    def test_bootstrap_interval_is_seeded(self):
        a = runmod.auc_interval([1, 2, 3, 4], [0, 2, 5], 7)
        b = runmod.auc_interval([1, 2, 3, 4], [0, 2, 5], 7)
        self.assertEqual(a, b)
        self.assertLessEqual(a[0], a[1])


class Rules(unittest.TestCase):
    def test_index_paths_follow_the_sparse_layout(self):
        self.assertEqual(popmod.index_path("a"), "1/a")
        self.assertEqual(popmod.index_path("ab"), "2/ab")
        self.assertEqual(popmod.index_path("Syn"), "3/s/syn")
        self.assertEqual(popmod.index_path("serde"), "se/rd/serde")

    def test_owner_is_host_and_first_segment(self):
        self.assertEqual(popmod.owner_of(
            "https://github.com/Tokio-rs/tokio.git", "tokio"),
            "github.com/tokio-rs")
        self.assertEqual(popmod.owner_of("", "x"), "crate:x")
        self.assertEqual(popmod.owner_of("not a url", "x"), "crate:x")

    def test_current_release_is_the_highest_stable_by_the_day(self):
        c = popmod.Crate("a", [line("a", "1.0.0", "2020-01-01"),
                               line("a", "2.0.0-rc.1", "2020-06-01"),
                               line("a", "0.9.9", "2020-07-01"),
                               line("a", "2.0.0", "2021-01-01")])
        self.assertIsNone(c.current(dt.date(2019, 12, 31)))
        self.assertEqual(c.current(dt.date(2020, 8, 1))[1], "1.0.0")
        self.assertEqual(c.current(dt.date(2021, 1, 1))[1], "2.0.0")

    def test_dev_dependencies_are_not_edges(self):
        c = popmod.Crate("a", [line("a", "1.0.0", "2020-01-01", ["b"],
                                    kind="dev")])
        self.assertEqual(c.all_deps(dt.date(2030, 1, 1)), set())

    def test_closure_ignores_releases_after_the_cutoff(self):
        c = popmod.Crate("a", [line("a", "1.0.0", "2020-01-01", ["b"]),
                               line("a", "2.0.0", "2024-01-01", ["c"])])
        self.assertEqual(c.all_deps(dt.date(2023, 1, 1)), {"b"})
        self.assertEqual(c.all_deps(dt.date(2024, 1, 1)), {"b", "c"})

    def test_eligibility_counts_other_owners_and_follow_up(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "db")
            os.makedirs(os.path.join(db, "crates", "lib"))
            with open(os.path.join(db, "crates", "lib",
                                   "RUSTSEC-2022-0001.md"), "w") as f:
                f.write('```toml\n[advisory]\nid = "RUSTSEC-2022-0001"\n'
                        'package = "lib"\ndate = "2022-06-01"\n'
                        'informational = "unmaintained"\n```\n# gone\n')
            reg = popmod.Registry("http://127.0.0.1:9/", tmp, offline=True)
            pop = popmod.Population(reg, db, 1)
            pop.crates["lib"] = popmod.Crate(
                "lib", [line("lib", "1.0.0", "2019-01-01")])
            for i in range(6):
                n = f"user{i}"
                pop.crates[n] = popmod.Crate(
                    n, [line(n, "1.0.0", "2020-01-01", ["lib"])])
            # Five users share one owner; one has its own; one more shares
            # lib's own owner and does not count.
            owners = {f"user{i}": "github.com/one" for i in range(5)}
            owners["user5"] = "github.com/two"
            owners["lib"] = "github.com/one"
            flagged = pop.flagged_until()
            day = dt.date(2020, 6, 1)
            self.assertEqual(pop.indegree("lib", day, owners), (1, 6))
            self.assertEqual(pop.eligible(day, owners, flagged), [])
            # Distinct owners: eligible until the advisory falls within
            # the 18 months after the day.
            owners = {f"user{i}": f"github.com/o{i}" for i in range(6)}
            self.assertEqual(pop.eligible(dt.date(2020, 6, 1), owners,
                                          flagged), [("lib", 6, 6)])
            self.assertEqual(pop.eligible(dt.date(2021, 1, 1), owners,
                                          flagged), [])


if __name__ == "__main__":
    unittest.main()
