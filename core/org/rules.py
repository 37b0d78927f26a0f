"""Who may do what where. Roles reach the unit they are held in and every unit below it."""

from __future__ import annotations

from dataclasses import dataclass

UNIT_KINDS = ("tinh_uy", "cap_tren_co_so", "dang_bo_co_so", "chi_bo_co_so", "chi_bo_truc_thuoc", "to_dang")
CELL_KINDS = ("chi_bo_co_so", "chi_bo_truc_thuoc")
ROLES = ("bi_thu", "pho_bi_thu", "cap_uy_vien", "bien_tap_vien", "quan_tri")
COMMITTEE_ROLES = ("bi_thu", "pho_bi_thu", "cap_uy_vien")
MEMBER_STATUSES = ("chinh_thuc", "du_bi")

PERMISSIONS: dict[str, frozenset[str]] = {
    "meeting.schedule": frozenset({"bi_thu", "pho_bi_thu"}),
    "meeting.manage": frozenset({"bi_thu", "pho_bi_thu", "quan_tri"}),
    "notice.send": frozenset({"bi_thu", "pho_bi_thu"}),
    "task.assign": frozenset({"bi_thu", "pho_bi_thu"}),
    "invite.issue": frozenset({"bi_thu", "pho_bi_thu", "quan_tri"}),
    "document.manage": frozenset({"bi_thu", "pho_bi_thu", "bien_tap_vien", "quan_tri"}),
}


@dataclass(frozen=True)
class RoleRef:
    unit_id: int
    unit_path: str
    role: str


@dataclass(frozen=True)
class MemberRef:
    id: int
    full_name: str
    unit_id: int
    unit_path: str
    unit_name: str
    status: str
    exempted: bool
    roles: tuple[RoleRef, ...] = ()


def covers(holder_path: str, target_path: str) -> bool:
    return target_path.startswith(holder_path)


def can(member: MemberRef, permission: str, target_path: str) -> bool:
    allowed = PERMISSIONS[permission]
    return any(r.role in allowed and covers(r.unit_path, target_path) for r in member.roles)


def holds_any(member: MemberRef, permission: str) -> bool:
    allowed = PERMISSIONS[permission]
    return any(r.role in allowed for r in member.roles)


def managed_paths(member: MemberRef, permission: str) -> list[str]:
    """The tops of the subtrees where the member holds the permission (nested ones dropped)."""
    paths = sorted({r.unit_path for r in member.roles if r.role in PERMISSIONS[permission]}, key=len)
    tops: list[str] = []
    for path in paths:
        if not any(covers(top, path) for top in tops):
            tops.append(path)
    return tops


def child_path(parent_path: str | None, unit_id: int) -> str:
    return f"{parent_path or '/'}{unit_id}/"


def web_admin_ref(username: str) -> MemberRef:
    """An admin-web administrator who is not a member: manages everything, owns no member row (id 0)."""
    return MemberRef(
        id=0,
        full_name=username,
        unit_id=0,
        unit_path="/",
        unit_name="",
        status="chinh_thuc",
        exempted=False,
        roles=(RoleRef(unit_id=0, unit_path="/", role="quan_tri"),),
    )


def member_id_of(ref: MemberRef) -> int | None:
    """The member row behind an actor, None for a web administrator."""
    return ref.id or None
