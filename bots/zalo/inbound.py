"""Zalo updates (both shapes seen in practice) as the core's neutral inbound events."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from core.conversation.screens import Inbound
from core.text import nfc

TEXT_EVENT = "message.text.received"


@dataclass(frozen=True)
class ZaloUpdate:
    event: Inbound
    key: str  # event name + message id: what a repeated delivery shares
    has_text: bool


def unwrap(body: Any) -> dict[str, Any] | None:
    """The docs wrap updates in {ok, result}; real deliveries are bare. Accept both."""
    if not isinstance(body, dict):
        return None
    if body.get("ok") is True and isinstance(body.get("result"), dict):
        body = body["result"]
    return body if isinstance(body.get("message"), dict) else None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def parse(body: Any) -> ZaloUpdate | None:
    update = unwrap(body)
    if update is None:
        return None
    message: dict[str, Any] = update["message"]
    sender = _dict(message.get("from"))
    chat = _dict(message.get("chat"))
    user_id = str(sender.get("id") or chat.get("id") or "")
    if not user_id or sender.get("is_bot"):
        return None
    name = str(update.get("event_name") or "")
    raw = message.get("text") if name == TEXT_EVENT else None
    text = nfc(raw).strip() if isinstance(raw, str) else ""
    command, args = None, ""
    if text.startswith("/"):
        head, _, rest = text.partition(" ")
        command, args, text = head[1:].lower(), rest.strip(), ""
    display = sender.get("display_name") or sender.get("first_name")
    event = Inbound(
        channel="zalo",
        user_id=user_id,
        chat_id=str(chat.get("id") or user_id),
        display_name=nfc(str(display)) if display else None,
        text=text or None,
        command=command,
        args=args,
    )
    return ZaloUpdate(event, _key(name, message, update), bool(text or command))


def _key(name: str, message: dict[str, Any], update: dict[str, Any]) -> str:
    """What a repeated delivery shares: the message id, or (without one) the whole update's hash."""
    if message.get("message_id"):
        return f"{name}:{message['message_id']}"
    digest = hashlib.sha256(json.dumps(update, sort_keys=True, default=str).encode()).hexdigest()
    return f"{name}:sha256:{digest[:32]}"
