"""A local Zalo Bot Platform emulator for end-to-end tests.

A much smaller sibling of ``telegram.py``: an aiohttp server on 127.0.0.1 that
answers ``POST /bot{token}/{method}`` the way shared/platforms.md section 3
describes (envelope ``{ok, result | error_code, description}``, HTTP status =
``error_code``, getUpdates returning ONE update or HTTP 408, 2000-character
texts, webhook secret in ``X-Bot-Api-Secret-Token``). The test acts as the
users (``user_sends``, ``user_sends_unsupported``, ``user_sends_again``) and
inspects what the bot did (``sent``, ``calls``, ``messages_to``,
``wait_for_messages``).

Choices where the docs are silent (change the class attributes if needed):

* getUpdates while a webhook is set answers HTTP 409 "Conflict: webhook is
  active, call deleteWebhook first" (Telegram's behaviour; Zalo documents only
  that the two modes exclude each other, not the code).
* setWebhook accepts any http(s) URL, so tests can use 127.0.0.1; set
  ``strict_webhook_url = True`` to refuse non-HTTPS, localhost and private IPs.
* A webhook POST is tried once; the outcome goes to ``webhook_log`` and the
  update is dropped either way (redelivery is undocumented).
* sendChatAction answers ``result: true``; only ``action="typing"`` is accepted.
* Text length is counted in code points; ``parse_mode`` is accepted but not parsed.

Call the ``user_*`` methods from the event loop the emulator runs on.
"""

from __future__ import annotations

import asyncio
import copy
import ipaddress
import json
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from tests.emulators.server import EmulatorServer

MAX_TEXT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
Handler = Callable[[dict[str, Any]], Awaitable[Any]]


def new_user_id() -> str:
    """A fresh 20-hex id, shaped like the bot-specific ids Zalo gives users and chats."""
    return secrets.token_hex(10)


def _now_ms() -> int:
    return int(time.time() * 1000)


