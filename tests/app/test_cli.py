"""The `sotay` command as an operator uses it: Vietnamese messages, clear exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.core.test_invite_export import pdf_text


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (
        "DATABASE_URL",
        "REDIS_URL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_BOT_USERNAME",
        "ZALO_BOT_TOKEN",
        "ZALO_BOT_NAME",
    ):
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


def test_import_template_round_trip_then_invites_as_csv_for_excel(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "sotay_hg_bot")
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
    assert len(rows) > 1 and all(r[3] == f"https://t.me/sotay_hg_bot?start={r[2]}" for r in rows[1:])


def test_invites_for_unknown_unit_says_so(capsys):
    assert run("invites", "KHONG-TON-TAI") == 1
    assert "Không tìm thấy đơn vị" in capsys.readouterr().err


def test_failed_command_names_its_database_when_unit_is_unknown(data_dir, capsys):
    assert run("invites", "KHONG-TON-TAI") == 1
    err = capsys.readouterr().err
    assert f"Cơ sở dữ liệu: {(data_dir / 'sotay.db').resolve()}" in err


def import_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The example organisation of `import --template`: unit VD-SO-CB01 is «Chi bộ Văn phòng Sở»."""
    assert run("import", "--template", str(tmp_path / "mau")) == 0
    assert run("import", *sorted(str(p) for p in (tmp_path / "mau").glob("*.csv"))) == 0
    capsys.readouterr()


def test_invites_leave_links_empty_and_warn_when_bot_name_is_unknown(tmp_path, capsys):
    import_template(tmp_path, capsys)

    assert run("invites", "VD-SO-CB01") == 0

    captured = capsys.readouterr()
    rows = list(csv.reader(io.StringIO(captured.out.lstrip("\ufeff"))))
    assert rows[0] == ["Họ và tên", "Đơn vị", "Mã mời", "Liên kết"]
    assert len(rows) > 1 and all(r[2] and r[3] == "" for r in rows[1:])
    assert "t.me" not in captured.out
    assert "cột «Liên kết» để trống" in captured.err
    assert "TELEGRAM_BOT_USERNAME" in captured.err


def test_invites_refuse_sheet_when_bot_name_is_unknown(tmp_path, capsys):
    import_template(tmp_path, capsys)
    sheet = tmp_path / "ma-moi.pdf"

    assert run("invites", "VD-SO-CB01", "--sheet", str(sheet)) == 2

    captured = capsys.readouterr()
    assert "Không tạo phiếu in" in captured.err and "TELEGRAM_BOT_USERNAME" in captured.err
    assert captured.out == ""
    assert not sheet.exists()


def test_invites_for_zalo_alone_print_a_sheet_and_csv_naming_the_zalo_bot(tmp_path, capsys, monkeypatch):
    import_template(tmp_path, capsys)
    monkeypatch.setenv("ZALO_BOT_NAME", "Sổ tay Chi bộ Văn phòng")
    sheet, out = tmp_path / "ma-moi.pdf", tmp_path / "ma-moi.csv"

    assert run("invites", "VD-SO-CB01", "-o", str(out), "--sheet", str(sheet)) == 0

    text = pdf_text(sheet)
    assert "Mở Zalo, tìm bot «Sổ tay Chi bộ Văn phòng» và gửi MÃ" in text and "Telegram" not in text
    assert "Trên Zalo: tìm bot" in text and "Mã: " in text
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0] == ["Họ và tên", "Đơn vị", "Mã mời", "Liên kết", "Trên Zalo"]
    assert all(
        r[3] == "" and r[4] == f"Tìm bot «Sổ tay Chi bộ Văn phòng» trên Zalo, gửi mã {r[2]}" for r in rows[1:]
    )
    assert "TELEGRAM_BOT_USERNAME" not in capsys.readouterr().err  # nothing is missing for Zalo alone


def test_invites_refuse_sheet_when_file_is_not_pdf(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "sotay_hg_bot")
    sheet = tmp_path / "ma-moi.txt"

    assert run("invites", "--sheet", str(sheet)) == 2

    assert "phải có đuôi .pdf" in capsys.readouterr().err
    assert not sheet.exists()


def test_invites_refuse_unit_when_member_is_also_given(tmp_path, capsys):
    import_template(tmp_path, capsys)

    assert run("invites", "VD-SO-CB01", "--member", "VD0001") == 2

    err = capsys.readouterr().err
    assert "Không dùng cùng lúc đơn vị «VD-SO-CB01» và --member" in err


def test_sheet_is_titled_with_unit_name_when_code_is_typed_in_lower_case(tmp_path, capsys, monkeypatch):
    import_template(tmp_path, capsys)
    monkeypatch.setenv("TELEGRAM_BOT_USERNAME", "sotay_hg_bot")
    sheet = tmp_path / "ma-moi.pdf"

    assert run("invites", "vd-so-cb01", "-o", str(tmp_path / "ma-moi.csv"), "--sheet", str(sheet)) == 0

    title = pdf_text(sheet).splitlines()[0]
    assert title == "Mã mời tham gia Sổ tay — Chi bộ Văn phòng Sở"


def test_sheet_prints_no_font_logs_when_font_is_cut_afresh(tmp_path, capsys):
    """The font cut is cached in the temporary folder: a fresh one makes fontTools work (and talk)."""
    import_template(tmp_path, capsys)
    env = {
        k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "REDIS_URL")
    }
    env |= {"TELEGRAM_BOT_USERNAME": "sotay_hg_bot", "SOTAY_DATA_DIR": str(tmp_path / "data")}
    env["TMPDIR"] = str(tmp_path / "tam")
    (tmp_path / "tam").mkdir()
    sheet = tmp_path / "ma-moi.pdf"

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "invites",
            "VD-SO-CB01",
            "-o",
            str(tmp_path / "x.csv"),
            "--sheet",
            str(sheet),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert any((tmp_path / "tam" / "sotay-fonts").iterdir())
    assert "fontTools" not in done.stderr
    assert done.stderr.count("\n") <= 4, done.stderr


def test_import_explains_how_to_pass_files_when_given_a_folder(tmp_path, capsys):
    folder = tmp_path / "du-lieu"
    folder.mkdir()

    assert run("import", str(folder)) == 2

    err = capsys.readouterr().err
    assert f"«{folder}» là thư mục" in err
    assert f"sotay import {folder}/units.csv" in err
    assert "Không tìm thấy tệp" not in err


def test_admin_create_suggests_password_stdin_when_stdin_is_not_a_terminal(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))

    assert run("admin", "create", "bithu") == 2

    err = capsys.readouterr().err
    assert "--password-stdin" in err and "không phải terminal" in err
    assert "Traceback" not in err and "Warning" not in err


def test_admin_create_explains_when_password_is_not_utf8(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"m\xe1t-kh\xe2u\n"), encoding="utf-8"))

    assert run("admin", "create", "bithu", "--password-stdin") == 2

    assert "Không đọc được mật khẩu" in capsys.readouterr().err


def test_admin_password_too_short_is_refused(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("ngan\n"))
    assert run("admin", "create", "bithu", "--password-stdin") == 1
    assert "Lỗi: Mật khẩu phải có ít nhất 8 ký tự." in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("mat-khau-du-dai\n"))
    assert run("admin", "create", "bithu", "--password-stdin") == 0
    assert "Đã tạo tài khoản quản trị «bithu»" in capsys.readouterr().out
