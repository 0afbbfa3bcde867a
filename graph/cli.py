"""The ``diplograph`` command: thin commands over the package's functions.

Each command parses its options and calls one function; our errors become a one-line
message on stderr and an exit status (1: some inputs failed, 2: the command failed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from graph import __version__
from graph.errors import DiplographError
from graph.records import PartialDate

app = typer.Typer(
    name="diplograph",
    help="Knowledge graphs of leaders, countries, events and positions from diplomatic readouts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOpt = Annotated[Path, typer.Option("--store", "-s", help="Oxigraph store folder.")]


def _err(message: str) -> None:
    typer.echo(f"diplograph: {message}", err=True)


def _fail(exc: DiplographError) -> typer.Exit:
    _err(str(exc))
    return typer.Exit(2)


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


def run_build(
    inputs: list[Path],
    store_path: Path | None,
    *,
    date: str | None = None,
    source: str | None = None,
    gazetteer: list[Path] | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    force: bool = False,
    validate: bool = True,
    quiet: bool = False,
) -> tuple[object, object]:
    """Build with a progress bar on a terminal; returns (report, store)."""
    from graph.pipeline import build_graph
    from graph.store import GraphStore

    store = GraphStore.open(store_path)
    show = not quiet and sys.stderr.isatty()

    def on_error(exc: DiplographError) -> None:
        _err(str(exc))

    if show:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      transient=True) as bar:
            task = bar.add_task("build", total=None)
            report = build_graph(inputs, store, date=_date(date), source=source, gazetteer_dirs=gazetteer or [],
                                 batch_size=batch_size, n_process=n_process, force=force, validate=validate,
                                 on_error=on_error, on_progress=lambda n: bar.update(task, completed=n))
    else:
        report = build_graph(inputs, store, date=_date(date), source=source, gazetteer_dirs=gazetteer or [],
                             batch_size=batch_size, n_process=n_process, force=force, validate=validate,
                             on_error=on_error)
    return report, store


@app.command()
def build(
    inputs: Annotated[list[Path], typer.Argument(help="Files, folders or .jsonl files of readouts.")],
    store: StoreOpt = Path("out/store"),
    date: Annotated[str | None, typer.Option(help="Publication date (YYYY[-MM[-DD]]) for readouts without one.")] = None,
    source: Annotated[str | None, typer.Option(help="Source (e.g. 'Élysée') for readouts without one.")] = None,
    gazetteer: Annotated[list[Path] | None, typer.Option(help="Folder of your own gazetteer TSV files (repeatable).")] = None,
    batch_size: Annotated[int, typer.Option(help="Readouts per batch.")] = 16,
    n_process: Annotated[int, typer.Option(help="spaCy worker processes.")] = 1,
    force: Annotated[bool, typer.Option(help="Rebuild readouts already in the store.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Build (or update) the graph of INPUTS into the store."""
    try:
        report, st = run_build(inputs, store, date=date, source=source, gazetteer=gazetteer, batch_size=batch_size,
                               n_process=n_process, force=force, quiet=quiet)
        stats = st.stats()  # type: ignore[attr-defined]
        st.close()  # type: ignore[attr-defined]
    except DiplographError as exc:
        raise _fail(exc) from None
    if not quiet:
        typer.echo(
            f"{report.read} readouts read: {report.built} built, {report.unchanged} unchanged, "  # type: ignore[attr-defined]
            f"{len(report.errors)} failed; the store holds {stats['triples']} triples"  # type: ignore[attr-defined]
        )
    if report.errors:  # type: ignore[attr-defined]
        raise typer.Exit(1)


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="A SPARQL query (or use --name / --file).")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="A named query (see --list).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="A file holding a SPARQL query.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE, bound to ?NAME.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json (SPARQL 1.1 JSON results).")] = "table",
    store: StoreOpt = Path("out/store"),
    list_: Annotated[bool, typer.Option("--list", help="List the named queries and what they answer.")] = False,
) -> None:
    """Run a named query, a SPARQL string or a query file against the store."""
    from graph.errors import Msg, QueryError
    from graph.query import named_queries, run_query

    try:
        if list_:
            for q in named_queries().values():
                params = ", ".join(f"?{p}" for p, _ in q.params) or "none"
                typer.echo(f"{q.name:<18} {q.answers}  (params: {params})")
            return
        if file is not None:
            try:
                sparql = file.read_text(encoding="utf-8")
            except OSError as exc:
                raise QueryError(Msg.Q006, path=file, detail=exc.strerror) from None
        if (sparql is None) == (name is None):
            _err("give exactly one of: a SPARQL string, --name or --file (see --list)")
            raise typer.Exit(2)
        params: dict[str, str] = {}
        for p in param or []:
            k, sep, v = p.partition("=")
            if not sep:
                _err(f"--param {p!r}: expected NAME=VALUE")
                raise typer.Exit(2)
            params[k.lstrip("?")] = v
        from graph.store import GraphStore

        with GraphStore.open(store, read_only=True) as st:
            result = run_query(st, sparql, name=name, params=params)
        if fmt == "json":
            typer.echo(result.to_json())
        elif fmt == "csv":
            typer.echo(result.to_csv(), nl=False)
        elif fmt == "table":
            from rich.console import Console

            Console(width=200 if not sys.stdout.isatty() else None).print(result.to_table())
        else:
            raise QueryError(Msg.Q004, fmt=fmt, known="table, csv, json")
    except DiplographError as exc:
        raise _fail(exc) from None