class ZaloError(Exception):
    """A refusal, answered as ``{"ok": false, ...}`` with this HTTP status."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description

    def body(self) -> dict[str, Any]:
        return {"ok": False, "error_code": self.code, "description": self.description}


class ZaloEmulator(EmulatorServer):
    """An in-process HTTP server that speaks enough of the Zalo Bot API for our bot."""

    webhook_timeout = 10.0
    webhook_conflict_code = 409
    strict_webhook_url = False

    def __init__(
        self,
        *,
        token: str = "1122334455667788990:TESTSECRET",
        account_name: str = "Bot Sổ tay (test)",
        rate_limit: float | None = 10.0,
        rate_burst: int = 10,
        wrapped_webhooks: bool = False,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot_id = token.split(":", 1)[0]
        self.account_name = account_name
        self.rate_limit = rate_limit
        self.rate_burst = rate_burst
        self.wrapped_webhooks = wrapped_webhooks
        self.actions: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook_log: list[dict[str, Any]] = []
        self._users: dict[str, dict[str, Any]] = {}
        self._updates: deque[dict[str, Any]] = deque()
        self._webhook: dict[str, Any] | None = None
        self._webhook_updated_at = 0
        self._failures: dict[str, deque[ZaloError]] = defaultdict(deque)
        self._delays: dict[str, deque[float]] = defaultdict(deque)
        self._tokens = float(rate_burst)
        self._stamp = time.monotonic()
        self._methods: dict[str, Handler] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendPhoto": self._send_photo,
            "sendSticker": self._send_sticker,
            "sendChatAction": self._send_chat_action,
        }

    # ---------------------------------------------------------------- lifecycle

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)

    @property
    def api_url(self) -> str:
        """``{base_url}/bot{token}``: append ``/sendMessage`` etc."""
        return f"{self.base_url}/bot{self.token}"

    # ------------------------------------------------------------ acting as users

    def add_user(self, user_id: str, display_name: str = "Người dùng") -> dict[str, Any]:
        """Make a user known (as if they had written to the bot) without queueing anything."""
        user = self._users.setdefault(user_id, {"id": user_id, "is_bot": False})
        user["display_name"] = display_name
        return user

    def user_sends(
        self, user_id: str, text: str, *, display_name: str = "Người dùng", with_id: bool = True
    ) -> dict[str, Any]:
        """Queue a ``message.text.received`` update (``with_id=False``: no message_id); returns it."""
        message = self._message(user_id, display_name)
        message["text"] = text
        if not with_id:
            del message["message_id"]
        return self._queue({"event_name": "message.text.received", "message": message})

    def user_sends_unsupported(self, user_id: str, *, display_name: str = "Người dùng") -> dict[str, Any]:
        """Queue ``message.unsupported.received``: ids and sender only, no content."""
        message = self._message(user_id, display_name)
        return self._queue({"event_name": "message.unsupported.received", "message": message})

    def user_sends_again(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver an already-sent update once more, unchanged (duplicate delivery)."""
        return self._queue(copy.deepcopy(update))

    def _message(self, user_id: str, display_name: str) -> dict[str, Any]:
        user = self.add_user(user_id, display_name)
        return {
            "message_id": secrets.token_hex(16),
            "date": _now_ms(),
            "chat": {"id": user_id, "chat_type": "PRIVATE"},
            "from": dict(user),
        }

    def _queue(self, update: dict[str, Any]) -> dict[str, Any]:
        self._updates.append(update)
        self._wake()
        return update

    # --------------------------------------------------------------- inspection

    def pending_updates(self) -> int:
        """Updates not yet handed out by getUpdates or posted to the webhook."""
        return len(self._updates)

    # ---------------------------------------------------------- fault injection

    def fail_next(
        self, method: str, count: int = 1, error_code: int = 429, description: str = "Quota exceeded"
    ) -> None:
        self._failures[method].extend([ZaloError(error_code, description)] * count)

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Hold the next calls; they are still carried out after the delay."""
        self._delays[method].extend([seconds] * count)

    async def probe_webhook(self) -> int:
        """POST an empty body to the webhook (as Zalo does when checking it); returns the status."""
        assert self._webhook is not None, "no webhook set"
        headers = {SECRET_HEADER: self._webhook["secret_token"], "Content-Type": "application/json"}
        async with (
            aiohttp.ClientSession() as session,
            session.post(self._webhook["url"], data=b"", headers=headers) as response,
        ):
            return response.status

    # ------------------------------------------------------------- HTTP plumbing

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params = await _read_params(request)
        except ValueError:
            params = {}
        self.calls.append((method, params))
        try:
            if request.match_info["token"] != self.token:
                raise ZaloError(401, "Unauthorized")
            handler = self._methods.get(method)  # method names are case-sensitive
            if handler is None:
                raise ZaloError(404, "Not Found")
            delays = self._delays[method]
            if delays:
                await asyncio.sleep(delays.popleft())
            failures = self._failures[method]
            if failures:
                raise failures.popleft()
            result = await handler(params)
        except ZaloError as error:
            return web.json_response(error.body(), status=error.code)
        return web.json_response({"ok": True, "result": result})

    # --------------------------------------------------------------- the methods

    async def _get_me(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "account_name": self.account_name,
            "account_type": "BASIC",
            "can_join_groups": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> dict[str, Any]:
        if self._webhook is not None:
            raise ZaloError(
                self.webhook_conflict_code, "Conflict: webhook is active, call deleteWebhook first"
            )
        try:
            timeout = float(params.get("timeout", 30))
        except (TypeError, ValueError):
            raise ZaloError(400, "Bad Request: timeout must be a number") from None
        deadline = asyncio.get_running_loop().time() + timeout
        while not self._updates and self._webhook is None and not self._closing:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await self._wait_signal(remaining)
        if not self._updates or self._webhook is not None:
            raise ZaloError(408, "Request timeout")
        return self._updates.popleft()

    async def _set_webhook(self, params: dict[str, Any]) -> dict[str, Any]:
        url, secret = str(params.get("url") or ""), str(params.get("secret_token") or "")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ZaloError(400, "Bad Request: invalid url")
        if self.strict_webhook_url and (parts.scheme != "https" or _is_local(parts.hostname)):
            raise ZaloError(400, "Bad Request: url must be a public HTTPS address")
        if not 8 <= len(secret) <= 256:
            raise ZaloError(400, "Bad Request: secret_token must be 8-256 characters")
        await self._stop_webhook()
        self._webhook = {"url": url, "secret_token": secret}
        self._webhook_updated_at = _now_ms()
        self._wake()  # pending long polls give up
        self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return {"url": url, "updated_at": self._webhook_updated_at}

    async def _delete_webhook(self, _params: dict[str, Any]) -> dict[str, Any]:
        await self._stop_webhook()
        self._webhook = None
        self._webhook_updated_at = _now_ms()
        return {"url": "", "updated_at": self._webhook_updated_at}

    async def _get_webhook_info(self, _params: dict[str, Any]) -> dict[str, Any]:
        url = self._webhook["url"] if self._webhook else ""
        return {"url": url, "updated_at": self._webhook_updated_at}

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        text = _checked_text(params.get("text"), "text")
        return self._record("sendMessage", chat_id, text=text)

    async def _send_photo(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        photo = params.get("photo")
        if not isinstance(photo, str) or not photo.startswith(("http://", "https://")):
            raise ZaloError(400, "Bad Request: photo must be a URL")
        fields: dict[str, Any] = {"photo": photo}
        if params.get("caption") is not None:
            fields["caption"] = _checked_text(params["caption"], "caption")
        return self._record("sendPhoto", chat_id, **fields)

    async def _send_sticker(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        if not params.get("sticker"):
            raise ZaloError(400, "Bad Request: sticker is required")
        return self._record("sendSticker", chat_id, sticker=str(params["sticker"]))

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        chat_id = self._send_target(params, rate_limited=False)
        if params.get("action") != "typing":
            raise ZaloError(400, "Bad Request: unsupported action")
        self.actions.append({"chat_id": chat_id, "action": "typing", "date": _now_ms()})
        return True

    # ----------------------------------------------------------------- helpers

    def _send_target(self, params: dict[str, Any], *, rate_limited: bool = True) -> str:
        chat_id = params.get("chat_id")
        if not chat_id:
            raise ZaloError(400, "Bad Request: chat_id is required")
        chat_id = str(chat_id)
        if chat_id not in self._users:
            raise ZaloError(400, "Bad Request: chat not found")
        if rate_limited:
            self._take_rate_token()
        return chat_id

    def _take_rate_token(self) -> None:
        if self.rate_limit is None:
            return
        now = time.monotonic()
        self._tokens = min(float(self.rate_burst), self._tokens + (now - self._stamp) * self.rate_limit)
        self._stamp = now
        if self._tokens < 1:
            raise ZaloError(429, "Quota exceeded")
        self._tokens -= 1

    def _record(self, method: str, chat_id: str, **fields: Any) -> dict[str, Any]:
        record = {"message_id": secrets.token_hex(16), "chat_id": chat_id, "date": _now_ms(), **fields}
        record["method"] = method
        self.sent.append(record)
        return {"message_id": record["message_id"], "date": record["date"]}

    async def _deliver_webhooks(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while self._webhook is not None and not self._closing:
                if not self._updates:
                    await self._wait_signal(1.0)
                    continue
                await self._post_update(session, self._updates.popleft())

    async def _post_update(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        assert self._webhook is not None
        body = {"ok": True, "result": update} if self.wrapped_webhooks else update
        headers = {SECRET_HEADER: self._webhook["secret_token"]}
        entry: dict[str, Any] = {"update": update, "wrapped": self.wrapped_webhooks}
        try:
            async with session.post(self._webhook["url"], json=body, headers=headers) as response:
                entry["status"] = response.status
        except (aiohttp.ClientError, TimeoutError) as error:
            entry["status"], entry["error"] = 0, f"{type(error).__name__}: {error}"
        self.webhook_log.append(entry)


def _checked_text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise ZaloError(400, f"Bad Request: {name} is empty")
    if len(value) > MAX_TEXT:
        raise ZaloError(400, f"Bad Request: {name} is too long (max {MAX_TEXT} characters)")
    return value


def _is_local(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local


async def _read_params(request: web.Request) -> dict[str, Any]:
    """Query string, then a JSON or form body on top (the docs accept all three)."""
    params: dict[str, Any] = dict(request.query)
    if request.can_read_body:
        if request.content_type == "application/json":
            body = json.loads(await request.text() or "{}")
            params.update(body if isinstance(body, dict) else {})
        else:
            params.update(await request.post())
    return params
