"""The choices last shown to someone on a channel without buttons, so "2" or the words can answer them.

Channels that render options as a numbered list (Zalo) remember them here each time they send a
screen with options — a direct reply or a notice from the outbox; the engine looks them up when a
plain text arrives outside any flow.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.conversation.screens import Option
from core.stores import KeyValueStore

TTL_SECONDS = 7 * 24 * 3600


def _key(channel: str, user_id: str) -> str:
    return f"app:conv:offers:{channel}:{user_id}"


async def remember(store: KeyValueStore, channel: str, user_id: str, options: Sequence[Option]) -> None:
    await store.set(_key(channel, user_id), {"options": [[o.label, o.token] for o in options]}, TTL_SECONDS)


async def recall(store: KeyValueStore, channel: str, user_id: str) -> list[list[str]]:
    found = (await store.get(_key(channel, user_id))) or {}
    return [[str(label), str(token)] for label, token in found.get("options", [])]