@app.command()
def export(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    fmt: Annotated[str, typer.Option("--format", help="trig, turtle, nquads or jsonld.")] = "trig",
    store: StoreOpt = Path("out/store"),
) -> None:
    """Export the whole graph (TriG/N-Quads/JSON-LD keep the named graphs; Turtle is the union)."""
    from graph.store import GraphStore

    try:
        with GraphStore.open(store, read_only=True) as st:
            st.export(output, fmt)
    except DiplographError as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {output}")


@app.command()
def viz(
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("out/graph.html"),
    store: StoreOpt = Path("out/store"),
    focus: Annotated[str | None, typer.Option(help="Keep one leader or topic (label or QID) and its neighbours.")] = None,
    since: Annotated[str | None, typer.Option(help="Only events and positions from this date (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Only events and positions up to this date (ISO).")] = None,
    mentions: Annotated[bool, typer.Option(help="Also draw every entity each readout mentions.")] = False,
) -> None:
    """Write an interactive HTML view of the graph that works offline."""
    from graph.store import GraphStore
    from graph.viz import VizOptions, write_html

    try:
        with GraphStore.open(store, read_only=True) as st:
            write_html(st, output, VizOptions(focus=focus, since=since, until=until, include_mentions=mentions))
    except DiplographError as exc:
        raise _fail(exc) from None
    typer.echo(f"wrote {output}")


@app.command()
def stats(store: StoreOpt = Path("out/store")) -> None:
    """Count documents, triples, leaders, events and positions in the store."""
    from graph.store import GraphStore

    try:
        with GraphStore.open(store, read_only=True) as st:
            for k, v in st.stats().items():
                typer.echo(f"{k:<14} {v}")
    except DiplographError as exc:
        raise _fail(exc) from None


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", help="Folder for the store, the TriG export and the HTML view.")] = Path("out"),
) -> None:
    """Build the bundled sample readouts into OUT/store, OUT/readouts.trig and OUT/graph.html."""
    from graph.resources import samples_dir
    from graph.viz import write_html

    out.mkdir(parents=True, exist_ok=True)
    try:
        report, st = run_build([samples_dir()], out / "store")
        st.export(out / "readouts.trig", "trig")  # type: ignore[attr-defined]
        write_html(st, out / "graph.html")
        s = st.stats()  # type: ignore[attr-defined]
        st.close()  # type: ignore[attr-defined]
    except DiplographError as exc:
        raise _fail(exc) from None
    typer.echo(
        f"\nBuilt the {s['documents']} sample readouts: {s['triples']} triples, {s['leaders']} leaders, "
        f"{s['events']} events, {s['positions']} positions.\n"
        f"  store   {out / 'store'}\n  export  {out / 'readouts.trig'}\n  view    {out / 'graph.html'}\n\n"
        "Try next:\n"
        f"  diplograph query --list --store {out / 'store'}\n"
        f"  diplograph query --name events --store {out / 'store'}\n"
        f"  diplograph query --name positions --format csv --store {out / 'store'}\n"
        f"  diplograph viz --focus 'Vladimir Putin' -o {out / 'putin.html'} --store {out / 'store'}\n"
    )
    if report.errors:  # type: ignore[attr-defined]
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
        Path | None, typer.Option("--store", "-s", metavar="DIR", help="Oxigraph store folder (default: out/store).")
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

    try:
        if store is not None and json_dir is not None:
            raise EvaluationError(Msg.M009)
        rows = rows_from_json(json_dir) if json_dir is not None else rows_from_store(store or Path("out/store"))
        report = score_against_gold(gold or bundled_gold_dir(), rows, docs=doc)
    except DiplographError as exc:
        raise _fail(exc) from None
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

    try:
        result = run_benchmark(copies, n_process=n_process, batch_size=batch_size)
    except DiplographError as exc:
        raise _fail(exc) from None
    typer.echo(result.to_text())


if __name__ == "__main__":  # pragma: no cover
    app()
