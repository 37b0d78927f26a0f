"""Talking to the core conversation engine the way a channel does (no messenger involved)."""

from __future__ import annotations

from core.context import Context
from core.conversation import engine
from core.conversation.screens import Inbound, InboundFile, Screen
from core.texts import plain_text


class Person:
    def __init__(self, ctx: Context, user_id: str, channel: str = "telegram") -> None:
        self.ctx, self.user_id, self.channel = ctx, user_id, channel
        self.last: list[Screen] = []
        self.fetched = 0

    async def _send(self, **kwargs: object) -> list[Screen]:
        event = Inbound(channel=self.channel, user_id=self.user_id, chat_id=self.user_id, **kwargs)  # type: ignore[arg-type]
        self.last = await engine.handle(self.ctx, event)
        return self.last

    async def says(self, text: str) -> list[Screen]:
        if text.startswith("/"):
            head, _, rest = text.partition(" ")
            return await self._send(command=head[1:], args=rest)
        return await self._send(text=text)

    async def sends_file(self, name: str, data: bytes, *, size: int | None = None) -> list[Screen]:
        """A file as a messenger announces it: name and size first, the bytes only when asked for."""
        self.fetched = 0

        async def fetch() -> bytes:
            self.fetched += 1
            return data

        file = InboundFile(f"file-{name}", name, None, len(data) if size is None else size, fetch)
        return await self._send(file=file)

    async def presses(self, label_part: str) -> list[Screen]:
        for screen in reversed(self.last):
            for option in screen.options:
                if label_part in option.label:
                    return await self._send(token=option.token)
        raise AssertionError(
            f"no button with {label_part!r} in {[o.label for s in self.last for o in s.options]}"
        )

    async def presses_token(self, token: str) -> list[Screen]:
        return await self._send(token=token)

    @property
    def text(self) -> str:
        return "\n".join(plain_text(s.text) for s in self.last)
