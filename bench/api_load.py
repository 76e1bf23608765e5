"""The API under load: uvicorn in one process, the load generator in another, on loopback.

For each store, three endpoints are loaded one after the other for the same duration with the same
number of concurrent connections: a trivial route (the framework's own cost), ``/entities/{id}/related``
(cycling through sampled entity ids) and ``/entities?q=`` (cycling through name prefixes).
The generator is wrk (Debian package) when installed, else ``bench.load_client`` (httpx).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench import api_cost, cpu
from bench.api_paths import related_paths, search_paths
from bench.api_server import TRIVIAL_PATH
from bench.config import BenchConfig
from bench.graphs import GraphSpec
from bench.neo4j_server import Neo4jTarget
from bench.report import Figure, Section, ratio_figure
from kg import serving

TARGET_P99_MS = {"embedded": 20.0, "neo4j": 50.0}
TARGET_TRIVIAL_SHARE = 0.5  # related ≥ 0.5× the trivial endpoint's requests/s (embedded)
UNLOADED_S = 5.0  # seconds per endpoint with one connection

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format('{"requests":%%d,"duration_us":%%d,"p50_us":%%d,"p99_us":%%d,"max_us":%%d,'
    .. '"errors_status":%%d,"errors_other":%%d}\\n', summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), latency.max, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    cpu_s: dict[str, float] = field(default_factory=dict)  # CPU seconds during the load, by process
    api_processes: list[float] = field(default_factory=list)  # CPU seconds of each API process (workers)

    def api_shares(self) -> list[float]:
        """Each busy API process's share of the API's CPU (the idle supervisor of workers left out)."""
        total = sum(self.api_processes)
        return [t / total for t in self.api_processes if total and t > 0.01 * total]

    def cpu_per_request_us(self) -> dict[str, float]:
        return {k: v / max(self.requests, 1) * 1e6 for k, v in self.cpu_s.items()}

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @classmethod
    def from_json(cls, d: dict[str, float]) -> LoadResult:
        return cls(
            requests=int(d["requests"]),
            seconds=d["duration_us"] / 1e6,
            p50_ms=d["p50_us"] / 1e3,
            p99_ms=d["p99_us"] / 1e3,
            max_ms=d["max_us"] / 1e3,
            errors=int(d["errors_status"] + d["errors_other"]),
        )


def unloaded_seconds(cfg: BenchConfig) -> float:
    return max(1.0, min(cfg.api_seconds / 3, UNLOADED_S))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """uvicorn serving the API over one store, in a subprocess on a free loopback port."""

    def __init__(self, env: dict[str, str], workers: int = 1) -> None:
        # Listening sockets once every worker is up: one each where the kernel balances them.
        self.sockets = workers if workers > 1 and serving.balances_connections() else 1
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.api_server", str(self.port), str(workers)],
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait(self, timeout: float = 300.0) -> None:
        """Until the server answers, and with several workers until each listens: a worker still
        loading the graph gets no connection, and wrk's keep-alive connections stay where they land."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"API server exited: {self.output()}")
            try:
                answers = httpx.get(self.base + TRIVIAL_PATH, timeout=2).status_code == 200
            except httpx.HTTPError:
                answers = False
            if answers and cpu.listening_sockets(self.port) in (None, self.sockets):
                return
            time.sleep(0.3)
        raise RuntimeError(f"API server did not answer within {timeout:.0f} s: {self.output()}")

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-800:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def generate_load(
    base: str,
    paths: list[str],
    clients: int,
    seconds: float,
    workdir: Path,
    servers: dict[str, int] | None = None,
) -> LoadResult:
    """Load ``paths`` (cycled) with ``clients`` connections for ``seconds``, from another process.

    ``servers`` (name → pid): processes whose CPU time during the load is recorded with the result,
    beside the load generator's own ("load generator").
    """
    if shutil.which("wrk"):
        script = workdir / "paths.lua"
        script.write_text(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths), encoding="utf-8")
        # One wrk thread: the server needs the other core of a 2-core machine.
        cmd = ["wrk", "-t1", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
               "-s", str(script), base]  # fmt: skip
    else:
        listing = workdir / "paths.txt"
        listing.write_text("\n".join(paths), encoding="utf-8")
        cmd = [sys.executable, "-m", "bench.load_client", base, str(listing), str(clients), str(seconds)]
    pids = servers or {}
    before = {name: cpu.tree_cpu(pid) for name, pid in pids.items()}
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 120)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    by_process = {
        name: {p: t - before[name].get(p, 0.0) for p, t in cpu.tree_cpu(pid).items()}
        for name, pid in pids.items()
    }
    used = {name: sum(times.values()) for name, times in by_process.items()}
    used["load generator"] = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        raise RuntimeError(f"load generator failed: {proc.stderr.strip()[-500:] or proc.stdout[-500:]}")
    result = LoadResult.from_json(json.loads(lines[-1]))
    result.cpu_s = used
    result.api_processes = sorted(by_process.get("API", {}).values(), reverse=True)
    return result


