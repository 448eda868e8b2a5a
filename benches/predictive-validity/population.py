#!/usr/bin/env python3
"""The population of the predictive-validity benchmark, and the positives
drawn from it by a rule (issue 25).

Nobody picks the positives. The population is the dependency closure,
crawled through the registry's sparse index, of every crate the RustSec
advisory database names (RustSec chose those crates, not us): each crate of
the database, then every crate that any version of a crate already in the
population published by the database's snapshot date depends on (normal
and build dependencies, optional ones included, dev-dependencies not),
until nothing new appears. Versions published after the snapshot are left
out, so a later run with a newer index finds the same population.

On an evaluation day D (the day before a negative's advisory) a crate X of
the population is *eligible as a positive* when
  1. X had a release published by D;
  2. at least MIN_OWNERS distinct owners other than X's own have a crate in
     the population whose current release on D (the highest non-prerelease
     version published by D) has a normal or build dependency on X;
  3. the advisory database has no `unmaintained` or `notice` advisory for X
     dated on or before D + FOLLOW_UP_DAYS (18 months): X was not known to
     be abandoned on D and was not declared abandoned in the next 18 months.
run.py draws three positives per negative (--per-negative), uniformly
among the eligible crates of that day, with a random generator seeded by
(seed, advisory id), never the same crate twice for one day; its stricter
set (rule-active) also asks for a release in the 18 months after D.

An owner is the host and first path segment of a crate's `repository`
(`github.com/tokio-rs`), read from the Cargo.toml of its latest release
published by the snapshot date (the `.crate` file is streamed until its
Cargo.toml and then dropped); a crate without a usable repository URL is
its own owner. Every crate of the population has its repository read once
(about 8,400 small streamed reads, cached).

Endpoints are configuration: the index root comes from --index-url, or the
CRATESCOPE_INDEX_URL environment variable, or cargo's configuration
(`[source.crates-io] replace-with`, `[registries.crates-io] index`), or the
sparse registry cargo already uses on this machine (the host of
$CARGO_HOME/registry/index/<host>-<hash>/). Downloads come from the index's
own config.json `dl` template. Every index file and every repository read is
cached under --cache, so a second run reads no network and gives the same
population.

usage: population.py [--advisory-db DIR] [--cache DIR] [--out DIR]
                     [--index-url URL] [--jobs N] [--offline]
Writes OUT/population.tsv (every crate of the closure: name, first and
latest release by the snapshot, how it entered). run.py does the same and
writes the eligible crates of every day it needs (OUT/eligible-SPLIT.tsv).
"""

import argparse
import bisect
import concurrent.futures as cf
import datetime as dt
import gzip
import hashlib
import json
import os
import re
import sys
import tarfile
import threading
import tomllib
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
MIN_OWNERS = 5
FOLLOW_UP_DAYS = 548  # 18 months
# The last day of releases the stricter rule (rule-active, run.py) looks at:
# the day the index was read for the published figures. Fixed, so a later
# run with a newer index draws the same positives.
RELEASES_SEEN_UNTIL = dt.date(2026, 12, 6)
INFORMATIONAL_OUT = ("unmaintained", "notice")
USER_AGENT = "cratescope-predictive-validity (benches/predictive-validity)"


# ---------------------------------------------------------------- endpoints

def cargo_home():
    return os.environ.get("CARGO_HOME") or os.path.join(
        os.path.expanduser("~"), ".cargo")


def index_url_from_cargo():
    """The crates-io index root cargo would use here, or None."""
    home = cargo_home()
    for name in ("config.toml", "config"):
        path = os.path.join(home, name)
        if not os.path.exists(path):
            continue
        with open(path, "rb") as f:
            try:
                cfg = tomllib.load(f)
            except tomllib.TOMLDecodeError:
                continue
        src = cfg.get("source", {})
        repl = src.get("crates-io", {}).get("replace-with")
        if repl and src.get(repl, {}).get("registry", "").startswith("sparse+"):
            return src[repl]["registry"][len("sparse+"):]
        idx = cfg.get("registries", {}).get("crates-io", {}).get("index", "")
        if idx.startswith("sparse+"):
            return idx[len("sparse+"):]
    # Cargo names a sparse registry's local directory `<host>-<hash>`.
    base = os.path.join(home, "registry", "index")
    if os.path.isdir(base):
        for d in sorted(os.listdir(base)):
            m = re.fullmatch(r"(.+)-[0-9a-f]{16}", d)
            if m and os.path.exists(os.path.join(base, d, "config.json")):
                return f"https://{m.group(1)}/"
    return None


