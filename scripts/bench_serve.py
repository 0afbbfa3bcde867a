"""``diplograph serve`` against ``oxigraph serve-read-only`` on the same store, under load.

Usage::

    python scripts/bench_serve.py [--store DIR | --triples 1000000] [--seconds 60]
                                  [--clients 8] [--workers N] [--rounds 1] [--timeout 10]

Both servers read the same store, read-only, on loopback, with the union of the named
graphs as default graph (``--union-default-graph`` for Oxigraph), and are sent the
same query texts: the named queries below, each as its ``.rq`` text, POSTed as
``application/sparql-query`` with ``Accept: application/sparql-results+json``. The two
are first checked to give the same number of solutions for each text.

Then, one server at a time, ``--clients`` threads send the mix for ``--seconds``
(each client starts at a different query): the table gives the requests answered per
second, the p50 and p99 latency and the errors (any answer but 200), and the ratio of
the throughputs (the target is at least 0.8). With ``--rounds N`` the servers take
turns N times: each round's ratio, then the ratio over all rounds.

Last, the time limit: ``--clients - 1`` clients send the mix to ``diplograph serve``
for ``--seconds / 2``, then again while one more client sends a query that never
ends. That query must be answered (503) within ``--timeout`` + 1 s, and the others'
p50 latency is printed for both periods.

Figures, not a test. ``diplograph serve`` gets no row cap (``--max-rows 0``) and a byte
cap larger than any answer, so that it answers whole, as Oxigraph does; its worker then
has the engine write the answer, as Oxigraph's server does.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIX = ("events", "positions", "mentions", "cooccurrence", "leader-timeline", "calls", "sources", "topics")
NEVER_ENDS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
THROUGHPUT_TARGET = 0.8


@dataclass
class Server:
    name: str
    host: str
    port: int
    path: str
    process: subprocess.Popen[bytes] = field(repr=False)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def post(server: Server, sparql: str, *, timeout: float = 600.0) -> tuple[int, bytes]:
    """Send one query; the status and the body."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
    try:
        connection.request(
            "POST",
            server.path,
            body=sparql.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _wait(server: Server, seconds: float = 180.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} stopped at start (status {server.process.returncode})")
        try:
            if post(server, "ASK { }", timeout=5)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not answer in {seconds} s")


@contextmanager
def diplograph_serve(store: Path, workers: int, timeout: float) -> Iterator[Server]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--port", "0",
         "--workers", str(workers), "--queue", "64", "--timeout", str(timeout),
         "--max-rows", "0", "--max-response-bytes", str(2**31 - 1)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().decode()
        found = re.search(r"http://([\d.]+):(\d+)(/sparql)", line)
        if not found:
            raise RuntimeError(f"diplograph serve said: {line!r}")
        server = Server("diplograph serve", found.group(1), int(found.group(2)), found.group(3), process)
        _wait(server)
        yield server
    finally:
        process.terminate()
        process.wait(30)


@contextmanager
def oxigraph_serve(store: Path) -> Iterator[Server]:
    binary = Path(sys.executable).with_name("oxigraph")
    port = _free_port()
    process = subprocess.Popen(
        [str(binary if binary.exists() else "oxigraph"), "serve-read-only", "--location", str(store),
         "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        server = Server("oxigraph serve-read-only", "127.0.0.1", port, "/query", process)
        _wait(server)
        yield server
    finally:
        process.terminate()
        process.wait(30)


def _solutions(body: bytes) -> int:
    document = json.loads(body)
    return len(document["results"]["bindings"]) if "results" in document else 1


@dataclass
class Load:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def load(server: Server, texts: Sequence[str], clients: int, seconds: float) -> Load:
    """``clients`` threads sending the texts in turn for ``seconds``."""
    result = Load()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(k: int) -> None:
        i = k
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                status, _ = post(server, texts[i % len(texts)])
            except OSError:
                status = -1
            elapsed = time.perf_counter() - start
            with lock:
                if status == 200:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
            i += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def _row(name: str, figures: Load) -> str:
    return (f"{name:<26} {figures.throughput:8.2f} {figures.percentile(50):8.3f} {figures.percentile(99):8.3f}"
            f" {len(figures.latencies):6d} {figures.errors:6d}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a store made by scripts/make_big_store.py")
    parser.add_argument("--triples", type=int, default=1_000_000, help="size of the store to make without --store")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="diplograph serve --workers")
    parser.add_argument("--rounds", type=int, default=1, help="turns of the two servers under load")
    parser.add_argument("--timeout", type=float, default=10.0, help="diplograph serve --timeout of the last part")
    args = parser.parse_args(argv)
    texts = [(REPO / "graph" / "queries" / f"{name}.rq").read_text(encoding="utf-8") for name in MIX]
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            store = Path(tmp) / "big"
            subprocess.run([sys.executable, str(REPO / "scripts" / "make_big_store.py"), "--triples",
                            str(args.triples), "--out", str(store)], check=True)
        rounds: list[dict[str, Load]] = []
        answers: dict[str, list[int]] = {}
        # the load runs with a time limit long enough for every query of the mix; the
        # servers take turns, --rounds times, so that a slower or busier minute of the
        # machine does not fall on one server only
        for _ in range(args.rounds):
            figures: dict[str, Load] = {}
            for start in (oxigraph_serve, lambda s: diplograph_serve(s, args.workers, 600.0)):
                with start(store) as server:
                    answers[server.name] = []
                    for name, text in zip(MIX, texts, strict=True):
                        status, body = post(server, text)
                        if status != 200:
                            raise RuntimeError(f"{server.name} answered {status} to {name}: {body[:200]!r}")
                        answers[server.name].append(_solutions(body))
                    figures[server.name] = load(server, texts, args.clients, args.seconds)
            rounds.append(figures)
        same = answers["diplograph serve"] == answers["oxigraph serve-read-only"]
        print(f"\nsolutions per query ({', '.join(MIX)}): {answers['diplograph serve']}"
              f" — {'the same from both' if same else 'DIFFERENT: ' + str(answers)}")
        print(f"\n{args.clients} clients for {args.seconds:g} s, {args.rounds} round(s);"
              f" diplograph serve --workers {args.workers} ({os.cpu_count()} cores)")
        print(f"{'server':<26} {'req/s':>8} {'p50 s':>8} {'p99 s':>8} {'done':>6} {'errors':>6}")
        for k, figures in enumerate(rounds, 1):
            ours, theirs = figures["diplograph serve"], figures["oxigraph serve-read-only"]
            print(_row(f"oxigraph serve-read-only #{k}" if args.rounds > 1 else "oxigraph serve-read-only", theirs))
            print(_row(f"diplograph serve #{k}" if args.rounds > 1 else "diplograph serve", ours))
            if args.rounds > 1:
                print(f"  round {k}: throughput ratio {ours.throughput / theirs.throughput:.2f}")
        ours, theirs = (Load([t for r in rounds for t in r[name].latencies], sum(r[name].errors for r in rounds),
                             sum(r[name].seconds for r in rounds))
                        for name in ("diplograph serve", "oxigraph serve-read-only"))
        if args.rounds > 1:
            print(_row("oxigraph, all rounds", theirs))
            print(_row("diplograph, all rounds", ours))
        ratio = ours.throughput / theirs.throughput if theirs.throughput else float("nan")
        met = "met" if ratio >= THROUGHPUT_TARGET else "NOT met"
        print(f"throughput ratio {ratio:.2f} (target >= {THROUGHPUT_TARGET}: {met})")

        with diplograph_serve(store, args.workers, args.timeout) as server:
            others = max(1, args.clients - 1)
            before = load(server, texts, others, args.seconds / 2)
            stuck: dict[str, float] = {}

            def never_ends() -> None:
                start = time.perf_counter()
                status, _ = post(server, NEVER_ENDS)
                stuck["seconds"], stuck["status"] = time.perf_counter() - start, status

            thread = threading.Thread(target=never_ends)
            thread.start()
            during = load(server, texts, others, args.seconds / 2)
            thread.join()
        print(f"\ntime limit {args.timeout:g} s: the never-ending query was answered {int(stuck['status'])} after "
              f"{stuck['seconds']:.2f} s (target <= {args.timeout + 1:g} s: "
              f"{'met' if stuck['seconds'] <= args.timeout + 1 and stuck['status'] == 503 else 'NOT met'})")
        print(f"{'other clients':<26} {'req/s':>8} {'p50 s':>8} {'p99 s':>8} {'done':>6} {'errors':>6}")
        print(_row("alone", before))
        print(_row("beside the stuck query", during))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
