"""Queries run in worker processes, so a time limit really stops them.

pyoxigraph has no query timeout and its results cannot cross threads, so each query runs
in one of a few long-lived processes, each with the store opened read-only. The worker
runs the query, serializes the answer itself and sends back bytes. When the time limit
passes, the server kills the worker (SIGKILL) and starts another; the other workers
keep answering. A bounded number of requests may wait for a free worker; beyond it,
the service answers 503 with ``Retry-After`` at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from graph.errors import DiplographError, Msg, QueryError, ServeError
from graph.server.protocol import Format, kind_of_form, negotiate, status_for
from graph.server.results import ENGINE_FORMATS

__all__ = ["Job", "Limits", "Reply", "WorkerPool", "answer", "error_reply"]

_START_TIMEOUT = 120.0  # seconds a new worker may take to open the store


@dataclass(frozen=True)
class Limits:
    """What the service allows a query (the ``diplograph serve`` options)."""

    timeout: float = 30.0
    max_rows: int = 10_000  # 0: no cap (an answer is whole, up to max_response_bytes)
    max_response_bytes: int = 64 * 1024 * 1024
    max_query_bytes: int = 64 * 1024
    workers: int = 2
    queue: int = 8


@dataclass(frozen=True)
class Job:
    """A query to answer: SPARQL text, or a named query with its parameters."""

    sparql: str | None = None
    name: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    accept: str | None = None
    fmt: str | None = None


@dataclass(frozen=True)
class Reply:
    """An HTTP answer, made in a worker."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error_reply(error: DiplographError, headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    """The coded message as ``text/plain``, with the status the error calls for."""
    return Reply(status_for(error), "text/plain; charset=utf-8", (str(error) + "\n").encode("utf-8"), headers)


def answer(store: Any, job: Job, limits: Limits) -> Reply:
    """Run a job on an open store: check it, negotiate the format, run, serialize.

    A refused query (an update, the network) is refused before the format is looked
    at, and a format nothing satisfies before the query runs.
    """
    from graph.query import check_query_safe, named_queries, query_form, run_query
    from graph.server.results import serialize

    try:
        if job.name is not None:
            known = named_queries()
            if job.name not in known:
                raise QueryError(Msg.Q001, name=job.name, known=", ".join(sorted(known)))
            sparql = known[job.name].sparql
        else:
            sparql = job.sparql or ""
        check_query_safe(sparql, store=store)
        fmt = negotiate(kind_of_form(query_form(sparql)), job.accept, job.fmt)
        query: dict[str, Any] = (
            {"name": job.name, "params": dict(job.params)} if job.name is not None else {"sparql_or_name": sparql}
        )
        if not limits.max_rows and fmt.name in ENGINE_FORMATS:
            whole = _engine_answer(store, query, fmt, limits.max_response_bytes)
            if whole is not None:
                return Reply(200, fmt.content_type, whole)
        max_rows = limits.max_rows or None
        result = run_query(store, **query, max_rows=max_rows)
        body = serialize(result, fmt, max_rows=limits.max_rows, max_bytes=limits.max_response_bytes)
    except DiplographError as error:
        return error_reply(error)
    return Reply(200, fmt.content_type, body.data, body.headers)


def _engine_answer(store: Any, query: dict[str, Any], fmt: Format, max_bytes: int) -> bytes | None:
    """The whole answer as the engine writes it, with no Python value made of it: for a
    service with no row cap (``--max-rows 0``), as Oxigraph's own server answers. ``None``
    when the store is not an embedded one or the answer is longer than ``max_bytes``
    (the caller then cuts it to its first rows, and says so).

    Raises:
        QueryError: as :func:`graph.query.run_query`.
    """
    from graph.query import query_results
    from graph.server.results import engine_text
    from graph.store import GraphStore

    if not isinstance(store, GraphStore):
        return None
    return engine_text(query_results(store, **query), fmt, max_bytes)


def _worker_main(store_path: str, conn: Connection, limits: Limits) -> None:
    """A worker's life: open the store, say so, answer jobs until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    from graph.store_base import open_store

    try:
        store = open_store(store_path, read_only=True)
    except DiplographError as error:
        conn.send(("error", str(error)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server is gone
        if job is None:
            return
        try:
            reply = answer(store, job, limits)
        except Exception as error:  # a bug, not a user's mistake: say it and keep serving
            reply = error_reply(ServeError(Msg.W014, detail=f"{type(error).__name__}: {error}"))
        conn.send(reply)


class _Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context: BaseContext, store_path: Path | str, limits: Limits) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.process: BaseProcess = context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(str(store_path), child, limits), daemon=True, name="diplograph-query"
        )
        self.process.start()
        child.close()
        if not self.conn.poll(_START_TIMEOUT):
            self.kill()
            raise ServeError(Msg.W017, detail=f"a worker did not open the store within {_START_TIMEOUT:.0f} s")
        try:
            status, detail = self.conn.recv()
        except (EOFError, OSError) as error:
            self.kill()
            raise ServeError(Msg.W017, detail=f"a worker ended while opening the store ({error})") from None
        if status != "ready":
            self.kill()
            raise ServeError(Msg.W017, detail=str(detail))

    def run(self, job: Job, timeout: float) -> tuple[Reply, bool]:
        """Send a job and wait for the reply: ``(reply, whether the worker lives on)``."""
        try:
            self.conn.send(job)
            if self.conn.poll(timeout):
                return self.conn.recv(), True
        except (EOFError, OSError) as error:
            self.kill()
            code = self.process.exitcode
            detail = f"exit status {code}" if code is not None else str(error) or type(error).__name__
            return error_reply(ServeError(Msg.W014, detail=detail)), False
        self.kill()
        return error_reply(ServeError(Msg.W003, limit=f"{timeout:g}")), False

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(2)
        self.kill()


