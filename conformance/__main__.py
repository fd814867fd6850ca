"""``python -m conformance --url ws://HOST:PORT/ws [--skip a,b] [--list] [pytest args…]``:
runs the suite against one server (pytest underneath; its exit code is this one's)."""

from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import pytest

from conformance.settings import DEFAULT_REPLAY_FRAMES, DEFAULT_TIMEOUT_S

HERE = Path(__file__).resolve().parent


def scenarios() -> list[tuple[str, str]]:
    """Every scenario's name and its doc (one line), in file order."""
    found = []
    for path in sorted((HERE / "scenarios").glob("test_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                doc = " ".join((ast.get_docstring(node) or "").split())
                found.append((node.name.removeprefix("test_"), doc))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m conformance",
        description="Run the wirestore protocol v1 conformance suite against a server.",
        epilog="Arguments after the options go to pytest (e.g. -x, -k resume, -v).",
    )
    parser.add_argument("--url", help="the server's WebSocket URL, e.g. ws://127.0.0.1:8000/ws")
    parser.add_argument("--skip", default="", help="scenario names to skip, comma separated")
    parser.add_argument(
        "--replay-frames",
        type=int,
        default=DEFAULT_REPLAY_FRAMES,
        help=f"most frames the server keeps per session (default {DEFAULT_REPLAY_FRAMES})",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        help=f"longest wait for one expected frame, s (default {DEFAULT_TIMEOUT_S:g})",
    )
    parser.add_argument("--schema", help="validate every frame against PATH[#/json/pointer]")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    args, rest = parser.parse_known_args(argv)
    if args.list:
        for name, doc in scenarios():
            print(f"{name}\n    {doc}")
        return 0
    if not args.url:
        parser.error("--url is required (or --list)")
    pytest_args = [
        str(HERE),
        "-p",
        "no:cacheprovider",
        f"--rootdir={HERE}",
        "--server-url",
        args.url,
        "--replay-frames",
        str(args.replay_frames),
        "--frame-timeout",
        str(args.timeout),
    ]
    if args.skip:
        pytest_args += ["--skip", args.skip]
    if args.schema:
        pytest_args += ["--schema", args.schema]
    return int(pytest.main(pytest_args + rest))


if __name__ == "__main__":
    sys.exit(main())
