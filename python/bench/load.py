"""The Python server's load benchmark: one command, figures into BENCHMARKS.md.

    .venv/bin/python python/bench/load.py            # full: 1, 100, 1,000 connections
    .venv/bin/python python/bench/load.py --smoke    # a few seconds, checks it still works

For each connection count, the bench server (``bench_app.py``, one uvicorn process, uvloop) is
started twice, with delta coalescing off (``COALESCE_MS=0``: one envelope per token) and on
(the default window), interleaved in one run; a Node client (``client.mjs``, the ``ws``
package) opens the connections and asks each for one reply of 2,000 tokens at 50 tokens/s.
Reported: tokens (= deltas the handler made) delivered per second, envelopes and WebSocket
frames per second, the server's CPU seconds (so "per core" figures), and p50 / p99 from
``reply.delta`` to arrival. Memory: a session in the store (tracemalloc), a full replay buffer
of 10,000 delta frames (tracemalloc), and an idle connected session (the server's RSS with
1,000 idle sockets, uvicorn's and the WebSocket library's share included).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"
START = "<!-- python-load:start -->"
END = "<!-- python-load:end -->"
DEFAULT_COALESCE_MS = 15
TICKS = os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def server(coalesce_ms: float) -> Iterator[tuple[str, int]]:
    """The bench app under uvicorn on a port the OS chose; yields (ws url, pid)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(2048)
    port = listener.getsockname()[1]
    command = [
        sys.executable, "-m", "uvicorn", "bench_app:app", "--app-dir", str(HERE),
        "--fd", str(listener.fileno()), "--loop", "uvloop", "--ws-per-message-deflate", "false",
        "--log-level", "warning", "--backlog", "2048",
    ]  # fmt: skip
    env = {**os.environ, "COALESCE_MS": str(coalesce_ms)}
    proc = subprocess.Popen(command, pass_fds=[listener.fileno()], start_new_session=True, env=env)
    listener.close()
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the bench server did not start") from None
                time.sleep(0.05)
        yield f"ws://127.0.0.1:{port}/ws", proc.pid
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_kib(pid: int) -> int:
    match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
    return int(match.group(1)) if match else 0