def resolve_index_url(given):
    url = given or os.environ.get("CRATESCOPE_INDEX_URL") or \
        index_url_from_cargo()
    if not url:
        sys.exit("no registry index: pass --index-url or set "
                 "CRATESCOPE_INDEX_URL")
    return url if url.endswith("/") else url + "/"


def index_path(name):
    n = name.lower()
    if len(n) == 1:
        return f"1/{n}"
    if len(n) == 2:
        return f"2/{n}"
    if len(n) == 3:
        return f"3/{n[0]}/{n}"
    return f"{n[:2]}/{n[2:4]}/{n}"


# ---------------------------------------------------------------- the index

def parse_time(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).date()


def version_key(v):
    """A sort key of a semver string: numbers, then release before pre."""
    core, _, pre = v.split("+")[0].partition("-")
    nums = []
    for p in core.split("."):
        nums.append(int(p) if p.isdigit() else 0)
    while len(nums) < 3:
        nums.append(0)
    return (nums, 0 if pre else 1, pre)


class Crate:
    """The releases of one crate, each (date, version, prerelease, deps)."""

    def __init__(self, name, lines):
        self.name = name
        rel, yanked = [], []
        for line in lines:
            line = line.strip()
            if not line:
                continue
            try:
                e = json.loads(line)
            except json.JSONDecodeError:
                continue
            if e.get("v", 1) > 2 or "pubtime" not in e:
                continue
            deps = set()
            for d in e.get("deps", []):
                if d.get("kind", "normal") in ("normal", "build"):
                    deps.add((d.get("package") or d["name"]).lower())
            vers = e["vers"]
            if e.get("yanked"):
                yanked.append(parse_time(e["pubtime"]))
            rel.append((parse_time(e["pubtime"]), vers, "-" in
                        vers.split("+")[0], frozenset(deps), e.get("cksum")))
            self.name = e["name"]
        rel.sort(key=lambda r: r[0])
        self.releases = rel
        # Publish dates of the versions the index marks yanked *today*: the
        # index has no yank date, so an as-of evaluation sees later yanks.
        self.yanked = sorted(yanked)
        self.dates = [r[0] for r in rel]

    def first(self):
        return self.dates[0] if self.dates else None

    def current(self, day):
        """The release current on `day`: the highest non-prerelease version
        published by then (any version if only prereleases), or None."""
        k = bisect.bisect_right(self.dates, day)
        if k == 0:
            return None
        seen = self.releases[:k]
        stable = [r for r in seen if not r[2]] or seen
        return max(stable, key=lambda r: version_key(r[1]))

    def yanked_by(self, day):
        """How many versions published by `day` are yanked today."""
        return bisect.bisect_right(self.yanked, day)

    def all_deps(self, until):
        """Dependencies of every release published by `until`."""
        out = set()
        for r in self.releases:
            if r[0] <= until:
                out |= r[3]
        return out


