"""Splitting long rich text into messages a channel accepts, in order, dropping nothing."""

from __future__ import annotations

from core.texts import Rich, Seg


def split_rich(rich: Rich, limit: int) -> list[Rich]:
    """Cuts at paragraph, then line, then word boundaries so that each part's visible text fits `limit`."""
    text = "".join(s.text for s in rich)
    if len(text) <= limit:
        return [rich]
    cuts = _cut_points(text, limit)
    parts: list[Rich] = []
    start = 0
    for end in [*cuts, len(text)]:
        parts.append(_slice(rich, start, end))
        start = end
    return [p for p in parts if "".join(s.text for s in p).strip()]


def _cut_points(text: str, limit: int) -> list[int]:
    cuts: list[int] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for sep in ("\n\n", "\n", " "):
            position = window.rfind(sep)
            if position > limit // 3:
                cut = position + len(sep)
                break
        end = start + (cut if cut > 0 else limit)
        cuts.append(end)
        start = end
    return cuts


def _slice(rich: Rich, start: int, end: int) -> Rich:
    out: list[Seg] = []
    offset = 0
    for seg in rich:
        seg_start, seg_end = offset, offset + len(seg.text)
        offset = seg_end
        lo, hi = max(seg_start, start), min(seg_end, end)
        if lo < hi:
            out.append(Seg(seg.text[lo - seg_start : hi - seg_start], seg.bold))
    return tuple(out)
