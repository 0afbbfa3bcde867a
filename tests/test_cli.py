"""The command line: thin commands, one-line errors, exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.cli import app
from graph.store import GraphStore

DATA = Path(__file__).parent / "data"
runner = CliRunner()


@pytest.fixture()
def mini_store(tmp_path: Path) -> Path:
    path = tmp_path / "store"
    with GraphStore.open(path) as st:
        st.load(DATA / "mini.trig")
    return path


def _commands() -> list[str]:
    import typer.main

    return list(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_version_and_help() -> None:
    assert runner.invoke(app, ["--version"]).output.startswith("diplograph ")
    assert {"build", "query", "export", "viz", "stats", "demo"} <= set(_commands())
    for cmd in ("build", "query", "export", "viz", "stats", "demo"):
        result = runner.invoke(app, [cmd, "--help"])
        assert (result.exit_code == 0 and "--store" in result.output) or cmd == "demo", cmd


@pytest.mark.parametrize("cmd", ["", *_commands()])
def test_help_shows_flags_as_flags_and_values_by_metavar(cmd: str) -> None:
    """`--quiet`, not `--quiet <bool>`; `INPUT <path>...`, not `<list[Path]>`: on every command,
    including those added later."""
    result = runner.invoke(app, [*([cmd] if cmd else []), "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "--help" in result.output
    assert "<bool>" not in result.output and "<list[" not in result.output, result.output


@pytest.mark.parametrize("cmd", _commands())
def test_version_works_before_every_command(cmd: str) -> None:
    result = runner.invoke(app, ["--version", cmd])
    assert result.exit_code == 0 and result.output.startswith("diplograph ")


def test_build_help_names_its_arguments_and_flags() -> None:
    out = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "200"}).output
    assert "INPUT" in out and "<path>..." in out
    assert "--quiet" in out and "-q" in out and "--force" in out and "--no-force" not in out


def test_the_group_is_the_one_error_boundary() -> None:
    """Commands carry no try/except of their own: the group turns our errors into one line."""
    import ast

    import graph.commands

    tree = ast.parse(Path(graph.commands.__file__).read_text(encoding="utf-8"))
    handlers = [
        node for node in ast.walk(tree)
        if isinstance(node, ast.ExceptHandler) and "DiplographError" in ast.unparse(node.type or ast.Name("?"))
    ]
    assert len(handlers) == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["stats"], "[S004]"),
        (["export", "-o", "x.trig"], "[S004]"),
        (["viz"], "[S004]"),
        (["query", "--name", "events"], "[S004]"),
        (["build", "--date", "2024-13", "in"], "[I008]"),
    ],
)
def test_every_command_reports_our_errors_on_stderr_with_status_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Emmanuel Macron.", encoding="utf-8")
    result = runner.invoke(app, [*args, "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"diplograph: {code} ") and result.stderr.count("\n") == 1
    assert result.stdout == "" and "Traceback" not in result.output


def test_a_failed_build_closes_its_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.pipeline
    from graph.errors import Msg, StoreError

    opened: list[GraphStore] = []

    def failing_build(inputs: object, store: GraphStore, **kwargs: object) -> None:
        opened.append(store)
        raise StoreError(Msg.S005, graph="g", path=store.path, detail="disk full")

    monkeypatch.setattr(graph.pipeline, "build_graph", failing_build)
    result = runner.invoke(app, ["build", str(tmp_path), "--store", str(tmp_path / "store")])
    assert result.exit_code == 2 and "[S005]" in result.stderr and "disk full" in result.stderr
    assert len(opened) == 1 and opened[0].closed


def test_the_demo_closes_its_store_when_a_later_step_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.pipeline
    import graph.viz
    from graph.errors import Msg, VizError
    from graph.pipeline import BuildReport

    opened: list[GraphStore] = []

    def quick_build(inputs: object, store: GraphStore, **kwargs: object) -> BuildReport:
        opened.append(store)
        return BuildReport()

    def failing_html(*args: object, **kwargs: object) -> None:
        raise VizError(Msg.V001)

    monkeypatch.setattr(graph.pipeline, "build_graph", quick_build)
    monkeypatch.setattr(graph.viz, "write_html", failing_html)
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "out")])
    assert result.exit_code == 2 and "[V001]" in result.stderr
    assert len(opened) == 1 and opened[0].closed


def test_counts_are_pluralised() -> None:
    from graph.cli import _count

    assert [_count(n, "readout") for n in (0, 1, 2)] == ["0 readouts", "1 readout", "2 readouts"]


def test_query_list_names_the_contract_queries() -> None:
    result = runner.invoke(app, ["query", "--list"])
    assert result.exit_code == 0
    names = {line.split()[0] for line in result.output.splitlines() if line.strip()}
    assert {"events", "positions", "mentions"} <= names


@pytest.mark.parametrize("fmt", ["json", "csv", "table"])
def test_query_formats(mini_store: Path, fmt: str) -> None:
    result = runner.invoke(app, ["query", "--name", "mentions", "--format", fmt, "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        assert json.loads(result.output)["head"]["vars"][:4] == ["doc", "kind", "label", "wikidata"]
    elif fmt == "csv":
        assert result.output.splitlines()[0].startswith("doc,kind,label,wikidata")
    else:
        assert "label" in result.output


def test_query_file_and_param(mini_store: Path, tmp_path: Path) -> None:
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?doc WHERE { ?r <http://purl.org/dc/terms/identifier> ?doc }", encoding="utf-8")
    assert runner.invoke(app, ["query", "--file", str(q), "--format", "csv", "--store", str(mini_store)]).exit_code == 0
    bad = runner.invoke(app, ["query", "--name", "events", "--param", "nope=1", "--store", str(mini_store)])
    assert bad.exit_code == 2 and "[Q005]" in bad.output


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], "[Q012]"),
        (["SELECT * WHERE { ?s ?p ?o }", "--name", "events"], "[Q012]"),
        (["--name", "events", "--file", "q.rq"], "[Q012]"),
        (["--name", "events", "--param", "doc"], "[Q013]"),
        (["--name", "events", "--param", "=x"], "[Q013]"),
        (["--name", "events", "--param", "doc=\udcff"], "[Q014]"),  # a byte that is not UTF-8
    ],
)
def test_query_usage_errors_come_from_the_catalogue(mini_store: Path, args: list[str], code: str) -> None:
    result = runner.invoke(app, ["query", *args, "--store", str(mini_store)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"diplograph: {code} ")


CONSTRUCT = "CONSTRUCT { ?r a dg:Readout } WHERE { ?r a dg:Readout }"


def test_construct_prints_turtle_by_default(mini_store: Path) -> None:
    from rdflib import Graph

    result = runner.invoke(app, ["query", CONSTRUCT, "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    assert "@prefix dg: <https://w3id.org/diplograph/ontology#> ." in result.output
    assert "┃" not in result.output and '"head"' not in result.output
    assert len(Graph().parse(data=result.output, format="turtle")) == 2


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "jsonld"])
def test_construct_and_describe_print_rdf(mini_store: Path, fmt: str) -> None:
    import pyoxigraph as ox

    rdf_format = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
    for sparql, at_least in ((CONSTRUCT, 2), ("DESCRIBE ?r WHERE { ?r a dg:Readout }", 10)):
        result = runner.invoke(app, ["query", sparql, "--format", fmt, "--store", str(mini_store)])
        assert result.exit_code == 0, result.output
        triples = list(ox.parse(result.output.encode("utf-8"), rdf_format[fmt]))
        assert len(triples) >= at_least, sparql
    if fmt == "ntriples":
        assert all(line.endswith(" .") for line in result.output.splitlines())


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_graph_result_refuses_table_formats(mini_store: Path, fmt: str) -> None:
    result = runner.invoke(app, ["query", CONSTRUCT, "--format", fmt, "--store", str(mini_store)])
    assert result.exit_code == 2 and "[Q011]" in result.stderr and "turtle" in result.stderr


@pytest.mark.parametrize(("ask", "answer"), [("ASK { ?r a dg:Readout }", "true"), ("ASK { ?r a dg:Nothing }", "false")])
def test_ask_prints_true_or_false(mini_store: Path, ask: str, answer: str) -> None:
    result = runner.invoke(app, ["query", ask, "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{answer}\n"
    as_json = runner.invoke(app, ["query", ask, "--format", "json", "--store", str(mini_store)])
    assert json.loads(as_json.output) == {"head": {}, "boolean": answer == "true"}


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "[Q003]"),
        ("SELECT * WHERE { ?s ?p ", "[Q002]"),
    ],
)
def test_refused_and_broken_queries_are_one_line_errors(mini_store: Path, query: str, code: str) -> None:
    result = runner.invoke(app, ["query", query, "--store", str(mini_store)])
    assert result.exit_code == 2
    assert code in result.output and "Traceback" not in result.output


def test_a_missing_store_is_explained(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "--name", "events", "--store", str(tmp_path / "nowhere")])
    assert result.exit_code == 2 and "[S004]" in result.output and "diplograph build" in result.output


@pytest.mark.parametrize("fmt", ["trig", "turtle", "nquads", "jsonld"])
def test_export(mini_store: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"all.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "-o", str(out), "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_export_to_standard_output(mini_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyoxigraph as ox

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", "--format", "nquads", "-o", "-", "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    assert "wrote" not in result.stdout
    with GraphStore.open(mini_store, read_only=True) as st:
        assert len(list(ox.parse(result.stdout_bytes, ox.RdfFormat.N_QUADS))) == st.count()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600)])
def test_export_gets_the_users_permissions(mini_store: Path, tmp_path: Path, umask: int, mode: int) -> None:
    import os
    import stat

    out = tmp_path / "all.trig"
    old = os.umask(umask)
    try:
        result = runner.invoke(app, ["export", "-o", str(out), "--store", str(mini_store)])
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(out.stat().st_mode) == mode


def test_export_unknown_format(mini_store: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--format", "rdfxml", "-o", str(tmp_path / "x"), "--store", str(mini_store)])
    assert result.exit_code == 2 and "[S003]" in result.output and "trig" in result.output


def test_viz_writes_an_offline_page(mini_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.html"
    result = runner.invoke(app, ["viz", "-o", str(out), "--store", str(mini_store)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "<script src=\"http" not in html and "vis-network" in html.lower()


@pytest.mark.slow
def test_build_reports_bad_files_and_exits_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Emmanuel Macron s'est entretenu avec Vladimir Poutine.", encoding="utf-8")
    (src / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(app, ["build", str(src), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "[I002]" in result.output
    assert "1 built" in result.output and "1 failed" in result.output
    assert "1 readout read:" in result.output
