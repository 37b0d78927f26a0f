"""The pilot organisation of Hậu Giang (report of June 2024, first footnote), as demo data.

Unit names above the cells are the report's; cell names are plausible inventions.
Each cell gets a size range; the seeder then nudges sizes until the total is MEMBERS.
"""

from __future__ import annotations

from dataclasses import dataclass

MEMBERS = 1277  # the report's total


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    children: tuple[UnitPlan, ...] = ()
    sizes: tuple[int, int] | None = None  # members, for a cell


OFFICE = (6, 18)
RESIDENTIAL = (18, 30)
CELL_KIND = "chi_bo_truc_thuoc"


def _party_committee(
    code: str, name: str, cell_names: list[str], sizes: tuple[int, int] = OFFICE
) -> UnitPlan:
    """A đảng bộ cơ sở and its cells, coded CODE-CB01, CODE-CB02…"""
    cells = tuple(
        UnitPlan(f"{code}-CB{index:02d}", f"Chi bộ {cell}", CELL_KIND, sizes=sizes)
        for index, cell in enumerate(cell_names, 1)
    )
    return UnitPlan(code, name, "dang_bo_co_so", children=cells)


def _cell_org(code: str, name: str) -> UnitPlan:
    """A chi bộ cơ sở: a grassroots organisation that is itself the cell."""
    return UnitPlan(code, name, "chi_bo_co_so", sizes=OFFICE)


KHOI = UnitPlan(
    "HG-KHOI",
    "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
    "cap_tren_co_so",
    children=(
        _party_committee(
            "HG-KHOI-BTCTU",
            "Đảng bộ Ban Tổ chức Tỉnh ủy",
            [
                "Phòng Tổ chức cán bộ",
                "Phòng Tổ chức đảng, đảng viên",
                "Phòng Bảo vệ chính trị nội bộ",
                "Phòng Cán bộ",
                "Văn phòng Ban",
            ],
        ),
        _party_committee(
            "HG-KHOI-VPTU",
            "Đảng bộ Văn phòng Tỉnh ủy",
            [
                "Phòng Tổng hợp",
                "Phòng Hành chính – Lưu trữ",
                "Phòng Quản trị – Tài vụ",
                "Phòng Tài chính đảng",
                "Phòng Công nghệ thông tin",
                "Nhà khách Tỉnh ủy",
            ],
        ),
        _cell_org("HG-KHOI-BTGTU", "Chi bộ Ban Tuyên giáo Tỉnh ủy"),
        _party_committee(
            "HG-KHOI-VPUBND",
            "Đảng bộ Văn phòng Ủy ban nhân dân tỉnh",
            [
                "Phòng Tổng hợp",
                "Phòng Kinh tế",
                "Phòng Khoa giáo – Văn xã",
                "Phòng Hành chính – Tổ chức",
                "Phòng Quản trị – Tài vụ",
                "Ban Tiếp công dân",
                "Trung tâm Phục vụ hành chính công",
            ],
        ),
        _party_committee(
            "HG-KHOI-STTTT",
            "Đảng bộ Sở Thông tin và Truyền thông",
            [
                "Văn phòng Sở",
                "Phòng Bưu chính – Viễn thông",
                "Phòng Công nghệ thông tin",
                "Phòng Thông tin – Báo chí – Xuất bản",
                "Thanh tra Sở",
                "Trung tâm Công nghệ thông tin và Truyền thông",
            ],
        ),
        _party_committee(
            "HG-KHOI-BVDK",
            "Đảng bộ Bệnh viện đa khoa Hậu Giang",
            [
                "Khoa Nội tổng hợp",
                "Khoa Ngoại tổng hợp",
                "Khoa Sản",
                "Khoa Nhi",
                "Khoa Hồi sức tích cực – Chống độc",
                "Khoa Cấp cứu",
                "Khoa Xét nghiệm",
                "Khoa Chẩn đoán hình ảnh",
                "Khoa Dược",
                "Phòng Kế hoạch tổng hợp",
                "Phòng Điều dưỡng",
                "Phòng Tổ chức cán bộ",
            ],
        ),
        _party_committee(
            "HG-KHOI-CDCD",
            "Đảng bộ Trường Cao đẳng cộng đồng Hậu Giang",
            [
                "Khoa Sư phạm",
                "Khoa Kinh tế",
                "Khoa Nông nghiệp",
                "Khoa Công nghệ thông tin",
                "Khoa Ngoại ngữ",
                "Phòng Đào tạo",
                "Phòng Hành chính – Tổng hợp",
                "Phòng Công tác học sinh, sinh viên",
            ],
        ),
        _cell_org("HG-KHOI-BXT", "Chi bộ Công ty cổ phần Bến xe tàu Hậu Giang"),
    ),
)

VI_THANH = UnitPlan(
    "HG-VT",
    "Đảng bộ thành phố Vị Thanh",
    "cap_tren_co_so",
    children=(
        _party_committee(
            "HG-VT-P1",
            "Đảng bộ phường I",
            [
                *(f"Khu vực {n}" for n in range(1, 9)),
                "Cơ quan phường",
                "Quân sự phường",
                "Công an phường",
                "Trường Tiểu học phường I",
            ],
            RESIDENTIAL,
        ),
        _party_committee(
            "HG-VT-VITAN",
            "Đảng bộ xã Vị Tân",
            [
                *(f"Ấp {n}" for n in range(1, 8)),
                "Cơ quan xã",
                "Quân sự xã",
                "Công an xã",
                "Trường Trung học cơ sở Vị Tân",
                "Trạm Y tế xã",
            ],
            RESIDENTIAL,
        ),
        _cell_org("HG-VT-VPTHU", "Chi bộ Văn phòng Thành ủy"),
        _cell_org("HG-VT-BTCTHU", "Chi bộ Ban Tổ chức Thành ủy"),
        _cell_org("HG-VT-BTGTHU", "Chi bộ Ban Tuyên giáo Thành ủy"),
        _cell_org("HG-VT-VPHDUB", "Chi bộ Văn phòng Hội đồng nhân dân và Ủy ban nhân dân thành phố"),
    ),
)

PROVINCE = UnitPlan("HG", "Tỉnh ủy Hậu Giang", "tinh_uy", children=(KHOI, VI_THANH))
