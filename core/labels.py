"""Vietnamese labels for the codes stored in the database (unit kinds, roles, statuses…).

The words live in the text catalogue (core/texts/vi.py); these are the same entries grouped by
prefix, so every adapter shows the same words. Look codes up with `label_of`, which falls back
to the code itself rather than failing on data newer than this module.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.texts.vi import VI


def _group(prefix: str) -> dict[str, str]:
    return {key.removeprefix(prefix): text for key, text in VI.items() if key.startswith(prefix)}


UNIT_KIND_LABELS = _group("unit.kind.")
ROLE_LABELS = _group("role.")
MEETING_KIND_LABELS = _group("meeting.kind.")
MEMBER_STATUS_LABELS = _group("member.status.")
MEETING_STATUS_LABELS = _group("meeting.state.")
RSVP_LABELS = _group("rsvp.")
CHANNEL_LABELS = _group("channel.")
NOT_JOINED = VI["member.not_joined"]


def label_of(labels: Mapping[str, str], code: str) -> str:
    return labels.get(code, code)
