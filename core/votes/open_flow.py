"""The secretary opens a vote: question, kind, candidates or ballot, how it closes — then checks quorum."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.conversation.registry import action, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.errors import InvalidInput
from core.meetings.timeparse import parse_time
from core.text import clean, clean_lines
from core.texts import Rich, join_lines, label, t
from core.votes import follow, rules, service
from core.votes.views import header

FLOW = "vote.open"
KINDS = tuple(rules.THRESHOLDS)


@action("vote.new")
async def on_new(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    await follow.meeting_roll(turn.ctx, actor=turn.member, meeting_id=meeting_id)  # may manage it?
    return await _ask(turn, "title", {"meeting_id": meeting_id}, [])


async def _ask(turn: Turn, step: str, data: dict[str, Any], pairs: list[tuple[str, str]]) -> list[Screen]:
    await turn.save_state(FLOW, step, data)
    options = await turn.choices(FLOW, [*pairs, (label("flow.cancel"), "cancel")])
    return [Screen(t(f"vote.ask.{step}"), options, columns=1)]


@flow(FLOW)
async def on_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    step, data = turn.state["step"], dict(turn.state["data"])
    text = clean(turn.event.text)
    if step == "title" and text:
        try:
            data["title"] = service.checked_title(text)
        except InvalidInput as exc:
            return await _again(turn, exc, "title", data)
        return await _ask(turn, "kind", data, [(label(f"vote.kind.{k}"), k) for k in KINDS])
    if step == "kind" and turn.choice in KINDS:
        data["kind"] = turn.choice
        if turn.choice == "election":
            data["secret"] = True
            return await _ask(turn, "candidates", data, [])
        return await _ask(
            turn,
            "ballot",
            data,
            [(label("vote.btn.ballot_open"), "open"), (label("vote.btn.ballot_secret"), "secret")],
        )
    if step == "candidates" and text:
        return await _on_candidates(turn, data)
    if step == "ballot" and turn.choice in ("open", "secret"):
        data["secret"] = turn.choice == "secret"
        return await _ask_closing(turn, data)
    if step == "closes":
        return await _on_closing(turn, data, text)
    if step == "confirm" and turn.choice == "open":
        return await _open(turn, data)
    return await turn.repeat_choices()


# where a refusal at the last step sends the secretary back to, rather than leaving only «Hủy»
STEP_OF_ERROR = {"vote_title_invalid": "title", "vote_closes_in_past": "closes"}


async def _again(turn: Turn, exc: InvalidInput, step: str, data: dict[str, Any]) -> list[Screen]:
    """The reason, then the same question again with its choices."""
    pairs = [(label("vote.closes.by_hand"), "hand")] if step == "closes" else []
    return [Screen(t(f"error.{exc.code}", **exc.params)), *await _ask(turn, step, data, pairs)]


async def _on_candidates(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    typed = clean_lines(turn.event.text).splitlines()
    try:
        names = await service.check_candidates(
            turn.ctx, actor=turn.member, meeting_id=int(data["meeting_id"]), typed=typed
        )
    except InvalidInput as exc:  # asked again at this step, with the reason
        return await _again(turn, exc, "candidates", data)
    data["candidates"] = list(names)
    return await _ask_closing(turn, data)


async def _ask_closing(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    return await _ask(turn, "closes", data, [(label("vote.closes.by_hand"), "hand")])


async def _on_closing(turn: Turn, data: dict[str, Any], text: str) -> list[Screen]:
    if turn.choice == "hand":
        data["closes_at"] = None
        return await _confirm(turn, data)
    at = parse_time(text)
    if at is None:
        return [Screen(t("vote.ask.closes_again")), *await turn.repeat_choices()]
    local_now = turn.ctx.clock.now().astimezone(turn.ctx.zone)
    closes = datetime.combine(local_now.date(), at, tzinfo=turn.ctx.zone)
    if closes <= local_now:
        return [Screen(t("error.vote_closes_in_past")), *await turn.repeat_choices()]
    data["closes_at"] = closes.isoformat()
    return await _confirm(turn, data)


async def _confirm(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    found = await follow.meeting_roll(turn.ctx, actor=turn.member, meeting_id=int(data["meeting_id"]))
    q = found.quorum
    eligible = sum(1 for e in found.entries if rules.may_vote(e.voter) is None)
    lines: list[Rich] = [
        t("vote.confirm.head"),
        t("vote.title", title=data["title"]),
        t(
            "vote.kind_line",
            kind=label(f"vote.kind.{data['kind']}"),
            ballot=label("vote.ballot.secret" if data.get("secret") else "vote.ballot.open"),
        ),
        t(
            "attendance.quorum_ok" if q.met else "attendance.quorum_missing",
            present=q.present,
            summoned=q.summoned,
            needed=q.needed,
        ),
        t("vote.confirm.eligible", n=eligible),
    ]
    if data.get("candidates"):
        lines.append(t("vote.confirm.candidates", names=", ".join(data["candidates"])))
    await turn.save_state(FLOW, "confirm", data)
    open_label = label("vote.btn.open" if q.met else "vote.btn.open_anyway")
    options = await turn.choices(FLOW, [(open_label, "open"), (label("flow.cancel"), "cancel")])
    return [Screen(join_lines(lines), options, columns=2)]


async def _open(turn: Turn, data: dict[str, Any]) -> list[Screen]:
    closes = data.get("closes_at")
    draft = service.VoteDraft(
        meeting_id=int(data["meeting_id"]),
        title=str(data["title"]),
        kind=str(data["kind"]),
        secret=bool(data.get("secret")),
        candidates=tuple(data.get("candidates") or ()),
        closes_at=datetime.fromisoformat(closes) if closes else None,
    )
    try:
        vote, _entries = await service.open_vote(turn.ctx, actor=turn.member, draft=draft)
    except InvalidInput as exc:
        step = "candidates" if exc.code.startswith("vote_candidate") else STEP_OF_ERROR.get(exc.code, "title")
        return await _again(turn, exc, step, data)
    await turn.clear_state()
    ref = {"vote_id": vote.id}
    options = await turn.options(
        [(label("vote.btn.turnout"), "vote.status", ref), (label("vote.btn.close"), "vote.close", ref)]
    )
    return [Screen(join_lines([t("vote.opened_ok"), header(vote)]), options, columns=2)]
