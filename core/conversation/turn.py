"""One inbound event with the member behind it, and helpers the flows share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from core.context import Context
from core.conversation import tokens
from core.conversation.screens import Inbound, Option, Screen
from core.org.rules import MemberRef
from core.texts import t

STATE_TTL_SECONDS = 24 * 3600


@dataclass
class Turn:
    ctx: Context
    event: Inbound
    member: MemberRef
    state: dict[str, Any] | None = None
    choice: str | None = None  # the value of a flow choice that was pressed
    args: dict[str, Any] = field(default_factory=dict)
    # a choice typed from the list a reply showed (a channel without buttons): that list stays answerable
    answered_from_list: bool = False

    @property
    def state_key(self) -> str:
        return f"app:conv:state:{self.event.channel}:{self.event.user_id}"

    async def save_state(self, flow: str, step: str, data: dict[str, Any]) -> None:
        self.state = {"flow": flow, "step": step, "data": data}
        await self.ctx.store.set(self.state_key, self.state, STATE_TTL_SECONDS)

    async def clear_state(self) -> None:
        self.state = None
        await self.ctx.store.delete(self.state_key)

    async def options(self, specs: Sequence[tuple[str, str, dict[str, Any]]]) -> tuple[Option, ...]:
        """Issues tokens for (label, action, args) triples in one transaction."""
        now = self.ctx.clock.now()
        async with self.ctx.uow() as uow:
            out = tuple(
                tokens.issue(
                    uow.session, member_id=self.member.id, label=label, action=action, now=now, **args
                )
                for label, action, args in specs
            )
            await uow.commit()
        return out

    async def choices(self, flow: str, pairs: Sequence[tuple[str, str]]) -> tuple[Option, ...]:
        """Options that answer the current flow step: (label, value). A button of an earlier step expires."""
        step = (self.state or {}).get("step")
        options = await self.options(
            [(label, "flow.choice", {"flow": flow, "step": step, "value": value}) for label, value in pairs]
        )
        if self.state is not None:  # remembered, so a typed answer ("2", "giữ nguyên") counts as a press
            self.state["choices"] = [list(pair) for pair in pairs]
            await self.ctx.store.set(self.state_key, self.state, STATE_TTL_SECONDS)
        return options

    async def repeat_choices(self) -> list[Screen]:
        """The answer matched nothing: say so and offer the same choices again, right below."""
        state = self.state or {}
        pairs = [(str(label), str(value)) for label, value in state.get("choices", [])]
        if not pairs:  # nothing to pick from: ask again, without pointing at choices that are not there
            return [Screen(t("flow.retype"), filler=True)]
        options = await self.choices(str(state.get("flow")), pairs)
        return [Screen(t("flow.pick_option"), options, columns=2, filler=True)]
