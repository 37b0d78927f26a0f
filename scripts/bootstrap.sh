#!/bin/sh
# Creates ./.venv with Python 3.11+ and installs Sổ tay into it (again only when pyproject.toml changed).
# Usage: scripts/bootstrap.sh [extras]   e.g. scripts/bootstrap.sh dev
set -eu
cd "$(dirname "$0")/.."
extras="${1:-}"
marker=".venv/.installed${extras:+-$extras}"

find_python() {
    for candidate in python3.13 python3.12 python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Cần Python 3.11 trở lên (Python 3.11+ is required)." >&2
    return 1
}

if [ ! -x .venv/bin/python ]; then
    python="$(find_python)"
    echo "Đang tạo môi trường .venv với $python …" >&2
    "$python" -m venv .venv
fi
if [ ! -f "$marker" ] || [ pyproject.toml -nt "$marker" ]; then
    echo "Đang cài đặt thư viện (lần đầu mất vài phút) …" >&2
    .venv/bin/python -m pip install --quiet --upgrade pip >&2
    if [ -n "$extras" ]; then
        .venv/bin/python -m pip install --quiet -e ".[$extras]" >&2
    else
        .venv/bin/python -m pip install --quiet -e . >&2
    fi
    touch "$marker"
fi
