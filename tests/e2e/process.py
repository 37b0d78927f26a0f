"""Runs `sotay` as a real process, as a user would, against the local Telegram emulator."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import signal
import socket
import sqlite3
import sys
from pathlib import Path
from typing import Any

import httpx

from tests.emulators.telegram import TelegramEmulator

SOTAY = [sys.executable, "-m", "app"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path, tg: TelegramEmulator, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "ZALO_", "SOTAY_", "DATABASE_", "REDIS_"))
    }
    env.update(
        SOTAY_DATA_DIR=str(data_dir),
        TELEGRAM_BOT_TOKEN=tg.token,
        TELEGRAM_API_BASE=tg.base_url,
        SOTAY_OUTBOX_INTERVAL="0.2",
        SOTAY_REMINDER_INTERVAL="1",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


class SotayProcess:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.log = env, log
        self.port = free_port()
        self.proc: asyncio.subprocess.Process | None = None

    async def start(self, timeout: float = 60) -> None:
        handle = self.log.open("ab")
        self.proc = await asyncio.create_subprocess_exec(
            *SOTAY,
            "run",
            "--port",
            str(self.port),
            env=self.env,
            stdout=handle,
            stderr=handle,
            stdin=asyncio.subprocess.DEVNULL,
        )
        async with httpx.AsyncClient() as client:
            for _ in range(int(timeout * 10)):
                if self.proc.returncode is not None:
                    raise AssertionError(f"sotay run exited {self.proc.returncode}:\n{self.output()}")
                try:
                    if (await client.get(f"http://127.0.0.1:{self.port}/healthz")).status_code == 200:
                        return
                except httpx.HTTPError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"sotay run did not answer /healthz:\n{self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    async def stop(self, sig: int = signal.SIGINT, timeout: float = 30) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        return await asyncio.wait_for(self.proc.wait(), timeout)


async def cli(env: dict[str, str], *args: str) -> str:
    proc = await asyncio.create_subprocess_exec(
        *SOTAY, *args, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()
    return out.decode("utf-8-sig")


def invite_rows(csv_text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_text)))


def query(db: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql, params))
