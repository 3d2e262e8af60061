"""From text as printed to clean text: the conversion's OCR breaks, fixed by an editable table.

`graph/curated/ocr-fixes.yaml` lists each break the documents contain ("Strasbour g",
"Netiwork", "Al" for "AI"); a general rule joins words hyphenated across a cell wrap
("anti- discrimination"). Printed text is never changed in place: callers keep it beside
the cleaned value.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from dpgraph.errors import InputError, read_utf8

_SPACES = re.compile(r"\s+")
# "anti- discrimination", "Brain- computer": a word split after its hyphen by a cell wrap.
_HYPHEN_WRAP = re.compile(r"(?<=[A-Za-z])- (?=[a-z])")
_MARKUP = re.compile(r"</?u>|\*\*|</?a[^>]*>")


def collapse(text: str) -> str:
    """Collapse runs of white space (tabs of continuation lines included) into one space."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """A key for comparing names: case, accents, quotes, dashes and spacing folded away."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return collapse(text).casefold()


@dataclass(frozen=True)
class OcrFix:
    printed: str
    clean: str
    whole_word: bool


class TextCleaner:
    def __init__(self, fixes: list[OcrFix]):
        self.fixes = fixes
        self._patterns = [
            (re.compile(rf"(?<!\w){re.escape(f.printed)}(?!\w)" if f.whole_word else re.escape(f.printed)), f.clean)
            for f in fixes
        ]

    @classmethod
    def from_file(cls, path: Path) -> TextCleaner:
        try:
            entries = yaml.safe_load(read_utf8(path)) or []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise InputError(f"not valid YAML: {exc}", path, mark.line + 1 if mark else None) from exc
        fixes = []
        for number, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict) or "printed" not in entry or "clean" not in entry:
                raise InputError(f"entry {number} needs 'printed' and 'clean'", path)
            fixes.append(OcrFix(str(entry["printed"]), str(entry["clean"]), bool(entry.get("whole_word", False))))
        return cls(fixes)

    def clean(self, printed: str) -> str:
        text = _MARKUP.sub("", collapse(printed))
        for pattern, replacement in self._patterns:
            text = pattern.sub(replacement, text)
        return _HYPHEN_WRAP.sub("-", text)


def slugify(text: str, max_words: int = 12) -> str:
    """A readable ASCII slug: 'Octopus Conference 2018+Consultations' -> 'octopus-conference-2018-consultations'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    return "-".join(words[:max_words])
