#!/usr/bin/env python3
"""The deep tier as claimed jobs: crates per hour per worker.

Builds a local stand-in registry (a sparse index and `.crate` files served
over HTTP on 127.0.0.1, the web APIs answering 404 at once), starts a
throwaway PostgreSQL cluster, tracks every crate, and runs W `cratescope
update --jobs 1` processes (each with its own worker host name, as on W
machines) against the one database until the run is done. Each setting
gets a fresh database and a fresh cache, so every `.crate` is downloaded
and analysed.

    benches/deep_tier.py [--crates 120] [--workers 1,2] [--bin target/release/cratescope]

Prints crates/hour/worker per setting, and per crate: download, analysis
and store time are not separated by the binary, so the script also times
the same crates evaluated with `eval --offline` from a warm cache (no
download, no store) to split the total.
"""

import argparse
import gzip
import hashlib
import http.server
import io
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def index_path(name):
    n = name.lower()
    if len(n) == 1:
        return f"1/{n}"
    if len(n) == 2:
        return f"2/{n}"
    if len(n) == 3:
        return f"3/{n[0]}/{n}"
    return f"{n[:2]}/{n[2:4]}/{n}"


def rust_module(rng, m, fns):
    """A module of documented functions, a struct, an impl, some unsafe."""
    out = [f"//! Module {m}: helpers for the synthetic benchmark crate.\n"]
    out.append(f"/// A record of module {m}.\n#[derive(Debug, Clone, Default)]\npub struct Record{m} {{\n")
    for f in range(6):
        out.append(f"    /// Field {f}.\n    pub field_{f}: u64,\n")
    out.append("}\n\n")
    out.append(f"impl Record{m} {{\n")
    for f in range(fns):
        out.append(
            f"    /// Computes value {f} from the record.\n"
            f"    ///\n    /// ```\n    /// let r = synth::m{m}::Record{m}::default();\n"
            f"    /// assert_eq!(r.value_{f}(), 0);\n    /// ```\n"
            f"    pub fn value_{f}(&self) -> u64 {{\n"
            f"        let mut acc = self.field_{f % 6};\n"
            f"        for i in 0..{rng.randint(2, 9)} {{\n"
            f"            acc = acc.wrapping_mul(31).wrapping_add(i);\n"
            f"            if acc % 7 == {f % 7} {{ acc ^= self.field_{(f + 1) % 6}; }}\n"
            f"        }}\n        acc\n    }}\n\n"
        )
    out.append("}\n\n")
    if rng.random() < 0.3:
        out.append(
            "/// Reads the first byte without a bounds check.\n///\n/// # Safety\n/// `s` must not be empty.\n"
            "pub unsafe fn first(s: &[u8]) -> u8 {\n    unsafe { *s.get_unchecked(0) }\n}\n"
        )
    return "".join(out)


def build_crate(rng, name, version, modules, fns):
    files = {
        "Cargo.toml": (
            f'[package]\nname = "{name}"\nversion = "{version}"\nedition = "2021"\n'
            f'rust-version = "1.70"\ndescription = "A synthetic crate for the deep-tier benchmark"\n'
            f'license = "MIT OR Apache-2.0"\nkeywords = ["bench"]\ncategories = ["parsing"]\n\n'
            f'[dependencies]\n'
        ),
        "README.md": f"# {name}\n\nA synthetic crate.\n\n```rust\nlet x = 1;\n```\n",
        "CHANGELOG.md": "# Changelog\n\n## 1.0.0\n- First.\n",
    }
    lib = ["//! The synthetic crate's root.\n\n#![warn(missing_docs)]\n\n"]
    for m in range(modules):
        lib.append(f"pub mod m{m};\n")
        files[f"src/m{m}.rs"] = rust_module(rng, m, fns)
    files["src/lib.rs"] = "".join(lib)
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        for path, text in sorted(files.items()):
            data = text.encode()
            info = tarfile.TarInfo(f"{name}-{version}/{path}")
            info.size = len(data)
            info.mtime = 1_700_000_000
            tar.addfile(info, io.BytesIO(data))
    return buf.getvalue(), sum(len(t) for t in files.values())


def registry(root, n, port, rng):
    """Index files, .crate files and config.json under root; crate names."""
    names = []
    total = 0
    for i in range(n):
        name = f"synth-{i:05d}"
        names.append(name)
        lines = []
        for k, v in enumerate(["0.9.0", "1.0.0", "1.1.0"]):
            data, size = build_crate(rng, name, v, modules=rng.randint(4, 16), fns=rng.randint(8, 24))
            total += size if k == 2 else 0
            d = root / "dl" / name / v
            d.mkdir(parents=True, exist_ok=True)
            (d / "download").write_bytes(data)
            lines.append(json.dumps({
                "name": name, "vers": v, "deps": [], "cksum": hashlib.sha256(data).hexdigest(),
                "features": {}, "yanked": False, "rust_version": "1.70",
                "pubtime": f"202{3 + k}-0{1 + k}-01T00:00:00Z",
            }, separators=(",", ":")))
        p = root / index_path(name)
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("\n".join(lines) + "\n")
    (root / "config.json").write_text(json.dumps({
        "dl": f"http://127.0.0.1:{port}/dl/{{crate}}/{{version}}/download",
        "api": f"http://127.0.0.1:{port}",
    }))
    return names, total / n


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


