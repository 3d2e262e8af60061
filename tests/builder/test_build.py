"""The built dataset: files, named graphs, provenance, round trip, atomic writes, bad input."""

import shutil
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import RdfFormat, parse

from dpgraph.builder.pipeline import build
from dpgraph.cli import main
from dpgraph.errors import InputError
from dpgraph.layout import PUBLIC_OUTPUTS

BASE = "https://w3id.org/coe-digital-partnership/"


def test_build_writes_every_format(built):
    for name in [*PUBLIC_OUTPUTS, "all-graphs.trig", "build-report.json"]:
        assert (built.output_dir / name).stat().st_size > 0, name
    assert built.unresolved == []


def test_public_files_round_trip(built):
    trig = list(parse(path=str(built.output_dir / "public.trig"), format=RdfFormat.TRIG))
    nquads = list(parse(path=str(built.output_dir / "public.nq"), format=RdfFormat.N_QUADS))
    assert set(trig) == set(nquads)
    triples = {(q.subject, q.predicate, q.object) for q in trig}
    for name, fmt in (("public.ttl", RdfFormat.TURTLE), ("public.jsonld", RdfFormat.JSON_LD), ("public.rdf", RdfFormat.RDF_XML)):
        assert {(t.subject, t.predicate, t.object) for t in parse(path=str(built.output_dir / name), format=fmt)} == triples, name
    # Another toolkit reads the same number of statements.
    assert len(rdflib.Graph().parse(built.output_dir / "public.nt", format="nt")) == len(triples)


def test_restricted_graph_is_only_in_the_full_dataset(built):
    public = (built.output_dir / "public.trig").read_text(encoding="utf-8")
    full = (built.output_dir / "all-graphs.trig").read_text(encoding="utf-8")
    assert "@coe.int" not in public and "graph/restricted" not in public
    assert "mailto:clementina.barbaro@coe.int" in full


def test_each_document_has_its_own_graph(query):
    rows = query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", use_default_graph_as_union=False)
    graphs = {r["g"].removeprefix(BASE) for r in rows}
    assert {
        "graph/doc-000",
        "graph/doc-001",
        "graph/doc-002",
        "graph/doc-003",
        "graph/doc-004",
        "graph/curated",
        "graph/ontology",
    } <= graphs
    assert "graph/restricted" not in graphs


def test_every_activity_membership_and_event_has_line_provenance(query):
    rows = query("""SELECT ?s WHERE {
      VALUES ?class { dp:Activity dp:PartnershipMembership dp:PartnershipEvent }
      ?s a ?class .
      FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?e . ?e dp:startLine ?a ; dp:endLine ?b ; dcterms:isPartOf ?doc }
    }""")
    assert rows == []


def test_membership_of_sberbank_records_its_termination(query):
    rows = query(f"""SELECT ?status ?joined ?ended ?reason WHERE {{
      <{BASE}membership/sberbank> dp:membershipStatus ?status ; dp:joinedOn ?joined ;
        dp:terminatedOn ?ended ; dp:terminationReason ?reason }}""")
    assert rows[0]["status"].endswith("membership-status/terminated")
    assert (rows[0]["joined"], rows[0]["ended"]) == ("2021", "2022-03-04")
    assert "Article 3 of the Statute" in rows[0]["reason"]


def test_iris_are_stable(built, query):
    """Every IRI the build mints is pinned: renaming a published resource must be deliberate."""
    minted = {
        r["s"] for r in query(f"SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?s), '{BASE}')) }}")
    }
    pinned_file = Path(__file__).parents[1] / "data" / "iris.txt"
    pinned = set(pinned_file.read_text(encoding="utf-8").split())
    assert pinned <= minted, f"IRIs no longer minted: {sorted(pinned - minted)[:10]}"


def copy_project(settings, tmp_path):
    root = tmp_path / "project"
    for folder in ("graph/sources", "graph/curated", "ontology"):
        shutil.copytree(settings.root / folder, root / folder)
    return settings.with_(root=root, build_dir=root / "graph" / "build")


def test_a_failed_build_keeps_the_previous_output(settings, tmp_path):
    project = copy_project(settings, tmp_path)
    build(project)
    before = (project.output_dir / "public.trig").read_bytes()
    curated = project.curated_dir / "events.yaml"
    curated.write_text(
        curated.read_text(encoding="utf-8").replace("organisations: [sberbank]", "organisations: [sberbnak]"), encoding="utf-8"
    )
    with pytest.raises(InputError) as error:
        build(project)
    assert "events.yaml" in str(error.value) and "sberbnak" in str(error.value)
    assert error.value.line is not None
    assert (project.output_dir / "public.trig").read_bytes() == before


def test_a_concept_scheme_used_but_not_described_stops_the_build(settings, tmp_path):
    project = copy_project(settings, tmp_path)
    schemes = project.curated_dir / "schemes.yaml"
    text = schemes.read_text(encoding="utf-8")
    schemes.write_text(text[: text.index("- id: domains")], encoding="utf-8")
    with pytest.raises(InputError, match="'domains' is used but not described") as error:
        build(project)
    assert "schemes.yaml" in str(error.value.path)


def test_a_truncated_source_is_refused_with_its_name(settings, tmp_path):
    project = copy_project(settings, tmp_path)
    source = project.sources_dir / "001_a2ab4d98de539f35.txt"
    source.write_text("\n".join(source.read_text(encoding="utf-8").splitlines()[:200]), encoding="utf-8")
    with pytest.raises(InputError, match=r"001_a2ab4d98de539f35\.txt.*200 lines"):
        build(project)


def test_a_citation_that_misquotes_its_line_is_refused(settings, tmp_path):
    project = copy_project(settings, tmp_path)
    table = project.curated_dir / "organisations.yaml"
    table.write_text(
        table.read_text(encoding="utf-8").replace('{doc: "001", line: 82, quote: Apple}', '{doc: "001", line: 83, quote: Apple}'),
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"organisations.yaml:\d+: citation quote 'Apple' is not on line 83"):
        build(project)


@pytest.fixture()
def crashed_mid_swap(settings, tmp_path, monkeypatch):
    """A project whose last build crashed between its two renames: no graph/build, the build
    before it in .build.previous, a half-written one in .build.staging."""
    project = copy_project(settings, tmp_path)
    monkeypatch.setenv("DPGRAPH_ROOT", str(project.root))
    monkeypatch.delenv("DPGRAPH_BUILD", raising=False)
    assert main(["build"]) == 0
    output = project.root / "graph" / "build"
    output.rename(project.root / "graph" / ".build.previous")
    (project.root / "graph" / ".build.staging").mkdir()
    (project.root / "graph" / ".build.staging" / "public.trig").write_text("@prefix half", encoding="utf-8")
    return project, {path.name: path.read_bytes() for path in (project.root / "graph" / ".build.previous").iterdir()}


def test_the_next_reader_puts_back_the_build_a_crash_mid_swap_left_aside(crashed_mid_swap, capsys):
    project, before = crashed_mid_swap
    assert main(["query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a dp:Activity }", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "91" and "restored from .build.previous" in err
    assert {path.name: path.read_bytes() for path in project.output_dir.iterdir()} == before
    assert not (project.root / "graph" / ".build.previous").exists()


def test_a_failed_build_after_a_crash_mid_swap_keeps_the_build_before_it(crashed_mid_swap, capsys):
    project, before = crashed_mid_swap
    events = project.curated_dir / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("[sberbank]", "[sberbnak]"), encoding="utf-8")
    assert main(["build"]) == 2
    assert "sberbnak" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in project.output_dir.iterdir()} == before
