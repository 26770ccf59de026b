"""``zhichan query`` on the seed build: prepared queries by name, .rq files, -e, the output formats, and errors.

Results go to stdout; an error is one line on stderr (``E4xx …; fix: …``) and exit status 2. The store is a
private copy of the seed build (``test_queries.store_path``), opened read-only by the command.
"""
from __future__ import annotations

import csv
import gc
import io
import json

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from test_queries import INJECTIONS, QUERY_FILES, norm, seed_quads, store_path  # noqa: F401  (fixtures)
from zhichan.cli import app
from zhichan.store import sorted_nquads

runner = CliRunner()


def query(store_path, *args, env=None):
    return runner.invoke(app, ["query", "--store", str(store_path), *args], env=env)


def fails_with(result, code: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(code) and "fix:" in lines[0], result.stderr
    assert result.stdout == ""


def store_nquads(path) -> str:
    st = ox.Store.read_only(str(path))
    try:
        return sorted_nquads(st)
    finally:
        del st
        gc.collect()


def test_list_shows_name_summary_and_parameters(store_path):
    result = query(store_path, "--list")
    assert result.exit_code == 0, result.output
    for path in QUERY_FILES:
        assert path.stem in result.stdout
    assert "Campaigns" in result.stdout or "campaigns" in result.stdout
    assert "--param body (label-or-iri)" in result.stdout and "e.g. 青岛海关" in result.stdout


def test_help_has_examples():
    result = runner.invoke(app, ["query", "--help"])
    assert result.exit_code == 0 and "zhichan query programs-by-organiser --param body=" in result.stdout


def test_prepared_query_with_parameters_as_csv(store_path):
    result = query(store_path, "programs-by-organiser", "--param", "body=青岛海关", "-p", "year=2023", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"龙腾2023", "蓝网行动", "净网行动"} <= {norm(r["programLabel"]) for r in table}
    assert "body" not in table[0] and "year" not in table[0]  # parameter columns are dropped


def test_sparql_prints_the_query_with_its_parameters_written_in(store_path):
    """--sparql: the text for another tool; run as plain SPARQL it gives the rows the runner gives."""
    from zhichan import queries as Q

    for name, params in (("funding", ["funder=青岛农商银行"]), ("org-hierarchy", []), ("ip-finance", ["keyword=质押"])):
        result = query(store_path, name, *sum((["-p", p] for p in params), []), "--sparql")
        assert result.exit_code == 0, result.output
        text = result.stdout
        assert all(f'"{p.split("=", 1)[1]}"' in text for p in params)  # written in as terms
        st = ox.Store.read_only(str(store_path))
        try:
            plain = Q.execute(st, text, union=False)
            prepared = Q.run(st, name, dict(p.split("=", 1) for p in params))
            hidden = {p.name for p in Q.get(name).params} | {v for v in plain.variables if v.endswith("Gram")}
            keep = [v for v in plain.variables if v not in hidden]
            assert len(plain) == len(prepared) > 0, name
            assert sorted(str([s.get(v) for v in keep]) for s in plain.solutions) == \
                sorted(str([s.get(v) for v in keep]) for s in prepared.solutions), name
        finally:
            del st
    fails_with(query(store_path, "--sparql"), "E410")


def test_default_format_off_a_terminal_is_w3c_tsv(store_path):
    result = query(store_path, "agreement-signatories", "-p", "party=市公安局")
    assert result.exit_code == 0, result.output
    header, *lines = result.stdout.splitlines()
    assert header.split("\t")[:3] == ["?agreementLabel", "?parties", "?signatories"]
    # SPARQL 1.1 TSV: terms in Turtle form, so the count is a bare integer and labels keep their tag
    assert len(lines) == 1 and lines[0].split("\t")[1] == "4" and lines[0].split("\t")[0].endswith('"@zh')


def _parsed_by_pyoxigraph(text: str, fmt) -> list[dict]:
    answer = ox.parse_query_results(text, format=fmt)
    names = [v.value for v in answer.variables]
    return [{n: sol[n] for n in names if sol[n] is not None} for sol in answer]


def _parsed_by_rdflib(text: str, fmt: str) -> list[dict]:
    from rdflib.query import Result

    answer = Result.parse(io.BytesIO(text.encode("utf-8")), format=fmt)
    return [{str(k): v for k, v in row.asdict().items()} for row in answer]


@pytest.mark.parametrize("fmt", ["tsv", "xml", "json"])
def test_w3c_results_parse_with_pyoxigraph_and_rdflib(store_path, fmt):
    result = query(store_path, "metric-by-area-year", "--format", fmt)
    assert result.exit_code == 0, result.output
    theirs = _parsed_by_pyoxigraph(result.stdout, getattr(ox.QueryResultsFormat, fmt.upper()))
    assert len(theirs) >= 5
    assert any(str(sol.get("areaLabel", "")).startswith('"青岛市"') for sol in theirs)
    rdflib_rows = _parsed_by_rdflib(result.stdout, fmt)
    assert len(rdflib_rows) == len(theirs)
    assert {str(r.get("areaLabel")) for r in rdflib_rows} >= {"青岛市", "崂山区"}


def test_csv_is_the_w3c_form(store_path):
    result = query(store_path, "-e", "SELECT ?n WHERE { VALUES ?n { 1 2 } } ORDER BY ?n", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == b"n\r\n1\r\n2\r\n"


def test_ask_as_xml(store_path):
    result = query(store_path, "-e", "ASK { ?x zc:adminCode \"370212\" }", "--format", "xml")
    assert result.exit_code == 0, result.output
    assert bool(ox.parse_query_results(result.stdout, format=ox.QueryResultsFormat.XML)) is True


def test_the_default_graph_is_the_union_unless_told_otherwise(store_path):
    counted = query(store_path, "-e", "SELECT (COUNT(*) AS ?n) {?s ?p ?o}", "--format", "csv")
    assert counted.exit_code == 0, counted.output
    assert int(counted.stdout.split()[1]) == len(ox.Store.read_only(str(store_path)))
    empty = query(store_path, "-e", "SELECT (COUNT(*) AS ?n) {?s ?p ?o}", "--format", "csv", "--no-union")
    assert empty.stdout.split()[1] == "0"


@pytest.mark.parametrize("dirty, shown", [("a\x1b[31mred\x1b[0m", "a red"), ("x\x1b]0;title\x07y", "x y"),
                                          ("tab\there\nnext", "tab here next"), ("bell\x07\x9b", "bell")])
def test_table_cells_lose_terminal_escapes(dirty, shown):
    from zhichan.cli_query import clean_cell

    assert clean_cell(dirty) == shown


def test_table_aligns_wide_characters():
    from wcwidth import wcswidth

    from zhichan.cli_query import format_table
    from zhichan.queries import Result

    lit = ox.Literal
    r = Result(form="SELECT", variables=["name", "n"],
               solutions=[{"name": lit("温州市科学技术局", language="zh"), "n": lit("7", datatype=ox.NamedNode(
                   "http://www.w3.org/2001/XMLSchema#integer"))},
                          {"name": lit("abc"), "n": lit("12", datatype=ox.NamedNode(
                              "http://www.w3.org/2001/XMLSchema#integer"))}])
    lines = format_table(r).splitlines()
    assert len({wcswidth(line) for line in lines[2:]}) == 1  # both rows end in the same column
    assert lines[3].endswith(" 12") and lines[2].endswith("  7")


def test_table(store_path):
    result = query(store_path, "metric-by-area-year", "--format", "table", "--max-width", "20")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("areaLabel") and set(lines[1]) <= {"-", " "}
    assert any("74000" in line and "青岛市" in line for line in lines)
    assert any("14214" in line and "崂山区" in line for line in lines)
    assert "rows)" in result.stderr


def test_json(store_path):
    result = query(store_path, "org-hierarchy", "-p", "root=青岛农商银行", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert "partLabel" in doc["head"]["vars"] and len(doc["results"]["bindings"]) == 3
    assert doc["results"]["bindings"][0]["part"]["type"] == "uri"


def test_construct_prints_turtle(store_path):
    result = query(store_path, "org-network-rdf")
    assert result.exit_code == 0, result.output
    graph = list(ox.parse(result.stdout.encode(), format=ox.RdfFormat.TURTLE))
    assert any(t.predicate.value == "http://www.w3.org/ns/org#linkedTo" for t in graph)


def test_ad_hoc_query_with_predeclared_prefixes(store_path):
    result = query(store_path, "-e", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a zc:Document } }",
                   "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["n", "3"]
    ask = query(store_path, "-e", "ASK { GRAPH ?g { ?x zc:adminCode \"370212\" } }", "--format", "json")
    assert json.loads(ask.stdout) == {"head": {}, "boolean": True}


def test_query_file(store_path, tmp_path):
    plain = tmp_path / "count.rq"
    plain.write_text("PREFIX zc: <https://w3id.org/zhichan/ontology#>\n"
                     "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?o a zc:Observation } }\n", encoding="utf-8")
    result = query(store_path, str(plain), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert int(result.stdout.splitlines()[1]) > 100
    prepared = tmp_path / "by-unit.rq"
    prepared.write_text("# title: 按单位的数据 | Figures by unit\n# summary-zh: 某一单位的全部数据。\n"
                        "# summary-en: Every figure stated in one unit.\n"
                        "# param: unit | literal | default: 件 | example: 元 | the unit as written\n# tags: figures\n"
                        "PREFIX zc: <https://w3id.org/zhichan/ontology#>\n"
                        "SELECT ?v ?unit WHERE { GRAPH ?g { ?o zc:unit ?u ; zc:value ?v } FILTER(COALESCE(sameTerm(?u, ?unit), true)) }\n",
                        encoding="utf-8")
    result = query(store_path, str(prepared), "-p", "unit=BP", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["v", "4.6"]


def test_store_from_the_environment(store_path):
    result = runner.invoke(app, ["query", "documents", "--format", "csv"], env={"ZHICHAN_STORE": str(store_path)})
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 4


@pytest.mark.parametrize("args,code", [
    (["campaigns-of-customs"], "E410"),
    (["programs-by-organiser", "-p", "organiser=青岛海关"], "E413"),
    (["programs-by-organiser", "-p", "year=去年"], "E414"),
    (["org-cooccurrence", "-p", "min_weight=2.5"], "E414"),
    (["policies-by-issuer", "-p", "kind=Regulation"], "E414"),
    (["programs-by-organiser", "-p", "青岛海关"], "E416"),
    (["documents", "--format", "xlsx"], "E418"),
    (["documents", "--format", "jsn"], "E418"),
    (["documents", "--format", "turtle"], "E418"),
    (["-e", "SELECT ?x WHERE { ?x }"], "E415"),
    (["-e", "SELECT * WHERE { ?s ?p ?o }", "-p", "x=1"], "E413"),
    ([], "E410"),
])
def test_errors_are_one_line_with_a_code_and_a_fix(store_path, args, code):
    fails_with(query(store_path, *args), code)


def test_bad_value_names_the_query_file_the_parameter_and_the_value(store_path):
    result = query(store_path, "programs-by-organiser", "-p", "year=去年")
    line = result.stderr.strip()
    assert "programs-by-organiser.rq" in line and "'year'" in line and "去年" in line and "year=2023" in line


def test_missing_store(tmp_path):
    fails_with(runner.invoke(app, ["query", "documents", "--store", str(tmp_path / "none")]), "E301")


@pytest.mark.parametrize("value", INJECTIONS)
def test_sparql_in_a_parameter_finds_nothing_and_changes_nothing(store_path, value):
    before = store_nquads(store_path)
    result = query(store_path, "programs-by-organiser", "-p", f"body={value}", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:] == []  # the header only
    assert store_nquads(store_path) == before


def test_columns(store_path):
    result = query(store_path, "agreement-signatories", "-c", "parties,agreementLabel", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "parties,agreementLabel" and lines[1].startswith("6,")
    fails_with(query(store_path, "agreement-signatories", "-c", "party"), "E421")
