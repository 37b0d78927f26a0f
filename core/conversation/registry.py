"""Where features register what they answer: actions (buttons), flows (multi-step) and commands."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from core.conversation.screens import Screen
from core.conversation.turn import Turn

Handler = Callable[[Turn], Awaitable[list[Screen]]]

ACTIONS: dict[str, Handler] = {}
FLOWS: dict[str, Handler] = {}
COMMANDS: dict[str, Handler] = {}
KEYWORDS: dict[str, str] = {}  # folded words typed instead of a command → command
FILE_HANDLERS: list[Handler] = []  # what a file sent outside any flow means (at most one)


def on_file(fn: Handler) -> Handler:
    FILE_HANDLERS[:] = [fn]
    return fn


def action(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        ACTIONS[name] = fn
        return fn

    return register


def flow(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        FLOWS[name] = fn
        return fn

    return register


def command(name: str, *keywords: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        COMMANDS[name] = fn
        for word in keywords:
            KEYWORDS[word] = name
        return fn

    return register
