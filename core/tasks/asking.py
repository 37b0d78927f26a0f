"""Questions the assign and follow-up flows share: who (numbers or names) and by when."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from core.calendar.when import Problem, understand_moment
from core.conversation.turn import Turn
from core.tasks import rules
from core.tasks.views import due_text
from core.texts import Rich, join_lines, label, plain, t

MAX_LISTED = 120


def people_text(people: list[list[Any]], marked: set[int] | None = None) -> Rich:
    """The unit's members numbered, so a channel without buttons can answer by number."""
    lines = []
    for index, (member_id, name) in enumerate(people[:MAX_LISTED], start=1):
        mark = label("task.assign.current_mark") if marked and int(member_id) in marked else ""
        lines.append(plain(f"{index}. {name}{mark}"))
    return join_lines(lines)


def ask_people(people: list[list[Any]], marked: set[int] | None = None) -> Rich:
    return join_lines(
        [t("task.assign.ask_people"), people_text(people, marked), t("task.assign.people_hint")]
    )


def apply_people(data: dict[str, Any], text: str) -> Rich | None:
    """Stores the chosen member ids; what matched nobody, or several people, is said by name."""
    people = data["people"][:MAX_LISTED]
    found = rules.select_people(text, [str(name) for _, name in people])
    problems: list[Rich] = []
    if found.unknown:
        problems.append(t("task.assign.unknown", items=", ".join(found.unknown)))
    for _typed, indexes in found.ambiguous:  # the people are named: the typed piece may lack diacritics
        names = ", ".join(f"{i + 1}. {people[i][1]}" for i in indexes)
        problems.append(t("task.assign.ambiguous", names=names))
    if not found.chosen and not problems:
        problems.append(t("task.assign.nobody"))
    if problems:
        return join_lines([*problems, t("task.assign.people_again")])
    data["chosen"] = [int(people[i][0]) for i in found.chosen]
    return None


def people_data(people: list[tuple[int, str, bool]]) -> dict[str, Any]:
    """What the flows keep of a unit's members: [id, name] to list, and who never joined the chat."""
    return {
        "people": [[member_id, name] for member_id, name, _ in people],
        "unjoined": [member_id for member_id, _, joined in people if not joined],
    }


def not_joined_line(data: dict[str, Any]) -> tuple[Rich, ...]:
    """The chosen people the chat cannot reach (no account), said before the task is sent."""
    unjoined = set(data.get("unjoined", []))
    names = {int(mid): str(name) for mid, name in data["people"]}
    missing = [names[mid] for mid in data.get("chosen", []) if mid in unjoined and mid in names]
    return (t("task.assign.not_joined", names=", ".join(missing)),) if missing else ()


def chosen_names(data: dict[str, Any]) -> str:
    names = {int(mid): str(name) for mid, name in data["people"]}
    return ", ".join(names[mid] for mid in data.get("chosen", []) if mid in names)


def ask_due(turn: Turn) -> Rich:
    example = (turn.ctx.clock.now().astimezone(turn.ctx.zone) + timedelta(days=7)).date()
    return t(
        "task.assign.ask_due",
        example=f"{example.day}/{example.month}",
        time=f"{rules.DEFAULT_DUE_TIME:%H:%M}",
    )


def apply_due(turn: Turn, data: dict[str, Any], text: str) -> Rich | None:
    """The deadline as typed; a past or unreadable one is asked again, saying why."""
    now = turn.ctx.clock.now()
    found = understand_moment(text, now.astimezone(turn.ctx.zone))
    if isinstance(found, Problem) and found.code == "no_when":
        return join_lines([t("task.assign.due_invalid", typed=text), ask_due(turn)])
    if isinstance(found, Problem):  # the calendar's own question: which half of the day, no such date…
        return t(f"when.{found.code}", **found.values)
    moment = datetime.combine(found.on, found.at or rules.DEFAULT_DUE_TIME, tzinfo=turn.ctx.zone)
    if moment <= now:
        return join_lines([t("task.assign.due_past", when=due_text(moment, turn.ctx.zone)), ask_due(turn)])
    data["due"] = moment.isoformat()
    data["due_default_time"] = found.at is None
    return None
