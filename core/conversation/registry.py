"""Where features register what they answer: actions (buttons), flows (multi-step) and commands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.texts import t

Handler = Callable[[Turn], Awaitable[list[Screen]]]

ACTIONS: dict[str, Handler] = {}
FLOWS: dict[str, Handler] = {}
COMMANDS: dict[str, Handler] = {}
KEYWORDS: dict[str, str] = {}  # folded words typed instead of a command → command
PREFIXES: dict[str, str] = {}  # folded words a free text starts with → command given the whole text
# what other free text may mean (e.g. «14/12 15h tiếp dân» is a calendar entry): a test, and the command
# that is then given the whole text; tried in order, after everything else
TEXT_READERS: list[tuple[Callable[[Turn], bool], str]] = []
FILE_HANDLERS: list[Handler] = []  # what a file sent outside any flow means (at most one)


def on_file(fn: Handler) -> Handler:
    FILE_HANDLERS[:] = [fn]
    return fn


def action(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        ACTIONS[name] = fn
        return fn

    return register


CANCEL = "cancel"  # the value of every flow's «Huỷ» choice


def flow(name: str, *, cancelled: str = "flow.cancelled") -> Callable[[Handler], Handler]:
    """A multi-step flow; its «Huỷ» choice (value `CANCEL`) ends it with the `cancelled` text."""

    def register(fn: Handler) -> Handler:
        async def step(turn: Turn) -> list[Screen]:
            if turn.choice == CANCEL:
                await turn.clear_state()
                return [Screen(t(cancelled))]
            return await fn(turn)

        FLOWS[name] = step
        return fn

    return register


def command(name: str, *keywords: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        for word in keywords:
            KEYWORDS[word] = name
        return fn

    return register
