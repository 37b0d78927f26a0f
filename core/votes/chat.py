"""Votes in the chat: members press (or type) a choice; the secretary follows turnout and closes."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.meetings.views import when_text
from core.texts import join_lines, label, names_block, t
from core.votes import cancel, follow, service
from core.votes.models import Vote
from core.votes.views import choice_label, header, result_text

ICONS = {"present": "✅", "absent_excused": "🟡", "absent": "❌", "unknown": "⬜"}
NEXT_STATUS = {
    "unknown": "present",
    "present": "absent_excused",
    "absent_excused": "absent",
    "absent": "present",
}


@action("vote.cast")
async def on_cast(turn: Turn) -> list[Screen]:
    cast = await service.cast_ballot(
        turn.ctx, member=turn.member, vote_id=int(turn.args["vote_id"]), choice=str(turn.args["choice"])
    )
    key = (
        "vote.cast.secret"
        if cast.vote.secret
        else ("vote.cast.changed" if cast.changed else "vote.cast.same" if cast.same else "vote.cast.open")
    )
    return [
        Screen(
            t(key, choice=choice_label(cast.choice), title=cast.vote.title), notice=label("vote.cast.toast")
        )
    ]


@action("vote.list")
async def on_list(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    votes = await follow.meeting_votes(turn.ctx, member=turn.member, meeting_id=meeting_id)
    lines = [t("vote.list.title")] + [
        t("vote.list.item", n=n, title=v.title, state=_state(v)) for n, v in enumerate(votes, 1)
    ]
    if not votes:
        lines.append(t("vote.list.none"))
    specs: list[tuple[str, str, dict[str, Any]]] = [
        (f"{n}. {v.title[:50]}", "vote.status", {"vote_id": v.id}) for n, v in enumerate(votes, 1)
    ]
    specs += [
        (label("vote.btn.new"), "vote.new", {"meeting_id": meeting_id}),
        (label("vote.btn.attendance"), "attendance.show", {"meeting_id": meeting_id}),
        (label("draft.btn.open"), "drafts.list", {"meeting_id": meeting_id}),
        (label("minutes.btn.conclude"), "minutes.conclude", {"meeting_id": meeting_id}),
        (label("minutes.btn.file"), "minutes.file", {"meeting_id": meeting_id}),
        (label("quality.btn.score"), "quality.score", {"meeting_id": meeting_id}),
    ]
    return [Screen(join_lines(lines), await turn.options(specs))]


def _state(vote: Vote) -> str:
    if vote.status in ("open", "cancelled"):
        return label(f"vote.state.{vote.status}")
    return label("vote.passed" if (vote.outcome or {}).get("passed") else "vote.failed")


@action("vote.status")
async def on_status(turn: Turn) -> list[Screen]:
    found = await follow.turnout(turn.ctx, actor=turn.member, vote_id=int(turn.args["vote_id"]))
    vote = found.vote
    if vote.status == "closed":
        return [Screen(result_text(vote))]
    if vote.status == "cancelled":
        return [Screen(join_lines([header(vote), t("vote.state.cancelled_line")]))]
    lines = [
        header(vote),
        t("vote.turnout", voted=len(found.voted), eligible=len(found.voted) + len(found.waiting)),
        names_block("vote.turnout.waiting", found.waiting),
        names_block("vote.turnout.not_voting", found.not_voting),
    ]
    ref = {"vote_id": vote.id}
    options = await turn.options(
        [
            (label("meeting.btn.refresh"), "vote.status", ref),
            (label("vote.btn.close"), "vote.close", ref),
            (label("vote.btn.cancel"), "vote.cancel", ref),
        ]
    )
    return [Screen(join_lines(lines), options, columns=2)]


@action("vote.cancel")
async def on_cancel(turn: Turn) -> list[Screen]:
    """Asks once more: cancelling tells every member and throws away the ballots cast."""
    vote_id = int(turn.args["vote_id"])
    found = await follow.turnout(turn.ctx, actor=turn.member, vote_id=vote_id)
    ref = {"vote_id": vote_id}
    options = await turn.options(
        [(label("vote.btn.cancel_yes"), "vote.cancel_yes", ref), (label("vote.btn.back"), "vote.status", ref)]
    )
    return [Screen(join_lines([header(found.vote), t("vote.cancel_ask")]), options, columns=1)]


@action("vote.cancel_yes")
async def on_cancel_yes(turn: Turn) -> list[Screen]:
    vote = await cancel.cancel_vote(turn.ctx, actor=turn.member, vote_id=int(turn.args["vote_id"]))
    return [Screen(t("vote.cancelled_ok", title=vote.title), close_pressed=True)]


@action("vote.close")
async def on_close(turn: Turn) -> list[Screen]:
    vote = await follow.close_vote(turn.ctx, actor=turn.member, vote_id=int(turn.args["vote_id"]))
    return [Screen(join_lines([t("vote.closed_now"), result_text(vote)]), close_pressed=True)]


@action("attendance.show")
async def on_attendance(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    if "person_id" in turn.args:  # a press on a member: the next status
        await follow.set_attendance(
            turn.ctx,
            actor=turn.member,
            meeting_id=meeting_id,
            member_id=int(turn.args["person_id"]),
            status=str(turn.args["status"]),
        )
    found = await follow.meeting_roll(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    q = found.quorum
    lines = [
        t(
            "attendance.title",
            when=when_text(found.meeting.starts_at, turn.ctx.zone),
            unit=found.meeting.unit_name,
        ),
        t(
            "attendance.quorum_ok" if q.met else "attendance.quorum_missing",
            present=q.present,
            summoned=q.summoned,
            needed=q.needed,
        ),
        t("attendance.hint"),
    ]
    specs = []
    for entry in found.entries:
        status = entry.voter.attendance or "unknown"
        specs.append(
            (
                f"{ICONS[status]} {entry.full_name}",
                "attendance.show",
                {"meeting_id": meeting_id, "person_id": entry.member_id, "status": NEXT_STATUS[status]},
            )
        )
    specs.append((label("vote.btn.back"), "vote.list", {"meeting_id": meeting_id}))
    return [Screen(join_lines(lines), await turn.options(specs[:99]))]
