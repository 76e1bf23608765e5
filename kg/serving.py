"""The API in several processes on one port, each with its own listening socket (``kg serve --workers``).

uvicorn's own workers share ONE listening socket: whichever process wakes first accepts the
connections that arrive together, and keep-alive clients then stay with it (bench: of two workers,
one served 98% of 32 clients' requests). Here each process gets its own socket, bound to the same
port with ``SO_REUSEPORT``, and the kernel spreads new connections across them by address hash.
That needs Linux (elsewhere ``SO_REUSEPORT`` does not balance): other systems use uvicorn's workers.

The parent binds every socket first, so a port already taken fails at once with one error, then
starts the processes and waits. Ctrl-C or SIGTERM stops them all; if one dies, the others are
stopped too and the exit status says so (a service manager restarts the whole).
"""

from __future__ import annotations

import multiprocessing
import signal
import socket
import sys
from multiprocessing.connection import wait
from types import FrameType

import uvicorn

STOP_TIMEOUT = 20.0  # seconds a process gets to finish its requests before it is killed


def balances_connections() -> bool:
    """Whether sockets sharing a port with SO_REUSEPORT get the connections spread (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def listening_sockets(host: str, port: int, count: int) -> list[socket.socket]:
    """``count`` sockets bound to ``host:port`` with SO_REUSEPORT (each process listens on one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    out: list[socket.socket] = []
    try:
        for _ in range(count):
            sock = socket.socket(family, socket.SOCK_STREAM)
            out.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
    except OSError:
        for sock in out:
            sock.close()
        raise
    return out


def _serve_one(config: uvicorn.Config, sock: socket.socket) -> None:
    uvicorn.Server(config).run(sockets=[sock])


def serve_processes(app: str, host: str, port: int, workers: int, quiet: bool = False) -> int:
    """Serve the factory ``app`` ("module:function") in ``workers`` processes; the exit status.

    ``quiet``: warnings only, no access log (benchmarks). Raises ``OSError`` when the port cannot
    be bound (taken, or not allowed).
    """
    sockets = listening_sockets(host, port, workers)
    logging = {"log_level": "warning", "access_log": False} if quiet else {}
    config = uvicorn.Config(app, factory=True, host=host, port=port, **logging)
    context = multiprocessing.get_context("spawn")  # a clean interpreter each: no copied locks or threads
    processes = [
        context.Process(target=_serve_one, args=(config, sock), name=f"kg-serve-{n}")
        for n, sock in enumerate(sockets, 1)
    ]
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        for process in processes:
            process.start()
        # The parent keeps its copies of the sockets open: a spawned child receives its copy only
        # once it runs, and the parent never accepts on them.
        while not stopping and all(p.is_alive() for p in processes):
            wait([p.sentinel for p in processes], timeout=0.5)
        died = [p for p in processes if p.exitcode is not None]
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()  # SIGTERM: uvicorn finishes the requests under way
        for process in processes:
            process.join(STOP_TIMEOUT)
            if process.is_alive():
                process.kill()
                process.join()
        for sock in sockets:
            sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if stopping or not died:
        return 0
    first = died[0]
    print(f"kg serve: {first.name} exited with status {first.exitcode}; stopped the others", file=sys.stderr)
    return 1
