"""The ``diplograph`` command: thin commands over the package's functions.

Each command parses its options and calls one function. The command group is the one
error boundary: a :class:`~graph.errors.DiplographError` raised by any command becomes
``diplograph: [CODE] message`` on stderr and exit status 2, so a command carries no
``try``/``except`` of its own. Exit status 1 means some inputs failed and the rest was
done. A new command is one more ``@app.command()`` function; it gets the boundary and a
tidy ``--help`` from the group.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from graph import __version__
from graph.errors import DiplographError
from graph.ingest import DEFAULT_MAX_CHARS
from graph.records import PartialDate

if TYPE_CHECKING:
    # typer's command classes are typed with the click it is built on (typer._click)
    from typer._click import Command, Context, Parameter

    from graph.pipeline import BuildReport
    from graph.store_base import Store


def _err(message: str) -> None:
    from graph.cli_query import error_line

    typer.echo(error_line(message), err=True)


class _RepeatedArgument(TyperArgument):
    """An argument taking one value or more, shown in the help by the type of one value
    (``INPUT <path>...``) rather than by its Python type (``<list[Path]>``)."""

    def display_type_rich(self, ctx: Context) -> str | None:
        items = get_args(self.type_descriptor.annotation)
        one = items[0].__name__.lower() if items and isinstance(items[0], type) else "value"
        return f"<{one}>..."


def _tidy(params: list[Parameter]) -> list[Parameter]:
    """Make the help show what a user types: a flag with no value after it (typer
    would show ``--quiet <bool>``), a repeated argument as ``INPUT <path>...``."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""
        elif type(param) is TyperArgument and param.nargs != 1 and param.metavar is not None:
            # typer builds its parameters itself and offers no way to pick their class;
            # the subclass only changes how the help shows the type
            param.__class__ = _RepeatedArgument
    return params


class _Group(TyperGroup):
    """The ``diplograph`` group: the error boundary and the help of every command."""

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except DiplographError as exc:
            _err(str(exc))
            raise typer.Exit(2) from None

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _tidy(super().get_params(ctx))

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _tidy(command.get_params(ctx))
        return command


