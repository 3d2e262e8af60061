"""Where the project's files are and which base IRI it mints, decided in one place.

The base IRI can be set by the DPGRAPH_BASE environment variable or `base_iri` in
`dpgraph.toml` at the project root; the build folder (`build_dir`, DPGRAPH_BUILD) and the
journal of SPARQL updates (`journal`, DPGRAPH_JOURNAL) can be moved the same way, so a copy
of the project (or a test) can build and serve elsewhere without touching the code.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

DEFAULT_BASE_IRI = "https://w3id.org/coe-digital-partnership/"
ONTOLOGY_NS = "https://w3id.org/coe-digital-partnership/ontology#"
ONTOLOGY_IRI = "https://w3id.org/coe-digital-partnership/ontology"


def _find_root() -> Path:
    env = os.environ.get("DPGRAPH_ROOT")
    if env:
        return Path(env).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "graph" / "sources" / "manifest.yaml").exists():
            return folder
    # Installed without a checkout beside it: fall back to the source tree this file is in.
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    root: Path
    base_iri: str = DEFAULT_BASE_IRI
    build_dir: Path | None = None
    journal: Path | None = None

    @property
    def sources_dir(self) -> Path:
        return self.root / "graph" / "sources"

    @property
    def curated_dir(self) -> Path:
        return self.root / "graph" / "curated"

    @property
    def output_dir(self) -> Path:
        return self.build_dir or self.root / "graph" / "build"

    @property
    def journal_file(self) -> Path:
        """The committed SPARQL updates, replayed on the default dataset: outside the build folder, which a build replaces."""
        return self.journal or self.root / "graph" / "updates" / "journal.jsonl"

    @property
    def ontology_file(self) -> Path:
        return self.root / "ontology" / "digital-partnership.ttl"

    @property
    def reused_terms_file(self) -> Path:
        return self.root / "ontology" / "reused-terms.ttl"

    @property
    def network_vocabulary_file(self) -> Path:
        return self.root / "ontology" / "network-metrics.ttl"

    @property
    def shapes_dir(self) -> Path:
        return self.root / "shapes"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings(root: Path | None = None) -> Settings:
    root = (root or _find_root()).resolve()
    values: dict[str, object] = {}
    toml_file = root / "dpgraph.toml"
    if toml_file.exists():
        with toml_file.open("rb") as handle:
            data = tomllib.load(handle)
        if "base_iri" in data:
            values["base_iri"] = str(data["base_iri"])
        if "build_dir" in data:
            values["build_dir"] = (root / str(data["build_dir"])).resolve()
        if "journal" in data:
            values["journal"] = (root / str(data["journal"])).resolve()
    if os.environ.get("DPGRAPH_BASE"):
        values["base_iri"] = os.environ["DPGRAPH_BASE"]
    if os.environ.get("DPGRAPH_BUILD"):
        values["build_dir"] = Path(os.environ["DPGRAPH_BUILD"]).resolve()
    if os.environ.get("DPGRAPH_JOURNAL"):
        values["journal"] = Path(os.environ["DPGRAPH_JOURNAL"]).resolve()
    settings = Settings(root=root, **values)  # type: ignore[arg-type]
    if not settings.base_iri.endswith(("/", "#")):
        settings = settings.with_(base_iri=settings.base_iri + "/")
    return settings
