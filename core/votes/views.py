"""How a vote, a ballot and a result read in a chat: the result always with its formula."""

from __future__ import annotations

from typing import Any

from core.texts import Rich, join_lines, label, t
from core.votes import rules
from core.votes.models import Vote


def choice_label(choice: str) -> str:
    return label(f"vote.choice.{choice}") if choice in rules.ORDINARY_CHOICES else choice


def header(vote: Vote) -> Rich:
    ballot = label("vote.ballot.secret" if vote.secret else "vote.ballot.open")
    return join_lines(
        [
            t("vote.title", title=vote.title),
            t("vote.kind_line", kind=label(f"vote.kind.{vote.kind}"), ballot=ballot),
        ]
    )


def result_text(vote: Vote) -> Rich:
    """«11/20 đồng ý (cần hơn 10) — thông qua», then turnout, abstentions and the base's exclusions."""
    o: dict[str, Any] = vote.outcome or {}
    counts: dict[str, int] = o.get("counts", {})
    threshold = rules.THRESHOLDS[vote.kind]
    verdict = label("vote.passed" if o.get("passed") else "vote.failed")
    exact = threshold.share * o.get("denominator", 0)
    need = (  # «cần hơn 10» for an even base; «cần ít nhất 6» rather than «cần hơn 5,5»
        label("vote.need_more_than", n=_share(exact))
        if threshold.strict and exact.denominator == 1
        else label("vote.need_at_least", n=o.get("needed", 0))
    )
    if vote.kind == "election":
        lines = [t("vote.result.head", title=vote.title)]
        for choice in vote.choices:
            if choice != "khong_bieu_quyet":
                lines.append(
                    t(
                        "vote.result.candidate",
                        name=choice,
                        n=counts.get(choice, 0),
                        d=o.get("denominator", 0),
                    )
                )
        lines.append(
            t("vote.result.elected", name=o["winner"], need=need)
            if o.get("winner")
            else t("vote.result.no_one", need=need)
        )
    else:
        lines = [
            t("vote.result.head", title=vote.title),
            t(
                "vote.result.formula",
                yes=counts.get("dong_y", 0),
                d=o.get("denominator", 0),
                need=need,
                verdict=verdict,
            ),
            t("vote.result.against", n=counts.get("khong_dong_y", 0)),
        ]
    lines += [
        t("vote.result.abstain", n=counts.get("khong_bieu_quyet", 0)),
        t("vote.result.turnout", voted=o.get("voted", 0), eligible=o.get("eligible", 0)),
        t(
            "vote.result.base_excluded" if o.get("excluded") else "vote.result.base",
            excluded=o.get("excluded", 0),
            summoned=o.get("summoned_full", 0),
            exempted=o.get("exempted_absent", 0),
            excused=o.get("excused_absent", 0),
            base=o.get("base", 0),
        ),
    ]

    if threshold.of == "full_members":
        exempted, excluded = o.get("exempted_absent", 0), o.get("excluded", 0)
        key = "of_full_excluded" if excluded else "of_full_less" if exempted else "of_full"
        lines.append(
            t(
                f"vote.result.{key}",
                n=o.get("denominator", 0),
                full=o.get("summoned_full", 0),
                exempted=exempted,
                excluded=excluded,
            )
        )
    return join_lines(lines)


def _share(value: Any) -> str:
    """10, or 13,3 for a third: written the Vietnamese way."""
    number = float(value)
    return f"{number:.0f}" if number == int(number) else f"{number:.1f}".replace(".", ",")
