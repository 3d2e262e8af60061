"""Content negotiation: a q-value Accept parser over the media-type tables of dpgraph.mediatypes."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Range:
    media_type: str
    q: float
    order: int

    @property
    def specificity(self) -> int:
        main, _, sub = self.media_type.partition("/")
        return 0 if main == "*" else 1 if sub == "*" else 2


def parse_accept(header: str | None) -> list[Range]:
    """The media ranges of an Accept header, best first (q, then specificity, then order)."""
    if not header or not header.strip():
        return [Range("*/*", 1.0, 0)]
    ranges = []
    for order, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media_type = pieces[0].lower()
        if "/" not in media_type:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(Range(media_type, q, order))
    return sorted(ranges, key=lambda r: (-r.q, -r.specificity, r.order))


def _matches(range_: Range, offered: str) -> bool:
    main, _, sub = range_.media_type.partition("/")
    offered_main, _, offered_sub = offered.partition("/")
    return main == "*" or (main == offered_main and sub in ("*", offered_sub))


def negotiate(header: str | None, offered: list[str]) -> str | None:
    """The offered type the client prefers most (first offered wins ties), or None if none is acceptable."""
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    choice = None
    for index, media_type in enumerate(offered):
        matching = [r for r in ranges if _matches(r, media_type)]
        if not matching:
            continue
        most_specific = max(matching, key=lambda r: (r.specificity, -r.order))
        if most_specific.q <= 0:
            continue
        score = (most_specific.q, most_specific.specificity, -index)
        if best is None or score > best:
            best, choice = score, media_type
    return choice