app = typer.Typer(
    cls=_Group,
    name="diplograph",
    help="Knowledge graphs of leaders, countries, events and positions from diplomatic readouts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOpt = Annotated[
    str,
    typer.Option(
        "--store", "-s", metavar="<folder|url>",
        help="Oxigraph store folder, or the URL of a SPARQL 1.1 server (see 'Remote stores' in the README).",
    ),
]
MaxCharsOpt = Annotated[
    int,
    typer.Option(
        "--max-chars", metavar="<n>", min=1,
        help="Longest readout to build, in characters; a longer one is reported and left out.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"diplograph {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool | None, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = None,
) -> None:
    """Knowledge graphs of leaders, countries, events and positions from diplomatic readouts."""


def _date(value: str | None) -> PartialDate | None:
    if value is None:
        return None
    from graph.ingest import parse_date

    return parse_date(value)


def _count(n: int, noun: str) -> str:
    """``1 readout``, ``2 readouts``."""
    return f"{n} {noun}{'' if n == 1 else 's'}"


@contextmanager
def _progress_bar(total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr for ``total`` readouts (count, rate, time left); yields
    the function to call with the number done."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class Rate(ProgressColumn):
        """Readouts a second, once there is a measure."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f} readouts/s")

    columns = (TextColumn("building"), BarColumn(), MofNCompleteColumn(), Rate(), TextColumn("eta"),
               TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("build", total=total or None)
        yield lambda done: bar.update(task, completed=done)


def _models(pairs: list[str]) -> dict[str, str]:
    """``LANG=PACKAGE`` pairs of ``--model`` as a dict.

    Raises:
        ExtractError: E007 for a pair with no ``=``, no language or no package.
    """
    from graph.errors import ExtractError, Msg

    chosen: dict[str, str] = {}
    for pair in pairs:
        code, sep, package = pair.partition("=")
        if not sep or not code.strip() or not package.strip():
            raise ExtractError(Msg.E007, value=pair)
        chosen[code.strip().lower()] = package.strip()
    return chosen


@contextmanager
def run_build(
    inputs: list[Path],
    store_path: Path | str | None,
    *,
    date: str | None = None,
    source: str | None = None,
    gazetteer: list[Path] | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    force: bool = False,
    validate: bool = True,
    quiet: bool = False,
    max_chars: int | None = None,
    lang: str | None = None,
    models: list[str] | None = None,
) -> Iterator[tuple[BuildReport, Store]]:
    """Build into the store, with a progress bar when stderr is a terminal.

    Use it as ``with run_build(...) as (report, store):``; the store is closed when the
    block ends, however it ends. Bad inputs are reported on stderr as they come.

    Raises:
        DiplographError: when the store cannot be opened or the build cannot go on.
    """
    from graph.ingest import count_inputs
    from graph.pipeline import build_graph
    from graph.store_base import open_store

    def on_error(exc: DiplographError) -> None:
        _err(str(exc))

    when = _date(date)  # a bad date is told before any folder is made
    chosen = _models(models or [])

    def build(store: Store, on_progress: Callable[[int], None] | None) -> BuildReport:
        return build_graph(inputs, store, date=when, source=source, gazetteer_dirs=gazetteer or [],
                           batch_size=batch_size, n_process=n_process, force=force, validate=validate,
                           on_error=on_error, on_progress=on_progress, max_chars=max_chars, lang=lang,
                           models=chosen, on_warning=on_error)

    with open_store(store_path) as store:
        if not quiet and sys.stderr.isatty():
            with _progress_bar(count_inputs(inputs)) as tick:
                report = build(store, tick)
        else:
            report = build(store, None)
        yield report, store


@app.command()
def build(
    inputs: Annotated[
        list[Path], typer.Argument(metavar="INPUT", help="Files, folders or .jsonl files of readouts.")
    ],
    store: StoreOpt = "out/store",
    date: Annotated[
        str | None, typer.Option(metavar="<date>", help="Publication date (YYYY[-MM[-DD]]) for readouts without one.")
    ] = None,
    source: Annotated[
        str | None, typer.Option(metavar="<name>", help="Source (e.g. 'Élysée') for readouts without one.")
    ] = None,
    gazetteer: Annotated[
        list[Path] | None,
        typer.Option(metavar="<folder>", help="Folder of your own gazetteer TSV files (repeatable)."),
    ] = None,
    batch_size: Annotated[int, typer.Option(help="Readouts per batch.")] = 16,
    n_process: Annotated[int, typer.Option(help="spaCy worker processes.")] = 1,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild readouts the store holds with the same text and metadata.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
    lang: Annotated[
        str | None,
        typer.Option(metavar="<code>", help="Language (fr, en…) of readouts whose record names none; "
                                            "told from each text when not given."),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option(metavar="<lang=package>", help="spaCy model of a language, e.g. en=en_core_web_sm "
                                                    "(repeatable; default: each language pack's own)."),
    ] = None,
) -> None:
    """Build (or update) the graph of the INPUT files and folders into the store."""
    with run_build(inputs, store, date=date, source=source, gazetteer=gazetteer, batch_size=batch_size,
                   n_process=n_process, force=force, quiet=quiet, max_chars=max_chars, lang=lang,
                   models=model) as (report, st):
        stats = st.stats()
    if not quiet:
        empty = f" ({len(report.warnings)} with no call or meeting found)" if report.warnings else ""
        typer.echo(
            f"{_count(report.read, 'readout')} read: {report.built} built{empty}, {report.unchanged} unchanged, "
            f"{len(report.errors)} failed; the store holds {_count(stats['triples'], 'triple')}"
        )
        if report.unchanged and not report.built:
            typer.echo("(unchanged readouts have the same text, date and source as stored; --force rebuilds them)")
    if report.errors:
        raise typer.Exit(1)


@app.command()
def query(
    sparql: Annotated[
        str | None, typer.Argument(metavar="SPARQL", help="A SPARQL query (or use --name / --file).")
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", "-n", metavar="<name>", help="A named query (see --list).")
    ] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="A file holding a SPARQL query.")] = None,
    param: Annotated[
        list[str] | None,
        typer.Option("--param", "-p", metavar="<name=value>", help="Bound to ?NAME (repeatable)."),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="<format>",
            help="SELECT: table (default), csv, tsv or json (SPARQL 1.1 results); ASK prints true or false; "
            "CONSTRUCT and DESCRIBE: turtle (default), ntriples or jsonld.",
        ),
    ] = None,
    store: StoreOpt = "out/store",
    list_: Annotated[bool, typer.Option("--list", help="List the named queries and what they answer.")] = False,
) -> None:
    """Run a named query, a SPARQL string or a query file against the store."""
    from graph.cli_query import run

    if list_:
        from graph.query import named_queries

        for q in named_queries().values():
            names = ", ".join(f"?{p}" for p, _ in q.params) or "none"
            typer.echo(f"{q.name:<18} {q.answers}  (params: {names})")
        return
    run(sparql, name, file, param or [], fmt, store)


def _at_least(option: str, value: float, minimum: float, what: str, maximum: float = float("inf")) -> None:
    if not minimum <= value <= maximum:
        from graph.errors import Msg, ServeError

        raise ServeError(Msg.W015, option=option, what=what, value=value)


@app.command()
def serve(
    store: StoreOpt = "out/store",
    host: Annotated[
        str, typer.Option(metavar="<host>", help="Address to listen on; only this machine by default.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="<port>", help="Port to listen on (0: any free port).")] = 7878,
    timeout: Annotated[
        float, typer.Option(metavar="<seconds>", help="Time limit of a query; past it the query is stopped (503).")
    ] = 30.0,
    max_rows: Annotated[
        int, typer.Option(metavar="<n>", help="Most rows (or triples) an answer holds; more are cut, with a header"
                                              " (0: no cap, answers whole up to --max-response-bytes).")
    ] = 10_000,
    max_response_bytes: Annotated[
        int, typer.Option(metavar="<n>", help="Most bytes an answer holds; rows beyond are cut, with a header.")
    ] = 64 * 1024 * 1024,
    max_query_bytes: Annotated[
        int, typer.Option(metavar="<n>", help="Longest query taken (413 beyond).")
    ] = 64 * 1024,
    workers: Annotated[int, typer.Option(metavar="<n>", help="Queries run at once, each in its own process.")] = 2,
    queue: Annotated[
        int, typer.Option(metavar="<n>", help="Queries that may wait for a worker; beyond, 503 with Retry-After.")
    ] = 8,
) -> None:
    """Serve the store read-only as a SPARQL 1.1 endpoint (/sparql) with the named queries as URLs (/queries)."""
    _at_least("--port", port, 0, "a port number (0 to 65535)", 65535)
    _at_least("--timeout", timeout, 0.1, "at least 0.1 seconds")
    _at_least("--max-rows", max_rows, 0, "a whole number of at least 0 (0: no cap)")
    for option, value in (("--max-response-bytes", max_response_bytes),
                          ("--max-query-bytes", max_query_bytes), ("--workers", workers)):
        _at_least(option, value, 1, "a whole number of at least 1")
    _at_least("--queue", queue, 0, "a whole number of at least 0")
    from graph.server.app import serve as serve_store
    from graph.server.workers import Limits

    limits = Limits(timeout=timeout, max_rows=max_rows, max_response_bytes=max_response_bytes,
                    max_query_bytes=max_query_bytes, workers=workers, queue=queue)
    serve_store(store, limits, host=host, port=port)


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write; - for standard output.")],
    fmt: Annotated[str, typer.Option("--format", metavar="<format>", help="trig, turtle, nquads or jsonld.")] = "trig",
    store: StoreOpt = "out/store",
) -> None:
    """Export the whole graph (TriG/N-Quads/JSON-LD keep the named graphs; Turtle is the union)."""
    from graph.store_base import open_store

    with open_store(store, read_only=True) as st:
        if output == Path("-"):
            stdout = typer.get_binary_stream("stdout")
            st.export(stdout, fmt)
            stdout.flush()
            return
        st.export(output, fmt)
    typer.echo(f"wrote {output}")


@app.command()
def viz(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("out/graph.html"),
    store: StoreOpt = "out/store",
    focus: Annotated[
        str | None,
        typer.Option(
            metavar="<name>", help="Keep one leader or topic (any name or alias, a label or a QID) and its neighbours."
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option(metavar="<date>", help="Only events and positions from this date (ISO).")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="<date>", help="Only events and positions up to this date (ISO).")
    ] = None,
    positions: Annotated[
        bool, typer.Option("--positions/--no-positions", help="Draw what each leader said (positions) and its topics.")
    ] = True,
    mentions: Annotated[bool, typer.Option("--mentions", help="Also draw every entity each readout mentions.")] = False,
) -> None:
    """Write an interactive HTML view of the graph that works offline."""
    from graph.store_base import open_store
    from graph.viz import VizOptions, write_html

    options = VizOptions(focus=focus, since=since, until=until, include_positions=positions, include_mentions=mentions)
    with open_store(store, read_only=True) as st:
        write_html(st, output, options)
    typer.echo(f"wrote {output}")


@app.command()
def stats(store: StoreOpt = "out/store") -> None:
    """Count documents, triples, leaders, events and positions in the store."""
    from graph.store_base import open_store

    with open_store(store, read_only=True) as st:
        for k, v in st.stats().items():
            typer.echo(f"{k:<14} {v}")


@app.command()
def demo(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the store, the TriG export and the HTML view.")
    ] = Path("out"),
    max_chars: MaxCharsOpt = DEFAULT_MAX_CHARS,
) -> None:
    """Build the bundled sample readouts into OUT/store, OUT/readouts.trig and OUT/graph.html."""
    from graph.resources import samples_dir
    from graph.viz import write_html

    out.mkdir(parents=True, exist_ok=True)
    with run_build([samples_dir()], out / "store", max_chars=max_chars) as (report, st):
        st.export(out / "readouts.trig", "trig")
        write_html(st, out / "graph.html")
        s = st.stats()
    typer.echo(
        f"\nBuilt the {_count(s['documents'], 'sample readout')}: {_count(s['triples'], 'triple')}, "
        f"{_count(s['leaders'], 'leader')}, {_count(s['events'], 'event')}, {_count(s['positions'], 'position')}.\n"
        f"  store   {out / 'store'}\n  export  {out / 'readouts.trig'}\n  view    {out / 'graph.html'}\n\n"
        "Try next:\n"
        f"  diplograph query --list --store {out / 'store'}\n"
        f"  diplograph query --name events --store {out / 'store'}\n"
        f"  diplograph query --name positions --format csv --store {out / 'store'}\n"
        f"  diplograph viz --focus 'Vladimir Putin' -o {out / 'putin.html'} --store {out / 'store'}\n"
    )
    if report.errors:
        raise typer.Exit(1)


@app.command()
def evaluate(
    gold: Annotated[
        Path | None,
        typer.Argument(
            metavar="GOLD_DIR", show_default=False,
            help="Folder of gold *.json files, one per readout (default: the bundled gold of the sample readouts).",
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store", "-s", metavar="<folder|url>", help="Store folder or SPARQL server URL (default: out/store)."
        ),
    ] = None,
    json_dir: Annotated[
        Path | None,
        typer.Option(
            "--json-dir", metavar="DIR",
            help="Score events.json, positions.json and mentions.json (from 'query --name NAME --format json') "
            "instead of a store.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    doc: Annotated[
        list[str] | None, typer.Option("--doc", metavar="ID", help="Score only this document (repeatable).")
    ] = None,
) -> None:
    """Score the store against gold annotations: precision, recall and F1 per figure, and every miss.

    Exit status 0 whatever the figures (this measures, it does not judge); 2 when input is unreadable.
    """
    from graph.errors import EvaluationError, Msg
    from graph.eval import bundled_gold_dir, rows_from_json, rows_from_store
    from graph.eval import evaluate as score_against_gold

    if store is not None and json_dir is not None:
        raise EvaluationError(Msg.M009)
    rows = rows_from_json(json_dir) if json_dir is not None else rows_from_store(store or "out/store")
    report = score_against_gold(gold or bundled_gold_dir(), rows, docs=doc)
    if as_json:
        typer.echo(report.to_json())
    else:
        typer.echo(report.to_text(), nl=False)


@app.command()
def bench(
    copies: Annotated[int, typer.Argument(metavar="N", help="Copies of the five sample readouts to build.")] = 20,
    n_process: Annotated[int, typer.Option(metavar="P", help="spaCy worker processes.")] = 1,
    batch_size: Annotated[int, typer.Option(metavar="B", help="Readouts per batch.")] = 16,
) -> None:
    """Time a build of N copies of the sample readouts against the bare spaCy parse of the same
    texts: readouts/s, tokens/s, their ratio, time per build stage, peak memory, store size.

    Exit status 0 whatever the figures (this measures, it does not judge); 2 when it cannot run.
    """
    from graph.eval import run_benchmark

    result = run_benchmark(copies, n_process=n_process, batch_size=batch_size)
    typer.echo(result.to_text())


if __name__ == "__main__":  # pragma: no cover
    app()
