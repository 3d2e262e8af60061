"""RDF read from outside (--data, uploads) cannot hang or read the machine; every format --data names is served."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.endpoint_support import recording_server

from dpgraph.cli import main
from dpgraph.errors import InputError
from dpgraph.store.files import load_files
from dpgraph.web.state import load_dataset

RDF_HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' if i else '<!ENTITY lol0 "lol">' for i in range(10))
LAUGHING = '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n'
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [{LAUGHS}]>
{RDF_HEAD}{LAUGHING}"""
# The issue's file: Oxigraph takes a lower-case doctype, and this one grows from 888 bytes to 949 MB.
LOWER_CASE_LAUGHS = BILLION_LAUGHS.replace("<!DOCTYPE", "<!doctype")
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


def encoded(text: str, codec: str, declared: str | None = None) -> bytes:
    if declared:
        text = text.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{declared}"?>')
    return text.encode(codec)


# Every way of writing the DTD that a parser might read: each is refused.
DTD_FORMS = {
    "upper case": BILLION_LAUGHS.encode(),
    "lower case": LOWER_CASE_LAUGHS.encode(),
    "mixed case": BILLION_LAUGHS.replace("<!DOCTYPE", "<!DocType").encode(),
    "XXE after a comment": XXE.encode(),
    "UTF-8 with a BOM": b"\xef\xbb\xbf" + LOWER_CASE_LAUGHS.encode(),
    "UTF-16 with a BOM": encoded(LOWER_CASE_LAUGHS, "utf-16", "UTF-16"),
    "UTF-16BE with a BOM": b"\xfe\xff" + encoded(LOWER_CASE_LAUGHS, "utf-16-be", "UTF-16"),
    "UTF-16LE without a BOM": encoded(LOWER_CASE_LAUGHS, "utf-16-le", "UTF-16LE"),
    "UTF-16BE without a BOM": encoded(LOWER_CASE_LAUGHS, "utf-16-be", "UTF-16BE"),
    "UTF-32 with a BOM": encoded(LOWER_CASE_LAUGHS, "utf-32", "UTF-32"),
    "UTF-32LE without a BOM": encoded(LOWER_CASE_LAUGHS, "utf-32-le", "UTF-32LE"),
    "UTF-32BE without a BOM": encoded(LOWER_CASE_LAUGHS, "utf-32-be", "UTF-32BE"),
    "EBCDIC": encoded(LOWER_CASE_LAUGHS, "cp500", "IBM500"),
    "no XML declaration, whitespace, comment and PI first": (
        "\n \t<!-- x --><?pi data?>\n" + LOWER_CASE_LAUGHS.split("?>", 1)[1]
    ).encode(),
    "after a comment of 2 MiB": LOWER_CASE_LAUGHS.replace("?>", "?><!--" + "x" * (2 << 20) + "-->", 1).encode(),
    # Oxigraph reads a DOCTYPE inside the root element as well, and expands its entities after it.
    "inside the root element": f"{RDF_HEAD}<!DOCTYPE r [{LAUGHS}]>{LAUGHING}".encode(),
    "ENTITY without a DOCTYPE": f"{RDF_HEAD}<!ENTITY x 'y'>{LAUGHING}".encode(),
}


@pytest.mark.parametrize("form", DTD_FORMS)
def test_rdfxml_with_a_dtd_is_refused_at_once_by_validate(tmp_path, capsys, form: str) -> None:
    path = tmp_path / "evil.rdf"
    path.write_bytes(DTD_FORMS[form])
    started = time.monotonic()
    assert main(["validate", str(path)]) == 2
    assert time.monotonic() - started < 2
    err = capsys.readouterr().err
    assert err.startswith(f"dpgraph validate: {path}:") and "DOCTYPE or another <! declaration is refused" in err
    assert err.count("\n") == 1


def _small_memory() -> None:
    limit = 1 << 30  # the issue's file needs 949 MB for its text alone
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


@pytest.mark.parametrize("command", [["validate"], ["serve", "--port", "0", "--data"]])
def test_the_issues_billion_laughs_is_refused_in_little_memory(tmp_path, command: list[str]) -> None:
    path = write(tmp_path, "evil.rdf", LOWER_CASE_LAUGHS)
    dpgraph = Path(sys.executable).parent / "dpgraph"
    done = subprocess.run(
        [str(dpgraph), *command, str(path)], env=os.environ, capture_output=True, text=True, timeout=60, preexec_fn=_small_memory
    )
    assert done.returncode == 2, done.stderr[-2000:]
    refusal = "RDF/XML with a DOCTYPE or another <! declaration is refused: DTDs are not read"
    assert done.stderr == f"dpgraph {command[0]}: {path}:2: {refusal}\n"


@pytest.mark.parametrize(
    "data",
    [
        PLAIN_RDFXML.encode(),
        b"\xef\xbb\xbf" + PLAIN_RDFXML.encode(),
        PLAIN_RDFXML.replace("?>", "?><!--" + "x" * (2 << 20) + "-->", 1).encode(),
        PLAIN_RDFXML.replace("text with &lt;!DOCTYPE&gt; inside", "<![CDATA[text with <b> inside]]>").encode(),
    ],
    ids=["plain", "UTF-8 BOM", "long comment", "CDATA"],
)
def test_rdfxml_without_a_dtd_loads(tmp_path, data: bytes) -> None:
    path = tmp_path / "ok.rdf"
    path.write_bytes(data)
    assert len(load_files([path])) == 1


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
    served = load_dataset(settings, [settings.output_dir / name], restricted=False).graph.store
    graphs = list(served.named_graphs())
    if name.endswith((".trig", ".nq")):
        assert len(served) == len(public_store) and len(graphs) == len(list(public_store.named_graphs()))
    else:
        assert len(served) > 0.9 * len({q.triple for q in public_store}) and graphs == []
