"""The choices last shown to someone on a channel without buttons, so "2" or the words can answer them.

Channels that render options as a numbered list (Zalo) remember them here. Two layers: the choices
of the latest notice (from the outbox: a meeting notice, a ballot) and those of the latest direct
reply. A typed answer goes to the reply's choices if there are any, else to the notice's; a reply
without choices ends its layer, so after «Đã ghi nhận» a "1" answers the notice again; a new
notice ends both and becomes what numbers answer.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.conversation.screens import Option
from core.stores import KeyValueStore

TTL_SECONDS = 7 * 24 * 3600
LAYERS = ("reply", "notice")


def _key(channel: str, user_id: str, layer: str) -> str:
    return f"app:conv:offers:{layer}:{channel}:{user_id}"


async def remember(
    store: KeyValueStore, channel: str, user_id: str, options: Sequence[Option], *, layer: str = "reply"
) -> None:
    if layer == "notice":
        await store.delete(_key(channel, user_id, "reply"))
    await store.set(
        _key(channel, user_id, layer), {"options": [[o.label, o.token] for o in options]}, TTL_SECONDS
    )


async def forget(store: KeyValueStore, channel: str, user_id: str, *, layer: str = "reply") -> None:
    await store.delete(_key(channel, user_id, layer))


async def recall(
    store: KeyValueStore, channel: str, user_id: str, *, layers: tuple[str, ...] = LAYERS
) -> list[list[str]]:
    for layer in layers:
        found = (await store.get(_key(channel, user_id, layer))) or {}
        if found.get("options"):
            return [[str(label), str(token)] for label, token in found["options"]]
    return []