def cpu_note(r: LoadResult, clients: int) -> str:
    """CPU per request of each process, and the latency floor that CPU sets on this machine."""
    per = r.cpu_per_request_us()
    if not per:
        return ""
    total = sum(per.values()) / 1e6
    n_cores = cpu.cores()
    rps, floor_ms = cpu.closed_loop_bound(total, clients, n_cores)
    parts = ", ".join(f"{name} {us:,.0f} µs" for name, us in per.items())
    shares = r.api_shares()
    if len(shares) > 1:
        parts += f" (the API's {len(shares)} processes: {' / '.join(f'{s:.0%}' for s in shares)})"
    return (
        f"; CPU per request: {parts}: {n_cores} cores serve at most {rps:,.0f} req/s, so each of "
        f"{clients} connections waits ≥ {floor_ms:.1f} ms on average"
    )


def _check(base: str, paths: list[str]) -> str:
    """Ask a few paths once: a benchmark of 404s would measure nothing."""
    statuses = [httpx.get(base + p, timeout=30).status_code for p in paths[:20]]
    bad = [s for s in statuses if s != 200]
    return (
        f"{len(bad)} of {len(statuses)} sample requests did not answer 200 ({sorted(set(bad))})"
        if bad
        else ""
    )


def _endpoints(spec: GraphSpec, seed: int) -> dict[str, list[str]]:
    return {
        "trivial": [TRIVIAL_PATH],
        "related": related_paths(spec, 1000, seed + 1),
        "search": search_paths(spec, 1000, seed + 2),
    }


def measure_store(
    kind: str, env: dict[str, str], cfg: BenchConfig, section: Section, others: dict[str, int] | None = None
) -> None:
    """Load the three endpoints of one store; ``others``: server processes besides uvicorn (Neo4j)."""
    endpoints = _endpoints(cfg.graph, cfg.seed)
    server = Server(env)
    pids = {"API": server.proc.pid, **(others or {})}
    results: dict[str, LoadResult] = {}
    alone: dict[str, LoadResult] = {}
    try:
        server.wait()
        with tempfile.TemporaryDirectory() as tmp:
            for name, paths in endpoints.items():
                problem = _check(server.base, paths)
                if problem:
                    section.notes.append(f"{kind} {name}: {problem}.")
                results[name] = generate_load(
                    server.base, paths, cfg.api_clients, cfg.api_seconds, Path(tmp), pids
                )
            # One connection: the time a request takes when it does not queue behind 31 others
            # (left out of the quick run, which must stay under a minute).
            for name, paths in endpoints.items() if not cfg.quick else ():
                alone[name] = generate_load(server.base, paths, 1, unloaded_seconds(cfg), Path(tmp))
    finally:
        server.stop()
    target = TARGET_P99_MS[kind]
    for name, r in results.items():
        judged = name != "trivial"
        section.figures.append(
            Figure(
                f"{kind} {name}: p50 / p99",
                f"{r.p50_ms:.1f} / {r.p99_ms:.1f} ms",
                target=f"p99 ≤ {target:.0f} ms" if judged else "",
                met=(r.p99_ms <= target) if judged else None,
                note=f"{r.rps:,.0f} req/s; {r.requests:,} requests, max {r.max_ms:.0f} ms"
                + (f", {r.errors:,} errors" if r.errors else "")
                + cpu_note(r, cfg.api_clients),
            )
        )
    if alone:
        section.figures.append(
            Figure(
                f"{kind}, 1 connection: p50 / p99",
                "; ".join(f"{n} {r.p50_ms:.1f} / {r.p99_ms:.1f} ms" for n, r in alone.items()),
                note=f"{unloaded_seconds(cfg):.0f} s each; no queueing: the cost of one request",
            )
        )
    share = results["related"].rps / results["trivial"].rps
    section.figures.append(
        ratio_figure(
            f"{kind} related / trivial throughput",
            share,
            TARGET_TRIVIAL_SHARE if kind == "embedded" else None,
            note=f"{results['related'].rps:,.0f} vs {results['trivial'].rps:,.0f} req/s"
            + _cost_note(results),
        )
    )


