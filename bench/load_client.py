"""A bounded HTTP load generator for when wrk is not installed: ``python -m bench.load_client``.

``CLIENTS`` coroutines, each with one request in flight, cycle through the paths for ``SECONDS``
and record each request's latency; prints one JSON line in the shape of the wrk script's summary.
Being Python, it is itself CPU-bound at a few thousand requests per second: figures measured with
it are a lower bound on what the server can do.

    python -m bench.load_client http://127.0.0.1:8000 PATHS_FILE CLIENTS SECONDS
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

import httpx


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


async def _load(base: str, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = {"status": 0, "other": 0}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30.0) as client:
        start = time.perf_counter()
        deadline = start + seconds

        async def worker(offset: int) -> None:
            i = offset
            while time.perf_counter() < deadline:
                path = paths[i % len(paths)]
                i += clients
                t = time.perf_counter()
                try:
                    response = await client.get(path)
                    if response.status_code >= 400:
                        errors["status"] += 1
                except httpx.HTTPError:
                    errors["other"] += 1
                latencies.append(time.perf_counter() - t)

        await asyncio.gather(*(worker(k) for k in range(clients)))
        duration = time.perf_counter() - start
    us = [x * 1e6 for x in latencies]
    return {
        "requests": len(latencies),
        "duration_us": duration * 1e6,
        "p50_us": _percentile(us, 50),
        "p99_us": _percentile(us, 99),
        "max_us": max(us, default=0.0),
        "errors_status": errors["status"],
        "errors_other": errors["other"],
    }


def main(argv: list[str]) -> None:
    base, paths_file, clients, seconds = argv[0], argv[1], int(argv[2]), float(argv[3])
    with open(paths_file, encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip()]
    print(json.dumps(asyncio.run(_load(base, paths, clients, seconds))))


if __name__ == "__main__":
    main(sys.argv[1:])
