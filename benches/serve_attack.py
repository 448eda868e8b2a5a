#!/usr/bin/env python3
"""Attack bench of `cratescope serve` (issue 26): does a legitimate client
still get its pages while others hold connections open?

Runs the server on loopback under a descriptor limit (default 256), then at
once: slowloris clients (a request head sent one byte every 10 s), slow
bodies (a POST whose body comes one byte every 10 s), idle connections (a
socket that never sends), and requests with invented HTTP methods; attackers
reconnect whenever the server closes them. Meanwhile a legitimate client
opens a new connection per request (like a first visit) and GETs a crate
page with a 2 s timeout. Reported: the legitimate client's requests per
second and errors before and during the attack, its latency, how many
attacking sockets the server still held at the end and how long they had
been open, and the number of request series in /metrics.

    benches/serve_attack.py [--bin PATH] [--seconds 60] [--nofile 256] ...

Bounded: every socket is to 127.0.0.1, the attack lasts --seconds (plus a
warm-up), and the server is stopped at the end. The store is seeded offline
from the real index files in testdata/sparse-index (as serve_load.sh does).
Attackers connect from 127.0.0.2 up to 127.0.0.(1 + --attacker-addresses)
(Linux answers on all of 127/8), the legitimate client from 127.0.0.1, so
per-client limits are not what is measured unless --attacker-addresses 1.
Standard library only.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def seed(work, bin_path):
    """A cargo home with the real index files of itoa and semver in cargo's
    cache format, and a store where both are evaluated (offline)."""
    src = os.path.join(ROOT, "testdata", "sparse-index")
    reg = os.path.join(
        work, "cargo-home", "registry", "index", "index.crates.io-1949cf8c6b5b557f", ".cache"
    )
    for name, sub in [("itoa", "it/oa"), ("semver", "se/mv")]:
        os.makedirs(os.path.join(reg, sub), exist_ok=True)
        out = bytearray([3]) + struct.pack("<I", 2) + b"Unknown\0"
        for line in open(os.path.join(src, name)):
            line = line.strip()
            if line:
                out += json.loads(line)["vers"].encode() + b"\0" + line.encode() + b"\0"
        open(os.path.join(reg, sub, name), "wb").write(out)
    env = dict(os.environ)
    env.update(
        CARGO_HOME=os.path.join(work, "cargo-home"),
        CRATESCOPE_CACHE_DIR=os.path.join(work, "cache"),
        HOME=work,
        CRATESCOPE_DATABASE_URL="sqlite://" + os.path.join(work, "bench.db"),
        CRATESCOPE_ADVISORY_DB=os.path.join(ROOT, "testdata", "advisory-db"),
    )
    subprocess.run([bin_path, "track", "itoa", "semver"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([bin_path, "update", "--offline"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    return env


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Stats:
    def __init__(self):
        self.ok = 0
        self.errors = {}
        self.latencies = []

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def total_errors(self):
        return sum(self.errors.values())


async def get(port, path, timeout, source="127.0.0.1", method="GET"):
    """One request on a new connection: (status, seconds) or an exception."""
    started = time.monotonic()

    async def go():
        r, w = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        try:
            w.write(f"{method} {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n".encode())
            await w.drain()
            line = await r.readline()
            await r.read()  # the rest, until the server closes
            return int(line.split()[1]) if line else 0
        finally:
            w.close()

    status = await asyncio.wait_for(go(), timeout)
    return status, time.monotonic() - started


async def legitimate(port, path, stop, stats, workers, timeout):
    async def worker():
        while not stop.is_set():
            try:
                status, took = await get(port, path, timeout)
                if status == 200:
                    stats.ok += 1
                    stats.latencies.append(took)
                else:
                    stats.error(f"status {status}")
            except asyncio.TimeoutError:
                stats.error("timeout")
            except (ConnectionError, OSError) as e:
                stats.error(type(e).__name__)
                await asyncio.sleep(0.01)
            except (IndexError, ValueError):
                stats.error("bad answer")

    await asyncio.gather(*(worker() for _ in range(workers)))


class Attack:
    def __init__(self):
        self.open = {}  # kind -> set of open-since times
        self.connects = {}
        self.refused = {}

    def opened(self, kind, key):
        self.open.setdefault(kind, {})[key] = time.monotonic()
        self.connects[kind] = self.connects.get(kind, 0) + 1

    def closed(self, kind, key):
        self.open.get(kind, {}).pop(key, None)


async def trickle(port, kind, head, drip, period, stop, attack, source, ident):
    """Send `head`, then `drip` one byte every `period` seconds; reconnect
    when the server closes the connection."""
    while not stop.is_set():
        key = (ident, random.random())
        try:
            r, w = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0)), 5
            )
        except (OSError, asyncio.TimeoutError):
            attack.refused[kind] = attack.refused.get(kind, 0) + 1
            await asyncio.sleep(1)
            continue
        attack.opened(kind, key)
        try:
            if head:
                w.write(head)
                await w.drain()
            i = 0
            while not stop.is_set():
                # The server closing the socket shows as EOF on a read.
                try:
                    data = await asyncio.wait_for(r.read(4096), period)
                    if not data:
                        break
                    continue  # an answer (503, 408): keep reading to EOF
                except asyncio.TimeoutError:
                    pass
                if drip:
                    w.write(drip[i % len(drip):i % len(drip) + 1])
                    await w.drain()
                    i += 1
        except (ConnectionError, OSError):
            pass
        finally:
            attack.closed(kind, key)
            w.close()
        await asyncio.sleep(0.2)


async def invented_methods(port, n, stop, source, counts):
    for i in range(n):
        if stop.is_set():
            return
        try:
            status, _ = await get(port, "/crates/itoa", 2, source=source, method=f"XMETHOD{i}")
            counts[status] = counts.get(status, 0) + 1
        except (OSError, asyncio.TimeoutError, IndexError, ValueError):
            counts["error"] = counts.get("error", 0) + 1


def summary(label, stats, seconds):
    lat = sorted(stats.latencies)
    p50 = statistics.median(lat) * 1000 if lat else float("nan")
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
    return (f"{label:<22} {stats.ok / seconds:>8.1f} rps  ok {stats.ok:>6}  errors "
            f"{stats.total_errors():>5} {stats.errors or ''}  p50 {p50:.1f} ms  p99 {p99:.1f} ms")


async def run(args, port):
    path = "/crates/itoa"
    timeout = args.timeout
    # Before the attack.
    stop = asyncio.Event()
    base = Stats()
    task = asyncio.ensure_future(legitimate(port, path, stop, base, args.workers, timeout))
    await asyncio.sleep(args.baseline)
    stop.set()
    await task
    print(summary("before the attack", base, args.baseline), flush=True)

    stop = asyncio.Event()
    attack = Attack()
    tasks = []
    n_addr = max(1, args.attacker_addresses)
    src = lambda i: f"127.0.0.{2 + i % n_addr}"
    head = b"GET /crates/itoa HTTP/1.1\r\nHost: bench\r\n"
    for i in range(args.slowloris):
        tasks.append(trickle(port, "slowloris", head, b"X-a: b\r\n", 10, stop, attack, src(i), i))
    body_head = (b"POST /api/v1/audit HTTP/1.1\r\nHost: bench\r\nContent-Type: text/plain\r\n"
                 b"Content-Length: 100000\r\n\r\n")
    for i in range(args.slow_bodies):
        tasks.append(trickle(port, "slow-body", body_head, b"#", 10, stop, attack, src(i), i))
    for i in range(args.idle):
        tasks.append(trickle(port, "idle", b"", b"", 10, stop, attack, src(i), i))
    method_counts = {}
    tasks.append(invented_methods(port, args.methods, stop, src(0), method_counts))
    attack_task = asyncio.ensure_future(asyncio.gather(*tasks))
    await asyncio.sleep(args.warmup)
    during = Stats()
    legit_stop = asyncio.Event()
    legit = asyncio.ensure_future(legitimate(port, path, legit_stop, during, args.workers, timeout))
    await asyncio.sleep(args.seconds)
    legit_stop.set()
    await legit
    now = time.monotonic()
    held = {k: sorted(now - t for t in v.values()) for k, v in attack.open.items()}
    stop.set()
    print(summary("during the attack", during, args.seconds), flush=True)
    attack_task.cancel()
    try:
        await attack_task
    except asyncio.CancelledError:
        pass
    elapsed = args.warmup + args.seconds
    for kind in ("slowloris", "slow-body", "idle"):
        h = held.get(kind, [])
        oldest = f", the oldest for {h[-1]:.0f} s" if h else ""
        print(f"  {kind:<10} connections made {attack.connects.get(kind, 0):>5}, "
              f"open at the end {len(h):>4}{oldest} (attack ran {elapsed:.0f} s); "
              f"connect failures {attack.refused.get(kind, 0)}")
    print(f"  invented methods sent {sum(method_counts.values())}: answers {method_counts}")
    try:
        r, w = await asyncio.open_connection("127.0.0.1", port)
        w.write(b"GET /metrics HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
        await w.drain()
        text = (await asyncio.wait_for(r.read(), 10)).decode(errors="replace")
        w.close()
        series = [l for l in text.splitlines() if l.startswith("cratescope_http_requests_total{")]
        print(f"  /metrics request series after the attack: {len(series)}")
        dropped = [l for l in text.splitlines() if l.startswith("cratescope_connections_dropped_total{")]
        for l in dropped:
            print(f"    {l}")
    except (OSError, asyncio.TimeoutError) as e:
        print(f"  /metrics could not be read after the attack: {e}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "cratescope"))
    p.add_argument("--seconds", type=float, default=60, help="measured attack window")
    p.add_argument("--warmup", type=float, default=15, help="attack time before measuring")
    p.add_argument("--baseline", type=float, default=10, help="measured time before the attack")
    p.add_argument("--nofile", type=int, default=256, help="the server's descriptor limit")
    p.add_argument("--slowloris", type=int, default=300)
    p.add_argument("--slow-bodies", type=int, default=50)
    p.add_argument("--idle", type=int, default=50)
    p.add_argument("--methods", type=int, default=2000)
    p.add_argument("--attacker-addresses", type=int, default=100)
    p.add_argument("--workers", type=int, default=4, help="legitimate client's concurrency")
    p.add_argument("--timeout", type=float, default=2.0, help="legitimate request timeout (s)")
    p.add_argument("--server-arg", action="append", default=[], help="extra `serve` argument")
    args = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = args.slowloris + args.slow_bodies + args.idle + 256
    if soft < need:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard), hard))

    work = tempfile.mkdtemp(prefix="cratescope-attack-")
    server = None
    try:
        env = seed(work, args.bin)
        port = free_port()
        log = open(os.path.join(work, "serve.log"), "w")
        nofile = args.nofile

        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))

        server = subprocess.Popen(
            [args.bin, "serve", "--offline", "--addr", f"127.0.0.1:{port}", "--page-ttl", "1h",
             *args.server_arg],
            env=env, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=limit,
        )
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), 0.5) as s:
                    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n")
                    if b" 200 " in s.recv(100):
                        break
            except OSError:
                pass
            time.sleep(0.1)
        version = subprocess.run([args.bin, "--version"], capture_output=True, text=True).stdout.strip()
        print(f"binary: {args.bin} ({version})")
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}; server descriptor "
              f"limit {nofile}; attack: {args.slowloris} slowloris, {args.slow_bodies} slow bodies, "
              f"{args.idle} idle, {args.methods} invented methods from {args.attacker_addresses} "
              f"address(es); legitimate: {args.workers} workers, new connection per request, "
              f"{args.timeout:.0f} s timeout")
        asyncio.run(run(args, port))
        alive = server.poll() is None
        print(f"server still running: {alive}")
    finally:
        if server is not None and server.poll() is None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