def serve(root, port):
    handler = lambda *a, **k: Quiet(*a, directory=str(root), **k)  # noqa: E731
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def pg_bin():
    base = Path("/usr/lib/postgresql")
    for d in sorted(base.iterdir(), reverse=True):
        if (d / "bin" / "initdb").exists():
            return d / "bin"
    sys.exit("no PostgreSQL under /usr/lib/postgresql")


def as_pg(cmd):
    return (["runuser", "-u", "postgres", "--"] + cmd) if os.geteuid() == 0 else cmd


def start_pg(work):
    bindir = pg_bin()
    data = work / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(work, "postgres")
        shutil.chown(data, "postgres")
    subprocess.run(as_pg([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
                          "--no-sync", "-E", "UTF8"]), check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen(as_pg([str(bindir / "postgres"), "-D", str(data), "-p", str(port),
                                   "-k", str(work), "-c", "listen_addresses=127.0.0.1",
                                   "-c", "fsync=on"]),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if subprocess.run(as_pg([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)]),
                          capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    return proc, port, bindir


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--crates", type=int, default=120)
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "cratescope"))
    args = ap.parse_args()
    rng = random.Random(7)
    work = Path(tempfile.mkdtemp(prefix="cratescope-deep-"))
    os.chmod(work, 0o755)
    reg = work / "registry"
    reg.mkdir()
    port = free_port()
    names, avg_src = registry(reg, args.crates, port, rng)
    srv = serve(reg, port)
    adv = work / "advisory-db"
    (adv / "crates").mkdir(parents=True)
    pg, pg_port, bindir = start_pg(work)
    base = f"http://127.0.0.1:{port}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work),
        "CRATESCOPE_NOW": "2026-11-25",
        "CRATESCOPE_INDEX_URL": base + "/",
        "CRATESCOPE_CRATES_IO_API": base + "/api/v1",
        "CRATESCOPE_GITHUB_API": base + "/github",
        "CRATESCOPE_DOCS_RS": base + "/docsrs",
        "CRATESCOPE_ADVISORY_DB": str(adv),
        "CARGO_HOME": str(work / "no-cargo-home"),
    }
    print(f"{args.crates} crates, {avg_src / 1024:.0f} KiB of source each on average; "
          f"registry on :{port}, PostgreSQL on :{pg_port}")
    rows = []
    try:
        for w in [int(x) for x in args.workers.split(",")]:
            db = f"bench_w{w}"
            subprocess.run(as_pg([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(pg_port),
                                  "-U", "postgres", db]), check=True)
            url = f"postgres://postgres@127.0.0.1:{pg_port}/{db}"
            e = dict(env, CRATESCOPE_DATABASE_URL=url)
            subprocess.run([args.bin, "track", *names], env=e, check=True, capture_output=True)
            t0 = time.time()
            cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            procs = []
            for k in range(w):
                cache = work / f"cache-w{w}-{k}"
                pe = dict(e, CRATESCOPE_CACHE_DIR=str(cache), CRATESCOPE_WORKER_HOST=f"machine{k}")
                procs.append(subprocess.Popen([args.bin, "update", "--jobs", "1"], env=pe,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
            errs = [p.communicate()[1].decode(errors="replace") for p in procs]
            wall = time.time() - t0
            cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)
            codes = [p.returncode for p in procs]
            if any(c != 0 for c in codes):
                print(f"workers={w}: exit codes {codes}\n{errs[0][-2000:]}")
            per_hour = args.crates / wall * 3600
            rows.append((w, wall, per_hour, per_hour / w, cpu / args.crates))
            print(f"workers={w}: {args.crates} crates in {wall:.1f} s: {per_hour:.0f} crates/h, "
                  f"{per_hour / w:.0f} crates/h/worker, {cpu / args.crates * 1000:.0f} CPU-ms/crate")
        # Analysis alone: the same crates from a warm cache, no store.
        warm = work / "cache-w1-0"
        e = dict(env, CRATESCOPE_CACHE_DIR=str(warm))
        sample = names[: min(40, len(names))]
        t0 = time.time()
        subprocess.run([args.bin, "eval", "--offline", "--format", "json", *sample], env=e,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        per = (time.time() - t0) / len(sample)
        print(f"eval --offline from a warm cache (analysis, no download, no store): {per * 1000:.0f} ms/crate")
        print(f"load average during the run: {os.getloadavg()}")
        print("\n| workers | wall s | crates/h | crates/h/worker | CPU ms/crate |\n|---:|---:|---:|---:|---:|")
        for w, wall, ph, phw, cpc in rows:
            print(f"| {w} | {wall:.1f} | {ph:.0f} | {phw:.0f} | {cpc * 1000:.0f} |")
    finally:
        srv.shutdown()
        pg.terminate()
        pg.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
