"""Starting and stopping a real ``diplograph serve`` process, for the tests that talk to one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "data" / "mini.trig"


def mini_store(folder: Path) -> Path:
    """A store folder holding ``tests/data/mini.trig``, for a server to serve."""
    from graph.store import GraphStore

    with GraphStore.open(folder) as store:
        store.load(MINI)
    return folder


def start_serve(store: Path | str, *options: str) -> tuple[subprocess.Popen[str], str]:
    """``diplograph serve --store STORE --port 0 OPTIONS…`` in a process of its own, once it
    says it is serving: the process and the ``…/sparql`` URL it printed."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--port", "0", *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "serving" not in line:
        process.kill()
        raise AssertionError(f"the server did not start: {line!r} {process.communicate()[1]!r}")
    url = line.split(" at ", 1)[1].split()[0]
    assert url.startswith("http://127.0.0.1:") and url.endswith("/sparql"), line
    return process, url


def stop_serve(process: subprocess.Popen[str], timeout: float = 15) -> str:
    """Interrupt the server as Ctrl-C does; what it wrote on stderr."""
    process.send_signal(signal.SIGINT)
    try:
        _, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _, err = process.communicate()
        raise AssertionError(f"the server did not stop on SIGINT: {err}") from None
    return err