class WorkerPool:
    """A fixed number of workers, a bounded queue of requests waiting for one.

    Start it with :meth:`start` (it opens the store in each worker and fails with the
    store's message if it cannot), answer with :meth:`run` from the event loop, and
    :meth:`close` it.
    """

    def __init__(self, store_path: Path | str, limits: Limits, *, log: Callable[[str], None] | None = None) -> None:
        self.store_path = store_path
        self.limits = limits
        self._log = log or (lambda message: print(f"diplograph: {message}", file=sys.stderr, flush=True))
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self._context = multiprocessing.get_context(method)
        if method == "forkserver":
            self._context.set_forkserver_preload(["graph.server.workers", "graph.query", "graph.store"])
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._waiting = 0
        self._threads = ThreadPoolExecutor(max_workers=limits.workers + 2, thread_name_prefix="diplograph-query")
        self._closed = False

    def start(self) -> None:
        """Start every worker.

        Raises:
            ServeError: W017 (with the store's message) if a worker cannot open the store.
        """
        for _ in range(self.limits.workers):
            worker = _Worker(self._context, self.store_path, self.limits)
            self._all.add(worker)
            self._idle.put_nowait(worker)

    @property
    def busy(self) -> int:
        """Workers running a query now."""
        return len(self._all) - self._idle.qsize()

    async def run(self, job: Job) -> Reply:
        """Answer a job on the next free worker, or 503 at once if too many wait."""
        if self._idle.empty() and self._waiting >= self.limits.queue:
            retry = max(1, round(self.limits.timeout / 2))
            error = ServeError(Msg.W004, running=self.busy, waiting=self._waiting, retry=retry)
            return error_reply(error, (("Retry-After", str(retry)),))
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        try:
            reply, alive = await loop.run_in_executor(self._threads, worker.run, job, self.limits.timeout)
        except BaseException:
            # the request was cancelled while its query ran: the worker's answer would
            # be read by the next query, so this worker goes too
            self._threads.submit(self._replace, worker, loop)
            raise
        if alive:
            self._idle.put_nowait(worker)
        else:
            self._threads.submit(self._replace, worker, loop)
        return reply

    def _replace(self, worker: _Worker, loop: asyncio.AbstractEventLoop) -> None:
        """Kill a worker and start another in its place (in a thread: it takes a moment)."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
            closed = self._closed
        if closed:
            return
        try:
            fresh = _Worker(self._context, self.store_path, self.limits)
        except ServeError as error:
            self._log(str(error))
            return
        with self._lock:
            keep = not self._closed
            if keep:
                self._all.add(fresh)
        if not keep:
            fresh.stop()
            return
        loop.call_soon_threadsafe(self._idle.put_nowait, fresh)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
        self._threads.shutdown(wait=False, cancel_futures=True)
