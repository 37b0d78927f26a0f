"""Channel-neutral conversation I/O: what came in, and the screens that go out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from core.texts import Rich, from_json, to_json


@dataclass(frozen=True)
class InboundFile:
    file_id: str
    name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    # downloads the bytes from the messenger; raises DomainError("document_too_big_for_channel")
    fetch: Callable[[], Awaitable[bytes]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Inbound:
    """A normalised event from any messenger."""

    channel: str
    user_id: str
    chat_id: str
    display_name: str | None = None
    text: str | None = None
    command: str | None = None
    args: str = ""
    token: str | None = None
    file: InboundFile | None = None


@dataclass(frozen=True)
class Option:
    label: str
    token: str


@dataclass(frozen=True)
class Screen:
    text: Rich
    options: tuple[Option, ...] = ()
    columns: int = 1
    attachment: dict[str, Any] | None = None
    notice: str | None = None  # a short toast (Telegram answerCallbackQuery)
    close_pressed: bool = False  # the buttons just pressed are done with: channels that can, remove them
    # the generic «choose one below»: after a flow's own message it only lends that message its choices
    filler: bool = False
    # a reply offering nothing after a choice typed from a list: that list stays what numbers answer
    keep_offers: bool = False

    def to_payload(self) -> dict[str, Any]:
        return {
            "text": to_json(self.text),
            "options": [[o.label, o.token] for o in self.options],
            "columns": self.columns,
            "attachment": self.attachment,
        }

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Screen:
        return cls(
            text=from_json(data["text"]),
            options=tuple(Option(label, token) for label, token in data.get("options", [])),
            columns=int(data.get("columns", 1)),
            attachment=data.get("attachment"),
        )


@dataclass
class Reply:
    screens: list[Screen] = field(default_factory=list)
