"""A small organisation for tests: a đảng bộ cơ sở with two cells and a standing secretary."""

from __future__ import annotations

from dataclasses import dataclass, field

from core.db.uow import UowFactory
from core.members.models import Member
from core.org.models import Unit
from tests.factories import make_account, make_member, make_role, make_unit


@dataclass
class Org:
    province: Unit
    party_committee: Unit
    cell: Unit
    other_cell: Unit
    committee_secretary: Member
    secretary: Member
    members: list[Member] = field(default_factory=list)  # of `cell`, secretary first
    other_members: list[Member] = field(default_factory=list)
    accounts: dict[int, str] = field(default_factory=dict)  # member id → telegram user id


async def build_org(uow: UowFactory, *, join: bool = True, first_user_id: int = 7_000_000_001) -> Org:
    """Cell «Chi bộ Khu vực 1»: secretary + 4 members (one dự bị, one miễn sinh hoạt); another cell of 2."""
    async with uow() as u:
        s = u.session
        province = await make_unit(s, name="Tỉnh ủy Hậu Giang", kind="tinh_uy")
        committee = await make_unit(s, name="Đảng bộ phường I", kind="dang_bo_co_so", parent=province)
        cell = await make_unit(s, name="Chi bộ Khu vực 1", kind="chi_bo_truc_thuoc", parent=committee)
        other = await make_unit(s, name="Chi bộ Khu vực 2", kind="chi_bo_truc_thuoc", parent=committee)
        secretary = await make_member(s, unit=cell, full_name="Trần Thị Bí Thư")
        await make_role(s, member=secretary, unit=cell, role="bi_thu")
        members = [secretary]
        for name, status, exempted in [
            ("Nguyễn Văn An", "chinh_thuc", False),
            ("Lê Thị Bình", "chinh_thuc", False),
            ("Phạm Văn Cường", "du_bi", False),
            ("Võ Văn Dũng", "chinh_thuc", True),
        ]:
            members.append(await make_member(s, unit=cell, full_name=name, status=status, exempted=exempted))
        committee_secretary = await make_member(s, unit=other, full_name="Huỳnh Văn Đảng Ủy")
        await make_role(s, member=committee_secretary, unit=committee, role="bi_thu")
        other_members = [committee_secretary, await make_member(s, unit=other, full_name="Đặng Thị Em")]
        org = Org(province, committee, cell, other, committee_secretary, secretary, members, other_members)
        if join:
            user_id = first_user_id
            for member in [*members, *other_members]:
                await make_account(s, member=member, user_id=str(user_id))
                org.accounts[member.id] = str(user_id)
                user_id += 1
        await u.commit()
    return org
