"""Meetings in the chat: my meetings, answering a notice, and the secretary's follow-up."""

from __future__ import annotations

from core.conversation.matching import SYNONYMS
from core.conversation.registry import action, command, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.errors import Forbidden
from core.meetings import follow_up, service
from core.meetings.schedule_flow import start_reschedule
from core.meetings.views import MeetingView, answer_text, details, status_text, when_text
from core.org.rules import holds_any
from core.text import clean
from core.texts import join_lines, label, t

REASON_FLOW = "meeting.reason"
# what members type to a notice instead of its choices (labels folded: «✅ Tham dự», «🚫 Vắng (có lý do)»)
SYNONYMS.update(
    {
        "tham du": ("co", "co mat", "co a", "toi tham du", "toi se tham du", "se tham du", "du"),
        "vang co ly do": ("vang", "vang mat", "toi xin vang", "khong tham du", "khong du"),
    }
)
CANCEL_FLOW = "meeting.cancel"


@command(
    "lich",
    "lich",
    "lich hop",
    "cuoc hop",
    "hop cua toi",
    "xem lich",
    # an answer typed to a notice instead of pressing its button: show the meetings with their buttons
    "tham du",
    "toi tham du",
    "toi se tham du",
    "co",
    "co mat",
    "vang",
    "xin vang",
    "toi xin vang",
)
async def cmd_my_meetings(turn: Turn) -> list[Screen]:
    mine = await service.my_upcoming_meetings(turn.ctx, member=turn.member)
    if not mine:
        return [Screen(t("meeting.none_upcoming"))]
    screens = [Screen(t("meeting.upcoming_title", n=len(mine)))]
    for item in mine:
        options = await turn.options(
            [
                (
                    label("meeting.btn.attend"),
                    "meeting.rsvp",
                    {"meeting_id": item.meeting.id, "answer": "attend"},
                ),
                (
                    label("meeting.btn.absent"),
                    "meeting.rsvp",
                    {"meeting_id": item.meeting.id, "answer": "absent"},
                ),
                *(
                    [(label("paper.btn.all"), "paper.list", {"meeting_id": item.meeting.id})]
                    if item.meeting.papers
                    else []
                ),
            ]
        )
        body = join_lines([details(item.meeting, turn.ctx.zone), answer_text(item.answer, item.reason)])
        screens.append(Screen(body, options, columns=2))
    return screens


@action("meeting.rsvp")
async def on_rsvp(turn: Turn) -> list[Screen]:
    meeting_id, answer = int(turn.args["meeting_id"]), str(turn.args["answer"])
    if answer == "absent":
        # Ask for the reason first; the answer is recorded with it. Checks run now, not only at the end.
        await service.check_can_answer(turn.ctx, member=turn.member, meeting_id=meeting_id)
        await turn.save_state(REASON_FLOW, "reason", {"meeting_id": meeting_id})
        options = await turn.choices(REASON_FLOW, [(label("flow.cancel"), "cancel")])
        return [Screen(t("meeting.ask_reason"), options)]
    meeting = await service.answer_meeting(
        turn.ctx, member=turn.member, meeting_id=meeting_id, answer="attend"
    )
    return [
        Screen(
            t("meeting.rsvp.attend_ok", when=when_text(meeting.starts_at, turn.ctx.zone)),
            notice=label("meeting.rsvp.saved"),
        )
    ]


@flow(REASON_FLOW, cancelled="meeting.reason_cancelled")
async def on_reason(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    reason = clean(turn.event.text)
    if not reason:
        return [Screen(t("meeting.ask_reason"))]
    meeting_id = int(turn.state["data"]["meeting_id"])
    await turn.clear_state()
    meeting = await service.answer_meeting(
        turn.ctx, member=turn.member, meeting_id=meeting_id, answer="absent", reason=reason[:1000]
    )
    return [
        Screen(t("meeting.rsvp.absent_ok", when=when_text(meeting.starts_at, turn.ctx.zone), reason=reason))
    ]


@command("theodoi", "theo doi", "theo doi cuoc hop", "tinh hinh")
async def cmd_follow(turn: Turn) -> list[Screen]:
    if not holds_any(turn.member, "meeting.manage"):
        raise Forbidden("not_secretary")
    meetings = await follow_up.managed_upcoming_meetings(turn.ctx, actor=turn.member)
    if not meetings:
        return [Screen(t("meeting.none_managed"))]
    options = await turn.options(
        [
            (
                _follow_label(m, turn),
                "meeting.status",
                {"meeting_id": m.id},
            )
            for m in meetings
        ]
    )
    return [Screen(t("meeting.pick_to_follow"), options)]


def _follow_label(meeting: MeetingView, turn: Turn) -> str:
    """«18/12 14:00 · Sinh hoạt định kỳ · Chi bộ …»: two meetings on one day stay apart."""
    local = meeting.starts_at.astimezone(turn.ctx.zone)
    return f"{local:%d/%m %H:%M} · {label(f'meeting.kind.{meeting.kind}')} · {meeting.unit_name}"


@action("meeting.status")
async def on_status(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    view = await follow_up.meeting_status(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    args = {"meeting_id": meeting_id}
    specs = [
        (label("meeting.btn.refresh"), "meeting.status", args),
        (label("paper.btn.manage"), "paper.list", args),
        (label("meeting.btn.votes"), "vote.list", args),
    ]
    if view.meeting.status == "scheduled":
        specs += [
            (label("meeting.btn.move"), "meeting.move", args),
            (label("meeting.btn.cancel"), "meeting.cancel", args),
        ]
        if view.unanswered:
            specs.insert(0, (label("meeting.btn.nudge", n=len(view.unanswered)), "meeting.nudge", args))
    return [Screen(status_text(view, turn.ctx.zone), await turn.options(specs), columns=2)]


@action("meeting.nudge")
async def on_nudge(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    count = await follow_up.remind_unanswered(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    options = await turn.options(
        [(label("meeting.btn.follow"), "meeting.status", {"meeting_id": meeting_id})]
    )
    return [Screen(t("meeting.nudged", n=count), options)]


@action("meeting.move")
async def on_move(turn: Turn) -> list[Screen]:
    return await start_reschedule(turn, int(turn.args["meeting_id"]))


@action("meeting.cancel")
async def on_cancel(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    view = await follow_up.meeting_status(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    await turn.save_state(CANCEL_FLOW, "confirm", {"meeting_id": meeting_id})
    options = await turn.choices(
        CANCEL_FLOW, [(label("meeting.btn.cancel_yes"), "yes"), (label("meeting.btn.cancel_no"), "no")]
    )
    return [
        Screen(
            join_lines([t("meeting.cancel_confirm"), details(view.meeting, turn.ctx.zone)]),
            options,
            columns=2,
        )
    ]


@flow(CANCEL_FLOW)
async def on_cancel_confirm(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    meeting_id = int(turn.state["data"]["meeting_id"])
    if turn.choice not in ("yes", "no"):
        return await on_cancel(_with_args(turn, meeting_id))
    await turn.clear_state()
    if turn.choice == "no":
        return [Screen(t("meeting.cancel_kept"))]
    await follow_up.cancel_meeting(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    return [Screen(t("meeting.cancelled_ok"))]


def _with_args(turn: Turn, meeting_id: int) -> Turn:
    turn.args = {"meeting_id": meeting_id}
    return turn
