"""`tradekg export` and `graph.nt`: each format round-trips or projects the seed graph, byte-stably."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from graph.cli import main
from graph.errors import UnknownFormatError
from graph.rdf.export import FORMATS, export, jsonld_context, writer_for
from graph.rdf.serialize import ntriples_lines, turtle_chunks, turtle_text
from ontology import data_path


def exported(directory: Path, fmt: str) -> bytes:
    buffer = io.BytesIO()
    export(directory, fmt, buffer)
    return buffer.getvalue()


def test_build_writes_ntriples_beside_turtle(seed_out: Path, seed_rdflib: Graph) -> None:
    nt = Graph().parse(seed_out / "graph.nt", format="nt")
    assert len(nt) == len(seed_rdflib) > 4000 and isomorphic(nt, seed_rdflib)
    assert exported(seed_out, "nt") == (seed_out / "graph.nt").read_bytes()


def test_turtle_holds_exactly_the_ntriples(seed_out: Path) -> None:
    quads = ox.parse(path=str(seed_out / "graph.ttl"), format=ox.RdfFormat.TURTLE)
    lines = ntriples_lines((URIRef(q.subject.value), URIRef(q.predicate.value), _rdflib(q.object)) for q in quads)
    assert lines == sorted(set((seed_out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)))
    assert turtle_text(lines, header=True).startswith("@prefix tkg: <https://w3id.org/tradekg/ontology#> .\n")
    assert exported(seed_out, "turtle") == (seed_out / "graph.ttl").read_bytes()


@pytest.mark.parametrize("lines_per_chunk", [1, 7, 500])
def test_turtle_in_pieces_is_the_same_text(seed_out: Path, lines_per_chunk: int) -> None:
    lines = sorted(set((seed_out / "graph.nt").read_text(encoding="utf-8").splitlines(keepends=True)))
    pieces = list(turtle_chunks(lines, lines_per_chunk=lines_per_chunk))
    subjects = len({line.split(" ", 1)[0] for line in lines})
    if lines_per_chunk == 1:
        assert len(pieces) == subjects  # cut at every change of subject, never inside one
    else:
        assert 1 < len(pieces) <= len(lines) // lines_per_chunk + 1
    assert "".join(pieces) == turtle_text(lines)


def test_turtle_through_rdflib_gives_the_same_triples(seed_rdflib: Graph, tmp_path: Path) -> None:
    again = tmp_path / "again.ttl"
    seed_rdflib.serialize(again, format="turtle")
    assert isomorphic(Graph().parse(again, format="turtle"), seed_rdflib)


def _rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_is_byte_stable(seed_out: Path, fmt: str) -> None:
    assert exported(seed_out, fmt) == exported(seed_out, fmt)


def test_jsonld_embeds_the_published_context_and_round_trips(seed_out: Path, seed_rdflib: Graph) -> None:
    data = exported(seed_out, "jsonld")
    document = json.loads(data)
    published = json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == published["@context"] == jsonld_context()
    measure = next(n for n in document["@graph"] if n.get("type") == "Measure" and n.get("number") == "13"
                   and "%E7%BD%B2" in n["id"])
    assert measure["title"] == {"zh": "深化国际贸易“单一窗口”功能"}
    assert measure["ledBy"] == "agencies:cn.gacc"
    assert isomorphic(Graph().parse(data=data, format="json-ld"), seed_rdflib)


def test_graphml_has_measures_agencies_concepts_and_roles(seed_out: Path) -> None:
    net = nx.read_graphml(io.BytesIO(exported(seed_out, "graphml")))
    kinds = {kind: sum(1 for _, d in net.nodes(data=True) if d["kind"] == kind)
             for kind in ("measure", "agency", "concept")}
    assert kinds["measure"] == 44 and kinds["agency"] == 28 and kinds["concept"] >= 1
    assert net.number_of_nodes() == sum(kinds.values())
    gacc = "https://w3id.org/tradekg/id/agency/cn.gacc"
    assert net.nodes[gacc]["label"] == "海关总署"
    measure1 = ("https://w3id.org/tradekg/id/doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7"
                "/measure/1")
    edge = net.edges[measure1, gacc]
    assert (edge["role"], edge["rank"]) == ("lead", 1)
    roles = [d["role"] for _, _, d in net.edges(data=True) if "role" in d]
    assert {r: roles.count(r) for r in set(roles)} == {"lead": 28, "joint": 67, "participant": 42}


def test_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(UnknownFormatError, match="use one of: graphml, jsonld, nt, turtle"):
        writer_for("rdfxml")


def test_export_cli_writes_a_file_or_standard_output(seed_out: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "seed.jsonld"
    result = runner.invoke(main, ["export", "--format", "jsonld", str(seed_out), "-o", str(target)])
    assert result.exit_code == 0 and f"Wrote {target} (jsonld)." in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["@graph"]
    result = runner.invoke(main, ["export", "-f", "nt", str(seed_out)])
    assert result.exit_code == 0
    assert result.stdout_bytes == (seed_out / "graph.nt").read_bytes()


def test_export_cli_names_the_valid_formats(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--format", "rdfxml", str(seed_out)])
    assert result.exit_code == 2
    assert "'rdfxml' is not one of 'graphml', 'jsonld', 'nt', 'turtle'" in result.output
