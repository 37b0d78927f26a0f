"""The ./sotay wrapper: one data folder, the repository's own, wherever the command is run from."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """A copy of the wrapper in a fake checkout whose `sotay` prints the data folder it was given."""
    root = tmp_path / "so-tay"
    (root / "scripts").mkdir(parents=True)
    (root / ".venv" / "bin").mkdir(parents=True)
    shutil.copy(REPO / "sotay", root / "sotay")
    for path, body in (
        (root / "scripts" / "bootstrap.sh", "#!/bin/sh\nexit 0\n"),
        (root / ".venv" / "bin" / "sotay", '#!/bin/sh\nprintf "%s" "${SOTAY_DATA_DIR:-}"\n'),
    ):
        path.write_text(body, encoding="utf-8")
        path.chmod(0o755)
    return root


def data_dir_seen(checkout: Path, cwd: Path, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "SOTAY_DATA_DIR"} | env
    done = subprocess.run(
        [str(checkout / "sotay"), "invites"], cwd=cwd, env=environ, capture_output=True, text=True, check=True
    )
    return done.stdout


def test_wrapper_uses_the_repository_data_folder_when_run_from_another_folder(
    checkout: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "noi-khac"
    elsewhere.mkdir()

    assert data_dir_seen(checkout, elsewhere) == str(checkout / ".sotay")
    assert data_dir_seen(checkout, checkout) == str(checkout / ".sotay")


def test_wrapper_keeps_the_data_folder_when_sotay_data_dir_is_set(checkout: Path, tmp_path: Path) -> None:
    chosen = str(tmp_path / "du-lieu")

    assert data_dir_seen(checkout, tmp_path, SOTAY_DATA_DIR=chosen) == chosen


def test_wrapper_leaves_the_data_folder_to_dotenv_when_env_file_sets_it(
    checkout: Path, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text("SOTAY_DATA_DIR=/srv/sotay\n", encoding="utf-8")

    assert data_dir_seen(checkout, tmp_path) == ""
