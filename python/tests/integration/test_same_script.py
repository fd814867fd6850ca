"""The example's scripted replies are the reference server's, chunk for chunk: the same prompt
streams the same content, tool arguments and follow-ups from ``server/`` (Rust) and
``examples/fastapi``. Needs the reference server's binary (``cargo test --workspace`` or
``scripts/build.sh`` makes it)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import ROOT, Client

BINARIES = [
    ROOT / "target" / "debug" / "wirestore-server",
    ROOT / "target" / "release" / "wirestore-server",
]


@contextlib.contextmanager
def reference_server() -> Iterator[str]:
    binary = next((b for b in BINARIES if b.exists()), None)
    if binary is None:
        pytest.skip("no reference server binary (run cargo test --workspace first)")
    with tempfile.TemporaryDirectory() as tmp:
        port_file = Path(tmp) / "port"
        proc = subprocess.Popen(
            [str(binary), "--addr", "127.0.0.1:0", "--port-file", str(port_file)],
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 20
            while not (port_file.exists() and port_file.read_text().strip()):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the reference server did not start")
                time.sleep(0.05)
            yield f"127.0.0.1:{port_file.read_text().strip()}"
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)


async def reply_of(address: str, prompt: str) -> tuple[str, str, list[str]]:
    client = await Client.connect(address, "token=same1&tokenMs=1")
    await client.next()
    await client.send("chat.message", {"content": prompt}, "c1")
    done = await client.until(
        lambda f: f["action_type"] == "message.done" and f["messageId"].startswith("a"), timeout=30
    )
    mine = [f for f in client.seen.frames if f.get("messageId") == done["messageId"]]
    args = "".join(f["payload"]["argsText"] for f in mine if f["action_type"] == "tool.delta")
    follow_ups = next(f for f in mine if f["action_type"] == "followUpQuestions.set")
    await client.close()
    return client.seen.content[done["messageId"]], args, follow_ups["payload"]["questions"]


@pytest.mark.parametrize(
    "prompt", ["How do fine-grained stores keep React fast", "a long one: ünï ✓"]
)
async def test_a_prompt_gets_the_same_reply_from_both_servers(example: str, prompt: str) -> None:
    with reference_server() as reference:
        theirs = await reply_of(reference, prompt)
    ours = await reply_of(example, prompt)
    assert ours == theirs
    assert len(ours[0]) > 300
