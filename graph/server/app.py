"""The Starlette application of ``diplograph serve`` and the function that serves it.

Endpoints:

- ``/sparql``: the SPARQL 1.1 Protocol (GET ``?query=``, POST form ``query=``, POST
  ``application/sparql-query``); without a query, the service description.
- ``/queries``: the named queries as JSON or HTML; ``/queries/NAME?param=…``
  runs one with its parameters bound as values.
- ``/``: the query page (YASGUI over ``/sparql``, with the named queries as examples),
  and ``/static/…``, the files it loads; nothing it needs comes from elsewhere.
"""

from __future__ import annotations

import contextlib
import json
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Final
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from graph.errors import DiplographError, Msg, ServeError
from graph.server.protocol import negotiate, parse_accept, queries_html, service_description, status_for
from graph.server.workers import Job, Limits, Reply, WorkerPool

__all__ = ["create_app", "serve"]

_FORM: Final = "application/x-www-form-urlencoded"
_QUERY: Final = "application/sparql-query"
_UPDATE: Final = "application/sparql-update"
_TEXT: Final = "text/plain; charset=utf-8"


def _send(reply: Reply) -> Response:
    return Response(reply.body, status_code=reply.status, headers=dict(reply.headers), media_type=reply.content_type)


def _error(error: DiplographError, headers: dict[str, str] | None = None) -> Response:
    return Response(str(error) + "\n", status_code=status_for(error), media_type=_TEXT, headers=headers)