def _cost_note(results: dict[str, LoadResult]) -> str:
    """The API process's CPU per request of related against trivial: the throughput ratio follows it."""
    related = results["related"].cpu_per_request_us().get("API")
    trivial = results["trivial"].cpu_per_request_us().get("API")
    if not related or not trivial:
        return ""
    return (
        f"; the API process spent {related:,.0f} µs of CPU per related request against {trivial:,.0f} µs "
        f"per trivial one ({trivial / related:.2f}×): the throughputs follow these costs"
    )


def measure_workers(kind: str, env: dict[str, str], cfg: BenchConfig, section: Section) -> None:
    """The read endpoints again with ``cfg.api_workers`` server processes (``kg serve --workers``)."""
    workers = cfg.api_workers
    endpoints = {k: v for k, v in _endpoints(cfg.graph, cfg.seed).items() if k != "trivial"}
    server = Server(env, workers)
    results: dict[str, LoadResult] = {}
    try:
        server.wait()
        with tempfile.TemporaryDirectory() as tmp:
            for name, paths in endpoints.items():
                results[name] = generate_load(
                    server.base, paths, cfg.api_clients, cfg.api_seconds, Path(tmp), {"API": server.proc.pid}
                )
    finally:
        server.stop()
    target = TARGET_P99_MS[kind]
    for name, r in results.items():
        section.figures.append(
            Figure(
                f"{kind} {name}, {workers} workers: p50 / p99",
                f"{r.p50_ms:.1f} / {r.p99_ms:.1f} ms",
                target=f"p99 ≤ {target:.0f} ms",
                met=r.p99_ms <= target,
                note=f"{r.rps:,.0f} req/s; {r.requests:,} requests, max {r.max_ms:.0f} ms"
                + (f", {r.errors:,} errors" if r.errors else "")
                + cpu_note(r, cfg.api_clients),
            )
        )


def run(cfg: BenchConfig, embedded_dir: Path, neo4j: Neo4jTarget | str) -> Section:
    section = Section("api", "HTTP API under load")
    gen = "wrk (1 thread)" if shutil.which("wrk") else "bench.load_client (Python, httpx)"
    section.method = [
        f"uvicorn (1 process, access log off) serving `api.app.create_app` in a subprocess on 127.0.0.1; "
        f"load from {gen} in another process: {cfg.api_clients} concurrent connections, "
        f"{cfg.api_seconds:.0f} s per endpoint, one run each (long), endpoints one after the other.",
        f"Graph: the {cfg.graph.nodes:,}-node / {cfg.graph.relationships:,}-relationship benchmark graph. "
        "related: 1,000 sampled entity ids, default parameters (depth 1, limit 50); search: 1,000 name "
        "prefixes of 2-4 characters; trivial: an `async def` route returning a constant "
        "(added by bench/api_server.py).",
        "The server and the load generator share the machine's cores: on 2 cores both compete.",
    ]
    embedded_env = {"KG_STORE": "embedded", "KG_DATA_DIR": str(embedded_dir)}
    measure_store("embedded", embedded_env, cfg, section)
    cost = subprocess.run(
        api_cost.command(embedded_dir, cfg.graph, cfg.seed), capture_output=True, text=True, timeout=600
    )
    if cost.returncode != 0:
        raise RuntimeError(f"bench.api_cost failed: {cost.stderr.strip()[-500:]}")
    section.figures.append(api_cost.figure(json.loads(cost.stdout.strip().splitlines()[-1])))
    if cfg.api_workers > 1:
        section.method.append(
            f"Then related and search on the embedded store again with {cfg.api_workers} uvicorn worker "
            "processes (`kg serve --workers`), each holding its own copy of the graph."
        )
        measure_workers("embedded", embedded_env, cfg, section)
    if isinstance(neo4j, str):
        section.notes.append(f"Neo4j store not measured: {neo4j}")
    else:
        s = neo4j.settings
        others = {"Neo4j": neo4j.pid} if neo4j.pid else {}
        measure_store("neo4j", {"KG_STORE": "neo4j", "NEO4J_URI": s.neo4j_uri}, cfg, section, others)
    return section