def client(*args: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        ["node", str(HERE / "client.mjs"), *map(str, args)],
        stdout=subprocess.PIPE,
        stdin=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run(connections: int, coalesce_ms: float, tokens: int, rate: float) -> dict[str, Any]:
    """One client run against a fresh server; the server's CPU is sampled while it streams."""
    with server(coalesce_ms) as (url, pid):
        proc = client(url, connections, tokens, rate)
        assert proc.stdout is not None
        first = proc.stdout.readline()  # {"streaming": N}: every socket is open
        cpu0 = cpu_seconds(pid)
        if "streaming" not in first:
            raise RuntimeError(f"the client did not start: {first}")
        out, err = proc.communicate(timeout=900)
        cpu1 = cpu_seconds(pid)
        rss = rss_kib(pid)
    if not out.strip():
        raise RuntimeError(f"the client printed nothing: {err}")
    figures: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    figures.update(coalesceMs=coalesce_ms, rate=rate, serverCpuS=cpu1 - cpu0, serverRssKiB=rss)
    return figures


def idle_rss_per_session(connections: int, mode: str = "idle") -> float:
    """The server's RSS growth per idle socket: on the hub (``idle``) or a bare endpoint."""
    with server(DEFAULT_COALESCE_MS) as (url, pid):
        if mode == "bare":
            url = url.removesuffix("/ws") + "/bare"
        time.sleep(0.5)
        before = rss_kib(pid)
        proc = client(url, connections, 0, 0, mode)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert json.loads(line)["ready"] == connections, line
        time.sleep(1.0)
        after = rss_kib(pid)
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(30)
    return (after - before) * 1024 / connections


def store_memory() -> tuple[float, float, int]:
    """Bytes per idle session in MemoryStore, and per full replay buffer (and its frames)."""
    sys.path.insert(0, str(ROOT / "python" / "src"))
    from wirestore.frame import Outgoing
    from wirestore.store.memory import MemoryStore

    async def measure() -> tuple[float, float, int]:
        store = MemoryStore()
        count = 2000
        tracemalloc.start()
        base = tracemalloc.get_traced_memory()[0]
        sessions = [await store.create(f"user{i}") for i in range(count)]
        per_session = (tracemalloc.get_traced_memory()[0] - base) / count
        frames = 10_000
        target = sessions[0].session_id
        base = tracemalloc.get_traced_memory()[0]
        for i in range(frames):
            await store.append(
                target, [Outgoing("content.delta", {"text": f"tok{i % 97:04d} "}, "a-1-ab12")]
            )
        per_buffer = tracemalloc.get_traced_memory()[0] - base
        tracemalloc.stop()
        return per_session, per_buffer, frames

    return asyncio.run(measure())


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| connections | coalescing | tokens/s delivered | envelopes/s | frames/s | "
        "server CPU | tokens/s per core | p50 ms | p99 ms | checks |\n"
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
    )
    lines = []
    for r in rows:
        seconds, cpu = r["seconds"], r["serverCpuS"]
        window = "off" if r["coalesceMs"] == 0 else f"{r['coalesceMs']} ms"
        checks = "ok" if not r["problems"] else "; ".join(r["problems"])
        cells = [
            f"{r['connections']:,}",
            window,
            f"{r['tokens'] / seconds:,.0f}",
            f"{r['envelopes'] / seconds:,.0f}",
            f"{r['frames'] / seconds:,.0f}",
            f"{cpu:.1f} s / {seconds:.1f} s",
            f"{r['tokens'] / max(cpu, 0.01):,.0f}",
            f"{r['p50ms']:.1f}",
            f"{r['p99ms']:.1f}",
            checks,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return head + "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a short run; BENCHMARKS.md untouched")
    args = parser.parse_args()
    tokens, rate = (200, 100.0) if args.smoke else (2000, 50.0)
    counts = [1, 10] if args.smoke else [1, 100, 1000]
    rows = []
    load_before = os.getloadavg()[0]
    for n in counts:
        for coalesce in (0, DEFAULT_COALESCE_MS):  # interleaved: off then on, per size
            figures = run(n, coalesce, tokens, rate)
            print(json.dumps(figures), flush=True)
            rows.append(figures)
    session_bytes, buffer_bytes, frames = store_memory()
    idle_n = 50 if args.smoke else 1000
    idle = idle_rss_per_session(idle_n)
    bare = idle_rss_per_session(idle_n, "bare")
    failures = [r for r in rows if r["problems"]]
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()  # fmt: skip
    gain = []
    for n in counts:
        off, on = (r for r in rows if r["connections"] == n)
        envelopes = off["envelopes"] / max(1, on["envelopes"])
        frames_ratio = off["frames"] / max(1, on["frames"])
        cpu = (on["serverCpuS"] / on["tokens"]) / max(1e-9, off["serverCpuS"] / off["tokens"])
        gain.append(
            f"- {n:,} connections: {envelopes:.1f}x fewer envelopes, {frames_ratio:.1f}x fewer "
            f"frames; server CPU per token {cpu:.2f}x of uncoalesced."
        )
    kib, mib = 1024, 1024 * 1024
    memory = (
        f"Memory: a session in `MemoryStore` (no socket) {session_bytes / kib:.1f} KiB; a replay "
        f"buffer of {frames:,} delta frames {buffer_bytes / mib:.2f} MiB "
        f"({buffer_bytes / frames:.0f} B per frame); an idle connected session, as the server's "
        f"RSS grows per socket ({idle_n:,} sockets), {idle / kib:.1f} KiB, of which a bare "
        "Starlette endpoint that only accepts and reads (uvicorn's and the WebSocket library's "
        f"share) takes {bare / kib:.1f} KiB: the hub's own share is {(idle - bare) / kib:.1f} KiB."
    )
    section = f"""{START}
## Python server: load (`.venv/bin/python python/bench/load.py`)

Run at `{commit}` on this 2-core machine (load average {load_before:.1f} when it started; server
and client share the machine: one uvicorn process with uvloop, one Node client). Each connection
asks for one reply of {tokens:,} tokens at {rate:.0f} tokens/s; a token is the server's clock at
`reply.delta`, so latency is `reply.delta` to the client's `message` event. "server CPU" is the
uvicorn process's user+system time over the run's wall time; "per core" divides by it.
Coalescing off sends every delta as its own envelope.

{table(rows)}

Coalescing gain (same run, interleaved):
{chr(10).join(gain)}

{memory}
{END}"""
    print(section)
    if not args.smoke:
        text = BENCHMARKS.read_text()
        if START in text:
            text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
        else:
            text = text.rstrip() + "\n\n" + section + "\n"
        BENCHMARKS.write_text(text)
        print(f"wrote {BENCHMARKS}")
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