class _TooLong(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    """The request body, read up to ``limit`` bytes (beyond: :class:`_TooLong`)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _TooLong(int(declared))
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooLong(size)
        chunks.append(chunk)
    return b"".join(chunks)


def create_app(store_path: Path | str, limits: Limits, *, pool: WorkerPool | None = None) -> Starlette:
    """The application serving ``store_path`` (a store folder or a store URL) within ``limits``.

    The worker pool starts with the application (``pool``, for tests, may be given
    started) and stops with it.
    """
    workers = pool or WorkerPool(store_path, limits)
    started = pool is not None

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if not started:
            workers.start()
        try:
            yield
        finally:
            workers.close()

    def too_long(size: int) -> Response:
        return _error(ServeError(Msg.W002, size=size, limit=limits.max_query_bytes))

    def checked(values: list[str]) -> str:
        if len(values) != 1:
            raise ServeError(Msg.W010, count=len(values))
        size = len(values[0].encode("utf-8", "surrogatepass"))
        if size > limits.max_query_bytes:
            raise _TooLong(size)
        return values[0]

    async def sparql(request: Request) -> Response:
        accept = request.headers.get("accept")
        pairs = parse_qsl(request.url.query, keep_blank_values=True)
        try:
            if request.method == "POST":
                content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
                # a form field may be percent-encoded: up to three bytes a character
                body = await _body(request, 3 * limits.max_query_bytes + 4096)
                if content_type == _UPDATE:
                    raise ServeError(Msg.W001, what="a POST of application/sparql-update")
                if content_type == _FORM:
                    try:
                        text = body.decode("utf-8")
                    except UnicodeDecodeError as error:
                        raise ServeError(Msg.W011, detail=str(error)) from None
                    pairs += parse_qsl(text, keep_blank_values=True)
                elif content_type == _QUERY:
                    try:
                        query_text = body.decode("utf-8")
                    except UnicodeDecodeError as error:
                        raise ServeError(Msg.W011, detail=str(error)) from None
                    pairs.append(("query", query_text))
                else:
                    raise ServeError(Msg.W009, path="/sparql", content_type=content_type or "(none)")
            if any(key == "update" for key, _ in pairs):
                raise ServeError(Msg.W001, what="an 'update' parameter")
            queries = [value for key, value in pairs if key == "query"]
            formats = [value for key, value in pairs if key == "format"]
            fmt = formats[-1] if formats else None
            if not queries:
                if request.method == "POST":
                    raise ServeError(Msg.W008)
                return description(request, accept, fmt)
            query = checked(queries)
        except _TooLong as error:
            return too_long(int(error.args[0]))
        except DiplographError as error:
            return _error(error)
        return _send(await workers.run(Job(sparql=query, accept=accept, fmt=fmt)))

    def description(request: Request, accept: str | None, fmt: str | None) -> Response:
        from graph.server.results import rdf_text

        try:
            chosen = negotiate("graph", accept, fmt)
        except DiplographError as error:
            return _error(error)
        endpoint = str(request.url.replace(query="", fragment=""))
        return Response(rdf_text(service_description(endpoint), chosen), media_type=chosen.content_type)

    def listing(request: Request) -> Response:
        from graph.query import named_queries

        base = str(request.url.replace(query="", fragment="")).rstrip("/")
        items = [
            {
                "name": query.name,
                "answers": query.answers,
                "url": f"{base}/{query.name}",
                "params": [{"name": name, "help": help_} for name, help_ in query.params],
            }
            for query in named_queries().values()
        ]
        fmt = request.query_params.get("format")
        if fmt is None:
            ranges = dict(parse_accept(request.headers.get("accept")))
            html_q = max(ranges.get("text/html", 0.0), ranges.get("application/xhtml+xml", 0.0))
            json_q = max(ranges.get("application/json", 0.0), ranges.get("*/*", 0.0))
            fmt = "html" if html_q > json_q else "json"
        if fmt == "html":
            return Response(queries_html(items), media_type="text/html; charset=utf-8")
        if fmt == "json":
            return Response(json.dumps({"queries": items}, ensure_ascii=False, indent=1),
                            media_type="application/json")
        return _error(ServeError(Msg.W007, fmt=fmt, known="json, html"))

    async def named(request: Request) -> Response:
        pairs = parse_qsl(request.url.query, keep_blank_values=True)
        params = tuple((key, value) for key, value in pairs if key != "format")
        formats = [value for key, value in pairs if key == "format"]
        job = Job(name=request.path_params["name"], params=params, accept=request.headers.get("accept"),
                  fmt=formats[-1] if formats else None)
        return _send(await workers.run(job))

    def index(request: Request) -> Response:
        from graph.query import named_queries
        from graph.server.page import CONTENT_SECURITY_POLICY, query_page_html
        from graph.store import PREFIXES

        page = query_page_html(named_queries().values(), PREFIXES)
        return Response(page, media_type="text/html; charset=utf-8", headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        })

    def static(request: Request) -> Response:
        from graph.server.page import STATIC_DIR, STATIC_FILES

        path = request.path_params["path"]
        media_type = STATIC_FILES.get(path)
        if media_type is None:
            return _error(ServeError(Msg.W018, path=request.url.path))
        return FileResponse(STATIC_DIR / path, media_type=media_type,
                            headers={"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"})

    async def not_found(request: Request, exc: Exception) -> Response:
        return _error(ServeError(Msg.W018, path=request.url.path))

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries", listing, methods=["GET"]),
        Route("/queries/{name}", named, methods=["GET"]),
        Route("/static/{path:path}", static, methods=["GET", "HEAD"]),
    ]
    return Starlette(routes=routes, lifespan=lifespan, exception_handlers={404: not_found})


def _listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (``port`` 0: any free port).

    Raises:
        ServeError: W016 if the address cannot be used.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as error:
        raise ServeError(Msg.W016, host=host, port=port, detail=error.strerror or str(error)) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        raise ServeError(Msg.W016, host=host, port=port, detail=error.strerror or str(error)) from None
    sock.setblocking(False)
    return sock


def serve(store_path: Path | str, limits: Limits, *, host: str = "127.0.0.1", port: int = 7878) -> None:
    """Serve the store until interrupted; print the endpoint's URL once it answers.

    Raises:
        StoreError: if the store cannot be opened (checked before anything listens).
        ServeError: W016 if the address cannot be used, W017 if the workers cannot start.
    """
    import uvicorn

    from graph.store_base import open_store

    open_store(store_path, read_only=True).close()  # the store's own message, before listening
    sock = _listen(host, port)
    pool = WorkerPool(store_path, limits)
    try:
        pool.start()
    except BaseException:
        pool.close()
        sock.close()
        raise
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    app = create_app(store_path, limits, pool=pool)
    # a GET carries the query in its URL: let h11 read one over the cap, so it gets our 413
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                            h11_max_incomplete_event_size=3 * limits.max_query_bytes + 16 * 1024)
    server = uvicorn.Server(config)
    print(f"diplograph: serving {store_path} at http://{shown}:{bound_port}/sparql "
          f"({limits.workers} workers, {limits.timeout:g} s a query); Ctrl-C stops", flush=True)
    try:
        server.run(sockets=[sock])
    finally:
        pool.close()
        sock.close()
        print("diplograph: stopped", file=sys.stderr, flush=True)

