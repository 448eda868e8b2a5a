#!/usr/bin/env python3
"""End-to-end hostile input table (issues 17 and 26): every case is a crate, an index
file or a server built here, evaluated by the real release binary; for each:
exit code, wall time, peak memory (/usr/bin/time -v) and what the card said.

Cases:
- every hostile .crate of crates/cratescope-analyze/examples/hostile (built by
  that example), served from a fake cargo home, evaluated --offline;
- crate metadata that names local files, private hosts and ports as its
  repository;
- index files of only unreadable lines, other crates' lines, repeated versions;
- servers: an endless index body, an endless tarball, 16 hanging dependency
  index files, a redirect to a dead host, a 429 storm with Retry-After: 59.

usage: benches/hostile_e2e.py [--filter SUBSTR]
Builds `cratescope` and the `hostile` example in release mode first.
"""
import hashlib, http.server, json, os, re, shutil, socket, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "testdata")
REG_DIR = "index.crates.io-1949cf8c6b5b557f"
PUBTIME = "2025-01-01T00:00:00Z"

def sh(*args, **kw):
    return subprocess.run(args, check=True, cwd=ROOT, **kw)

def target_dir():
    out = subprocess.run(["cargo", "metadata", "-q", "--format-version", "1", "--no-deps"],
                         cwd=ROOT, capture_output=True, check=True, text=True).stdout
    return json.loads(out)["target_directory"]

def index_path(name):
    n = name.lower()
    if len(n) == 1: return f"1/{n}"
    if len(n) == 2: return f"2/{n}"
    if len(n) == 3: return f"3/{n[0]}/{n}"
    return f"{n[0:2]}/{n[2:4]}/{n}"

def line(name, vers, cksum, deps="", extra=""):
    return (f'{{"name":"{name}","vers":"{vers}","deps":[{deps}],"cksum":"{cksum}",'
            f'"features":{{}},"yanked":false{extra},"pubtime":"{PUBTIME}"}}')

def dep(name, req="^1"):
    return (f'{{"name":"{name}","req":"{req}","features":[],"optional":false,'
            f'"default_features":true,"target":null,"kind":"normal"}}')

class Home:
    """A fake cargo home: cargo's .cache index files and registry/cache tarballs."""
    def __init__(self, base):
        self.root = tempfile.mkdtemp(dir=base)
        self.cargo = os.path.join(self.root, "cargo-home")
        os.makedirs(os.path.join(self.cargo, "registry/index", REG_DIR, ".cache"))
        os.makedirs(os.path.join(self.cargo, "registry/cache", REG_DIR))
    def add_index(self, name, lines):
        out = bytearray([3]) + (2).to_bytes(4, "little") + b"Unknown\0"
        for l in lines:
            m = re.search(r'"vers":"([^"]*)"', l)
            out += (m.group(1) if m else "0").encode() + b"\0" + l.encode() + b"\0"
        p = os.path.join(self.cargo, "registry/index", REG_DIR, ".cache", index_path(name))
        os.makedirs(os.path.dirname(p), exist_ok=True)
        open(p, "wb").write(out)
    def add_crate(self, name, vers, data):
        open(os.path.join(self.cargo, "registry/cache", REG_DIR, f"{name}-{vers}.crate"), "wb").write(data)
        return hashlib.sha256(data).hexdigest()

def build_crate(files, top):
    import io, tarfile, gzip
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        for path, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            info = tarfile.TarInfo(f"{top}/{path}"); info.size = len(data); info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(buf.getvalue(), mtime=0)

def run(cratescope, home, args, env_extra=None, timeout=300):
    env = {"PATH": os.environ["PATH"], "HOME": home.root, "CARGO_HOME": home.cargo,
           "CRATESCOPE_CACHE_DIR": os.path.join(home.root, "cache"),
           "CRATESCOPE_ADVISORY_DB": os.path.join(FIXTURES, "advisory-db"),
           "CRATESCOPE_NOW": "2026-11-25", "GITHUB_TOKEN": "s3cret-token"}
    env.update(env_extra or {})
    tfile = os.path.join(home.root, "time.txt")
    start = time.time()
    try:
        p = subprocess.run(["/usr/bin/time", "-v", "-o", tfile, cratescope] + args, env=env,
                           capture_output=True, timeout=timeout)
        code, out, err = p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return {"code": "TIMEOUT", "wall": timeout, "rss": 0, "said": "killed after the script's timeout"}
    wall = time.time() - start
    rss = 0
    for l in open(tfile):
        if "Maximum resident set size" in l: rss = int(l.split(":")[1]) // 1024
    said = summarise(out, err)
    if "s3cret-token" in out + err or "root:x:0:0" in out + err:
        said = "LEAKED A SECRET: " + said
    return {"code": code, "wall": wall, "rss": rss, "said": said}

