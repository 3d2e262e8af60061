"""RDF read from outside (--data, uploads) cannot hang or read the machine; every format --data names is served."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from tests.endpoint_support import recording_server

from dpgraph.errors import InputError
from dpgraph.rdfguard import PROLOG_BYTES, check_rdf
from dpgraph.store import load_files
from dpgraph.web import load_dataset

RDF_HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10))
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [{LAUGHS}]>
{RDF_HEAD}<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>
"""
XXE = f"""<?xml version="1.0"?>
<!-- a comment first -->
<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
{RDF_HEAD}<rdf:Description rdf:about="http://example.org/a"><ex:p>&secret;</ex:p></rdf:Description></rdf:RDF>
"""
PLAIN_RDFXML = f"""<?xml version="1.0"?>
{RDF_HEAD}<rdf:Description rdf:about="http://example.org/a">
<ex:p>text with &lt;!DOCTYPE&gt; inside</ex:p></rdf:Description></rdf:RDF>
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE])
def test_rdfxml_with_a_dtd_is_refused_at_once(tmp_path, text: str) -> None:
    path = write(tmp_path, "bad.rdf", text)
    started = time.monotonic()
    with pytest.raises(InputError, match="DOCTYPE"):
        load_files([path])
    assert time.monotonic() - started < 0.5


def test_rdfxml_without_a_dtd_loads(tmp_path) -> None:
    store = load_files([write(tmp_path, "ok.rdf", PLAIN_RDFXML)])
    assert [q.object.value for q in store] == ["text with <!DOCTYPE> inside"]


def test_a_prolog_too_long_to_check_is_refused() -> None:
    from pyoxigraph import RdfFormat

    with pytest.raises(InputError, match="prolog"):
        check_rdf(b"<!--" + b"x" * PROLOG_BYTES + b"-->" + RDF_HEAD.encode(), RdfFormat.RDF_XML)


def test_jsonld_contexts_are_never_fetched_or_read(tmp_path) -> None:
    with recording_server() as server:
        for number, context in enumerate(
            (f"{server.url}/context.jsonld", "file:///etc/hostname", {"@import": "file:///etc/passwd"})
        ):
            document = {"@context": context, "@id": "http://example.org/a", "name": "x"}
            path = write(tmp_path, f"doc{number}.jsonld", json.dumps(document))
            with pytest.raises(InputError, match="remote context"):
                load_files([path])
        assert server.hits == []


def test_a_billion_laughs_file_given_to_the_server_is_refused(tmp_path, settings) -> None:
    path = write(tmp_path, "bad.rdf", BILLION_LAUGHS)
    with pytest.raises(InputError, match="DOCTYPE"):
        load_dataset(settings, [path], restricted=False)


@pytest.mark.parametrize("name", ["public.ttl", "public.nt", "public.jsonld", "public.rdf", "public.trig", "public.nq"])
def test_every_format_can_be_served(settings, public_store, name: str) -> None:
    served = load_dataset(settings, [settings.output_dir / name], restricted=False).store
    graphs = list(served.named_graphs())
    if name.endswith((".trig", ".nq")):
        assert len(served) == len(public_store) and len(graphs) == len(list(public_store.named_graphs()))
    else:
        assert len(served) > 0.9 * len({q.triple for q in public_store}) and graphs == []
