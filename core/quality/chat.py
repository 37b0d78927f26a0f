"""Scoring the meeting criterion by criterion in the chat; members rating it from the conclusion."""

from __future__ import annotations

from typing import Any

from core.conversation.registry import action, flow
from core.conversation.screens import Screen
from core.conversation.turn import Turn
from core.quality import service
from core.quality.sheet import Sheet, sheet_name
from core.texts import join_lines, label, t

FLOW = "quality.score"


@action("quality.score")
async def on_score(turn: Turn) -> list[Screen]:
    meeting_id = int(turn.args["meeting_id"])
    sheet = await service.sheet_for(turn.ctx, actor=turn.member, meeting_id=meeting_id)
    return await _ask(turn, sheet, {"meeting_id": meeting_id, "scores": {}, "numbers": True}, intro=True)


async def _ask(turn: Turn, sheet: Sheet, data: dict[str, Any], *, intro: bool = False) -> list[Screen]:
    index = len(data["scores"])
    criterion = sheet.criteria[index]
    await turn.save_state(FLOW, "score", data)  # no buttons: every number typed is a score (/huy stops)
    lines = [t("quality.intro", version=sheet_name(sheet.version), total=sheet.total_points)] if intro else []
    lines.append(
        t(
            "quality.ask",
            n=index + 1,
            count=len(sheet.criteria),
            title=criterion.title,
            points=criterion.points,
        )
    )
    return [Screen(join_lines(lines))]


@flow(FLOW)
async def on_step(turn: Turn) -> list[Screen]:
    assert turn.state is not None
    data = dict(turn.state["data"])
    sheet = await service.sheet_for(turn.ctx, actor=turn.member, meeting_id=int(data["meeting_id"]))
    criterion = sheet.criteria[len(data["scores"])]
    typed = (turn.event.text or "").strip()
    if not typed.isdigit() or not 0 <= int(typed) <= criterion.points:
        return [Screen(t("quality.again", points=criterion.points)), *await turn.repeat_choices()]
    data["scores"] = {**data["scores"], criterion.key: int(typed)}
    if len(data["scores"]) < len(sheet.criteria):
        return await _ask(turn, sheet, data)
    await turn.clear_state()
    score = await service.score_meeting(
        turn.ctx, actor=turn.member, meeting_id=int(data["meeting_id"]), scores=data["scores"]
    )
    return [
        Screen(
            t(
                "quality.done",
                total=score.total,
                points=sheet.total_points,
                grade=label(f"quality.grade.{score.grade}"),
            )
        )
    ]


@action("quality.rate")
async def on_rate(turn: Turn) -> list[Screen]:
    grade = str(turn.args["grade"])
    await service.rate_meeting(
        turn.ctx, member=turn.member, meeting_id=int(turn.args["meeting_id"]), grade=grade
    )
    return [
        Screen(t("quality.rated", grade=label(f"quality.grade.{grade}")), notice=label("vote.cast.toast"))
    ]