def summarise(out, err):
    try:
        v = json.loads(out)
    except Exception:
        first = err.strip().splitlines()
        return (first[0] if first else out.strip()[:160])[:200]
    if isinstance(v, list): v = v[0]
    bits = [f"{v.get('tier')} {v.get('composite')}"]
    for s in v.get("sources", []):
        if s["id"] in ("tarball", "git", "index") and s.get("status") != "ok":
            bits.append(f"{s['id']} {s['status']}: {s.get('reason','')[:110]}")
    notes = [w for w in v.get("warnings", []) if "not analysed" in w or "limit" in w or "skipped" in w]
    if notes: bits.append(notes[0][:120])
    return "; ".join(bits)

class Server:
    """A local HTTP server whose handler is a function of the path."""
    def __init__(self, route):
        outer = self
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *a): pass
            def do_GET(self):
                try: route(self)
                except (BrokenPipeError, ConnectionResetError): pass
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
    def stop(self): self.httpd.shutdown()

def reply(h, status, body=b"", headers=()):
    h.send_response(status)
    for k, v in headers: h.send_header(k, v)
    h.send_header("content-length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)

def endless(h):
    h.send_response(200); h.send_header("connection", "close"); h.end_headers()
    chunk = b"x" * 65536
    while True: h.wfile.write(chunk)

def dead_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def main():
    filt = sys.argv[sys.argv.index("--filter") + 1] if "--filter" in sys.argv else ""
    sh("cargo", "build", "-q", "--release", "-p", "cratescope-cli")
    sh("cargo", "build", "-q", "--release", "-p", "cratescope-analyze", "--example", "hostile")
    tdir = target_dir()
    cratescope = os.path.join(tdir, "release", "cratescope")
    hostile = os.path.join(tdir, "release", "examples", "hostile")
    base = tempfile.mkdtemp(prefix="cratescope-hostile-e2e-")
    rows = []
    def case(name, what, fn):
        if filt and filt not in name: return
        r = fn(); r.update(name=name, what=what); rows.append(r)
        print(f"{name}: exit {r['code']}, {r['wall']:.2f} s, {r['rss']} MiB", file=sys.stderr)

    # 1. Hostile .crate files, end to end.
    cases = subprocess.run([hostile, "list"], capture_output=True, text=True, check=True).stdout
    for l in cases.strip().splitlines():
        cname, what = l.split("\t", 1)
        def one(cname=cname):
            home = Home(base)
            path = os.path.join(home.root, "h.crate")
            subprocess.run([hostile, "build", cname, path], check=True)
            data = open(path, "rb").read(); os.remove(path)
            sum_ = home.add_crate("h", "0.1.0", data)
            home.add_index("h", [line("h", "0.1.0", sum_)])
            return run(cratescope, home, ["eval", "--offline", "--format", "json", "h"])
        case(f"crate/{cname}", what, one)

    # 1b. Defence in depth (issue 26): an analysis that crashes its worker
    # process (forced with the worker's test switch) ends only itself: the
    # run goes on and the card says "not analysed: stopped at its limit".
    def crash():
        home = Home(base)
        marker = "crash-marker-e2e"
        files = {"Cargo.toml": '[package]\nname = "w"\nversion = "1.0.0"\nedition = "2021"\n',
                 "src/lib.rs": f"//! Docs.\npub fn f() {{}}\n// {marker}\n"}
        data = build_crate(files, "w-1.0.0")
        home.add_index("w", [line("w", "1.0.0", home.add_crate("w", "1.0.0", data))])
        calm = build_crate({"Cargo.toml": '[package]\nname = "c"\nversion = "1.0.0"\nedition = "2021"\n',
                            "src/lib.rs": "//! Docs.\npub fn f() {}\n"}, "c-1.0.0")
        home.add_index("c", [line("c", "1.0.0", home.add_crate("c", "1.0.0", calm))])
        return run(cratescope, home, ["eval", "--offline", "--format", "json", "w", "c"],
                   {"CRATESCOPE_TEST_WORKER_CRASH_ON": marker})
    case("crate/worker-crash", "the analysis worker aborts on this crate (test switch); a second crate follows", crash)

    # 2. Metadata naming local files and private hosts as the repository.
    for cname, repo in [("environ", "/proc/self/environ"), ("passwd", "/etc/passwd"), ("dot", "."),
                        ("file-url", "file:///"), ("private-host", f"http://127.0.0.1:{dead_port()}/admin/repo.git"),
                        ("credentials", "https://user:pw@github.com/o/r"), ("ssh", "ssh://git@internal/x/y")]:
        def meta(repo=repo):
            home = Home(base)
            manifest = f'[package]\nname = "m"\nversion = "1.0.0"\nedition = "2021"\nrepository = "{repo}"\n'
            data = build_crate({"Cargo.toml": manifest, "src/lib.rs": "pub fn f() {}\n"}, "m-1.0.0")
            home.add_index("m", [line("m", "1.0.0", home.add_crate("m", "1.0.0", data))])
            return run(cratescope, home, ["eval", "--offline", "--format", "json", "m"])
        case(f"metadata/{cname}", f"repository = {repo}", meta)

    # 3. Index files.
    def idx(lines, name="i"):
        def f():
            home = Home(base); home.add_index(name, lines)
            return run(cratescope, home, ["eval", "--offline", "--format", "json", name])
        return f
    z = "0" * 64
    case("index/only-v3", "every line has v=3", idx([line("i", "1.0.0", z, extra=',"v":3')] * 3))
    case("index/garbage", "lines that are not JSON", idx(["{not json", "\x00\x01", "[]"]))
    case("index/other-name", "lines naming another crate", idx([line("evil", "9.9.9", z), line("i", "1.0.0", z)]))
    case("index/duplicates", "the same version five times", idx([line("i", "1.0.0", z)] * 5))
    case("index/5000-deps", "one release with 5,000 missing dependencies",
         idx([line("i", "1.0.0", z, deps=",".join(dep(f"missing-{k}") for k in range(5000)))]))

    # 4. Servers.
    def online(route, name="s", lines=None, extra_env=None, limit=None):
        def f():
            srv = Server(route)
            home = Home(base)
            env = {"CRATESCOPE_INDEX_URL": srv.url + "/index/", "CRATESCOPE_CRATES_IO_API": "http://127.0.0.1:9",
                   "CRATESCOPE_GITHUB_API": "http://127.0.0.1:9", "CRATESCOPE_DOCS_RS": "http://127.0.0.1:9"}
            env.update(extra_env or {})
            args = ["eval", "--format", "json", name]
            if limit:
                cfg = os.path.join(home.root, "limits.toml"); open(cfg, "w").write(f"evaluation_timeout_secs = {limit}\n")
                args = ["--config", cfg] + args
            try: return run(cratescope, home, args, env)
            finally: srv.stop()
        return f
    crate_s = build_crate({"Cargo.toml": '[package]\nname = "s"\nversion = "1.0.0"\nedition = "2021"\n',
                           "src/lib.rs": "pub fn f() {}\n"}, "s-1.0.0")
    sum_s = hashlib.sha256(crate_s).hexdigest()
    def registry(extra):
        def route(h):
            if h.path == "/index/config.json":
                return reply(h, 200, json.dumps({"dl": f"http://{h.headers['host']}/dl", "api": ""}).encode())
            if extra(h) is not None: return
            if h.path == "/index/1/s": return reply(h, 200, line("s", "1.0.0", sum_s, deps=",".join(dep(f"slow{k}") for k in range(16))).encode())
            if h.path.startswith("/dl/"): return reply(h, 200, crate_s)
            return reply(h, 404)
        return route
    case("server/endless-index", "an index file that never ends",
         online(registry(lambda h: endless(h) if h.path == "/index/1/s" else None)))
    case("server/endless-tarball", "a tarball that never ends",
         online(registry(lambda h: endless(h) if h.path.startswith("/dl/") else None)))
    case("server/hanging-deps", "16 dependency index files that hang (limit 10 s)",
         online(registry(lambda h: time.sleep(600) if "/slow" in h.path else None), limit=10))
    dead = dead_port()
    case("server/redirect-dead", "dependency index files redirect to a dead host",
         online(registry(lambda h: reply(h, 302, headers=[("location", f"http://127.0.0.1:{dead}/x")]) if "/slow" in h.path else None)))
    case("server/429-storm", "every dependency answers 429 Retry-After: 59",
         online(registry(lambda h: reply(h, 429, headers=[("retry-after", "59")]) if "/slow" in h.path else None), limit=120))

    print("| case | what | exit | wall s | peak RSS MiB | what the card said |")
    print("|---|---|---:|---:|---:|---|")
    for r in rows:
        said = r["said"].replace("|", "\\|")
        print(f"| {r['name']} | {r['what']} | {r['code']} | {r['wall']:.2f} | {r['rss']} | {said} |")
    shutil.rmtree(base, ignore_errors=True)
    leaked = [r for r in rows if "LEAKED" in r["said"] or r["code"] in ("TIMEOUT", 134, 137, -9, -6)]
    sys.exit(1 if leaked else 0)

if __name__ == "__main__":
    main()