class Registry:
    """Index files and `.crate` Cargo.toml reads, cached on disk."""

    def __init__(self, url, cache, offline=False):
        self.url = url
        self.cache = cache
        self.offline = offline
        self.lock = threading.Lock()
        os.makedirs(os.path.join(cache, "index"), exist_ok=True)
        os.makedirs(os.path.join(cache, "repository"), exist_ok=True)
        self._dl = None

    def _get(self, url, limit):
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        for attempt in range(4):
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    return r.read(limit)
            except urllib.error.HTTPError as e:
                if e.code in (403, 404, 410, 451):
                    # 403: the registry (or a mirror in front of it) refuses
                    # the crate, as for crates removed for malware.
                    return None
                if attempt == 3:
                    raise
            except (urllib.error.URLError, TimeoutError, ConnectionError):
                if attempt == 3:
                    raise
        return None

    def index_file(self, name):
        """The lines of `name`'s index file, or None if the registry has no
        such crate. Cached; a missing crate is cached as missing."""
        path = os.path.join(self.cache, "index", index_path(name))
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                text = f.read()
            return None if text == "" else text.splitlines()
        if self.offline:
            raise RuntimeError(f"{name}: index file not cached (offline)")
        body = self._get(self.url + index_path(name), 64 << 20)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write("" if body is None else body.decode("utf-8", "replace"))
        os.replace(tmp, path)
        return None if body is None else body.decode("utf-8",
                                                     "replace").splitlines()

    def dl(self):
        if self._dl is None:
            path = os.path.join(self.cache, "index", "config.json")
            if not os.path.exists(path):
                body = self._get(self.url + "config.json", 1 << 20)
                with open(path, "wb") as f:
                    f.write(body)
            with open(path, encoding="utf-8") as f:
                self._dl = json.load(f)["dl"]
        return self._dl

    def repository(self, name, version, cksum):
        """The `repository` of name@version's Cargo.toml ("" if none, None if
        the file could not be read). Streams the `.crate` only until its
        Cargo.toml."""
        key = hashlib.sha256(f"{name}@{version}".encode()).hexdigest()[:24]
        path = os.path.join(self.cache, "repository", key + ".json")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)["repository"]
        if self.offline:
            return None
        dl = self.dl()
        if not any(m in dl for m in ("{crate}", "{version}", "{prefix}",
                                     "{lowerprefix}", "{sha256-checksum}")):
            url = f"{dl.rstrip('/')}/{name}/{version}/download"
        else:
            p = index_path(name)
            prefix = p.rsplit("/", 1)[0]
            url = (dl.replace("{crate}", name).replace("{version}", version)
                   .replace("{prefix}", prefix)
                   .replace("{lowerprefix}", prefix.lower())
                   .replace("{sha256-checksum}", cksum or ""))
        repo = None
        try:
            req = urllib.request.Request(url,
                                         headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(req, timeout=120) as r:
                with tarfile.open(fileobj=r, mode="r|gz") as tar:
                    for m in tar:
                        parts = m.name.split("/")
                        if len(parts) == 2 and parts[1] == "Cargo.toml":
                            data = tar.extractfile(m).read(4 << 20)
                            try:
                                man = tomllib.loads(data.decode("utf-8",
                                                                "replace"))
                                repo = str(man.get("package", {})
                                           .get("repository", "") or "")
                            except tomllib.TOMLDecodeError:
                                repo = ""
                            break
                    else:
                        repo = ""
        except (urllib.error.URLError, tarfile.TarError, OSError, EOFError,
                gzip.BadGzipFile, TimeoutError) as e:
            print(f"repository of {name} {version} unread: {e}",
                  file=sys.stderr)
            return None
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump({"crate": name, "version": version, "repository": repo},
                      f)
        os.replace(path + ".tmp", path)
        return repo


def owner_of(repo, name):
    """`host/owner` of a repository URL; the crate's own name otherwise."""
    if repo:
        m = re.match(r"(?:git\+)?(?:https?|git|ssh)://(?:[^@/]+@)?([^/:]+)"
                     r"[/:]+([^/#?]+)", repo.strip(), re.I)
        if m and m.group(2) and m.group(1).lower() not in ("localhost",):
            return f"{m.group(1).lower()}/{m.group(2).lower()}"
    return f"crate:{name.lower()}"


# ---------------------------------------------------------------- advisories

def advisories(db):
    """Every advisory: (id, crate, date, informational kind or "", withdrawn)."""
    out = []
    crates_dir = os.path.join(db, "crates")
    for name in sorted(os.listdir(crates_dir)):
        d = os.path.join(crates_dir, name)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if not f.endswith(".md"):
                continue
            with open(os.path.join(d, f), encoding="utf-8") as fh:
                text = fh.read()
            m = re.search(r"```toml\n(.*?)\n```", text, re.S)
            if not m:
                continue
            try:
                meta = tomllib.loads(m.group(1))
            except tomllib.TOMLDecodeError:
                continue
            adv = meta.get("advisory", {})
            out.append((adv["id"], adv["package"], str(adv["date"]),
                        str(adv.get("informational", "")).strip(),
                        "withdrawn" in adv))
    return out


def snapshot_date(db):
    """The date of the database snapshot: SNAPSHOT.md's date if it has one,
    else its newest advisory."""
    p = os.path.join(db, "SNAPSHOT.md")
    if os.path.exists(p):
        with open(p, encoding="utf-8") as f:
            m = re.search(r"\((\d{4}-\d{2}-\d{2})\)", f.read())
        if m:
            return dt.date.fromisoformat(m.group(1))
    return max(dt.date.fromisoformat(a[2]) for a in advisories(db))


# ---------------------------------------------------------------- population

class Population:
    def __init__(self, registry, db, jobs):
        self.reg = registry
        self.db = db
        self.jobs = jobs
        self.crates = {}      # lower name -> Crate
        self.entered = {}     # lower name -> "advisory" | "dependency of X"
        self.missing = set()  # names the registry does not have
        self.advs = advisories(db)
        self.snapshot = snapshot_date(db)
        self._dependents = {}

    def crawl(self):
        seeds = sorted({a[1].lower() for a in self.advs})
        frontier = []
        for s in seeds:
            self.entered[s] = "advisory"
            frontier.append(s)
        while frontier:
            with cf.ThreadPoolExecutor(self.jobs) as pool:
                files = list(pool.map(self.reg.index_file, frontier))
            nxt = []
            for name, lines in zip(frontier, files):
                if lines is None:
                    self.missing.add(name)
                    continue
                c = Crate(name, lines)
                if not c.releases:
                    self.missing.add(name)
                    continue
                self.crates[name] = c
                for dep in sorted(c.all_deps(self.snapshot)):
                    if dep not in self.entered:
                        self.entered[dep] = f"dependency of {c.name}"
                        nxt.append(dep)
            print(f"population: {len(self.crates)} crates read, "
                  f"{len(nxt)} new", file=sys.stderr)
            frontier = nxt

    def dependents(self, day):
        """For each crate: the set of crates whose current release on `day`
        depends on it (normal or build). Memoised per day."""
        if day in self._dependents:
            return self._dependents[day]
        out = {}
        for name, c in self.crates.items():
            r = c.current(day)
            if r is None:
                continue
            for dep in r[3]:
                if dep != name:
                    out.setdefault(dep, set()).add(name)
        self._dependents[day] = out
        return out

    def latest_by_snapshot(self, name):
        c = self.crates[name]
        r = c.current(self.snapshot) or c.releases[-1]
        return r

    def owners(self, names):
        """name -> owner for every crate of `names` (reads repositories)."""
        todo = [n for n in sorted(names) if n in self.crates]

        def one(n):
            r = self.latest_by_snapshot(n)
            return n, owner_of(self.reg.repository(self.crates[n].name, r[1],
                                                   r[4]), n)
        with cf.ThreadPoolExecutor(self.jobs) as pool:
            return dict(pool.map(one, todo))

    def flagged_until(self):
        """crate -> dates of its unmaintained/notice advisories."""
        out = {}
        for a in self.advs:
            if a[3] in INFORMATIONAL_OUT and not a[4]:
                out.setdefault(a[1].lower(), []).append(
                    dt.date.fromisoformat(a[2]))
        return out

    def eligible(self, day, owners, flagged):
        """The eligible positives on `day`: [(name, owners, dependents)]."""
        deps = self.dependents(day)
        horizon = day + dt.timedelta(days=FOLLOW_UP_DAYS)
        out = []
        for name, users in deps.items():
            c = self.crates.get(name)
            if c is None or c.current(day) is None:
                continue
            if any(d <= horizon for d in flagged.get(name, [])):
                continue
            mine = owners.get(name, f"crate:{name}")
            distinct = {owners.get(u, f"crate:{u}") for u in users} - {mine}
            if len(distinct) >= MIN_OWNERS:
                out.append((c.name, len(distinct), len(users)))
        out.sort()
        return out

    def indegree(self, name, day, owners):
        """(distinct other owners, dependents) of `name` on `day`."""
        users = self.dependents(day).get(name.lower(), set())
        mine = owners.get(name.lower(), f"crate:{name.lower()}")
        return (len({owners.get(u, f"crate:{u}") for u in users} - {mine}),
                len(users))

    def write(self, path):
        """The population: every crate with its first and latest release by
        the snapshot date and how it entered; then the names the registry
        does not serve."""
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"# the dependency closure of the crates of the advisory "
                    f"database, releases by {self.snapshot}\n")
            f.write("# crate\tfirst release\tlatest release by the "
                    "snapshot\tentered\n")
            for n in sorted(self.crates):
                c = self.crates[n]
                seen = [d for d in c.dates if d <= self.snapshot]
                if not seen:
                    continue
                f.write(f"{c.name}\t{seen[0]}\t{seen[-1]}\t"
                        f"{self.entered[n]}\n")
            for n in sorted(self.missing):
                f.write(f"{n}\t-\t-\tnot in the registry "
                        f"({self.entered[n]})\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--advisory-db", default=os.environ.get(
        "CRATESCOPE_ADVISORY_DB"), required=not os.environ.get(
        "CRATESCOPE_ADVISORY_DB"))
    ap.add_argument("--cache", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive-cache"))
    ap.add_argument("--out", default=os.path.join(
        os.environ.get("TMPDIR", "/tmp"), "cratescope-predictive"))
    ap.add_argument("--index-url")
    ap.add_argument("--jobs", type=int, default=8)
    ap.add_argument("--offline", action="store_true")
    args = ap.parse_args()
    reg = Registry(resolve_index_url(args.index_url),
                   os.path.join(args.cache, "population"), args.offline)
    pop = Population(reg, args.advisory_db, args.jobs)
    pop.crawl()
    os.makedirs(args.out, exist_ok=True)
    pop.write(os.path.join(args.out, "population.tsv"))
    print(f"{len(pop.crates)} crates, {len(pop.missing)} not in the registry",
          file=sys.stderr)


if __name__ == "__main__":
    main()
