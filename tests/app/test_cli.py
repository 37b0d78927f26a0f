"""The `sotay` command as an operator uses it: Vietnamese messages, clear exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.cli import main


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("DATABASE_URL", "REDIS_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SOTAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def run(*argv: str) -> int:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    return int(exit_.value.code or 0)


def test_missing_command_is_explained_in_vietnamese(capsys):
    assert run() == 2
    err = capsys.readouterr().err
    assert "Cách dùng: sotay" in err and "thiếu tham số bắt buộc" in err


def test_import_reports_every_bad_row_and_writes_nothing(tmp_path, capsys):
    members = tmp_path / "members.csv"
    members.write_text(
        "Mã đảng viên,Họ và tên,Mã đơn vị,Năm sinh\nDV1,Nguyễn Văn A,KHONG-CO,19x5\nDV2,,KHONG-CO,1970\n",
        encoding="utf-8",
    )
    assert run("import", str(members)) == 1
    err = capsys.readouterr().err
    assert "Chưa có dữ liệu nào được ghi" in err
    assert "Dòng 2" in err and "«Năm sinh»" in err and "Dòng 3" in err
    assert "Traceback" not in err


def test_import_template_round_trip_then_invites_as_csv_for_excel(tmp_path, capsys):
    assert run("import", "--template", str(tmp_path / "mau")) == 0
    files = sorted(str(p) for p in (tmp_path / "mau").glob("*.csv"))
    capsys.readouterr()
    assert run("import", *files) == 0
    assert "Đã nhập xong" in capsys.readouterr().out
    out = tmp_path / "ma-moi.csv"
    assert run("invites", "-o", str(out)) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Đơn vị", "Mã mời", "Liên kết"]
    assert len(rows) > 1 and all(r[3].endswith(r[2]) for r in rows[1:])


def test_invites_for_unknown_unit_says_so(capsys):
    assert run("invites", "KHONG-TON-TAI") == 1
    assert "Không tìm thấy đơn vị" in capsys.readouterr().err


def test_admin_password_too_short_is_refused(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
    assert run("admin", "create", "bithu", "--password-stdin") == 1
    assert "Lỗi: Mật khẩu phải có ít nhất 8 ký tự." in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-du-dai\n"))
    assert run("admin", "create", "bithu", "--password-stdin") == 0
    assert "Đã tạo tài khoản quản trị «bithu»" in capsys.readouterr().out
