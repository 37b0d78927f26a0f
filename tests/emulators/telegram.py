"""A local Telegram Bot API emulator for end-to-end tests.

The bot under test talks to it over real HTTP on 127.0.0.1 through aiogram's own
session, so aiogram's request building and error mapping run for real. The test
acts as the users (``user_sends``, ``user_presses``, ``user_blocks_bot``) and
inspects what the bot did (``sent``, ``calls``, ``wait_for_messages``).

Limits and error texts follow shared/platforms.md section 1. Deliberate
differences from the real API: a bare ``&`` in HTML is refused (real Telegram
keeps it literally; set ``strict_ampersand = False`` to match), text length is
counted in code points, only HTML ``parse_mode`` is parsed, a webhook that keeps
failing is given up on after ``webhook_attempts`` tries, and a method call in a
webhook's answer is ignored.

Call the ``user_*`` methods from the event loop the emulator runs on.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import secrets
import time
from collections import defaultdict, deque
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.emulators.server import EmulatorServer
from tests.emulators.telegram_wire import (
    COMMAND_RE,
    DEFAULT_EXCLUDED,
    MAX_CALLBACK_ANSWER,
    MAX_CAPTION,
    MAX_DOWNLOAD,
    MAX_TEXT,
    MAX_UPLOAD,
    SECRET_RE,
    ApiError,
    Bucket,
    FormattedText,
    Handler,
    StoredFile,
    Upload,
    bad_request,
    check_inline_keyboard,
    parse_html,
    read_params,
    utf16_len,
)

log = logging.getLogger(__name__)


class TelegramEmulator(EmulatorServer):
    """An in-process HTTP server that speaks enough of the Bot API for our bots."""

    webhook_attempts = 3
    webhook_retry_delay = 0.2
    webhook_timeout = 10.0
    strict_ampersand = True

    def __init__(
        self,
        *,
        token: str = "42:TEST",
        bot_username: str = "sotay_test_bot",
        global_rate: float | None = 30.0,
        per_chat_rate: float | None = 1.0,
        per_chat_burst: int = 5,
    ) -> None:
        super().__init__()
        self.token = token
        self.bot_id = int(token.split(":", 1)[0])
        self.bot_username = bot_username
        self.global_rate = global_rate
        self.per_chat_rate = per_chat_rate
        self.per_chat_burst = per_chat_burst
        self.edits: list[dict[str, Any]] = []
        self.deleted: list[tuple[int, int]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_log: list[dict[str, Any]] = []
        self.on_send: Callable[[dict[str, Any]], None] | None = None
        self._users: dict[int, dict[str, Any]] = {}
        self._blocked: set[int] = set()
        self._message_ids: dict[int, int] = defaultdict(int)
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._files: dict[str, StoredFile] = {}
        self._open_queries: set[str] = set()
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = 100_000_001
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._webhook: dict[str, Any] | None = None
        self._webhook_error: tuple[int, str] | None = None
        self._failures: dict[str, deque[ApiError]] = defaultdict(deque)
        self._delays: dict[str, deque[float]] = defaultdict(deque)
        self._global_bucket = Bucket()
        self._chat_buckets: dict[int, Bucket] = defaultdict(Bucket)
        self._methods: dict[str, Handler] = {
            name.lower(): handler for name, handler in self._method_table().items()
        }

    # ---------------------------------------------------------------- lifecycle

    client_max_size = MAX_UPLOAD + 1024 * 1024

    def _add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)

    # ------------------------------------------------------------ acting as users

    def add_user(self, user_id: int, first_name: str | None = None) -> dict[str, Any]:
        """Make a user known (as if they had opened the bot) without queueing anything."""
        user = self._users.setdefault(user_id, {"id": user_id, "is_bot": False, "language_code": "vi"})
        user["first_name"] = first_name or user.get("first_name", "Test")
        return user

    def user_sends(
        self,
        user_id: int,
        text: str,
        *,
        first_name: str = "Test",
        document: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Queue a private message; a user who had blocked the bot unblocks it."""
        user = self.add_user(user_id, first_name)
        if user_id in self._blocked:
            self.user_unblocks_bot(user_id)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(user_id),
            "from": user,
            "chat": self._chat_json(user_id),
            "date": int(time.time()),
        }
        if document is not None:
            message["document"] = self._store_user_file(document).as_document()
            if text:
                message["caption"] = text
        else:
            message["text"] = text
            if text.startswith("/"):
                command = text.split(maxsplit=1)[0]
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command)}]
        self._queue_update("message", message)
        return message

    def user_presses(self, user_id: int, message: dict[str, Any], button_text: str) -> dict[str, Any]:
        """Press the inline button labelled ``button_text`` on a bot message."""
        chat_id, message_id = _message_key(message)
        current = self._messages.get((chat_id, message_id))
        if current is None:
            raise KeyError(f"message {message_id} in chat {chat_id} is gone")
        rows = (current.get("reply_markup") or {}).get("inline_keyboard", [])
        buttons = [button for row in rows for button in row]
        for button in buttons:
            if button.get("text") == button_text and "callback_data" in button:
                return self.user_presses_data(user_id, current, button["callback_data"])
        labels = [button.get("text") for button in buttons]
        raise KeyError(f"no callback button {button_text!r}; buttons: {labels}")

    def user_presses_data(self, user_id: int, message: dict[str, Any], callback_data: str) -> dict[str, Any]:
        """Press a button carrying any data (forged or from an old keyboard)."""
        user = self.add_user(user_id)
        wire = self._wire_for(message)
        query_id = str(secrets.randbits(63))
        self._open_queries.add(query_id)
        return self._queue_update(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "message": wire,
                "data": callback_data,
                "chat_instance": str(wire["chat"]["id"] * 31 + self.bot_id),
            },
        )

    def user_blocks_bot(self, user_id: int) -> None:
        self.add_user(user_id)
        self._blocked.add(user_id)
        self._queue_member_change(user_id, "member", "kicked")

    def user_unblocks_bot(self, user_id: int) -> None:
        self._blocked.discard(user_id)
        self._queue_member_change(user_id, "kicked", "member")

    # --------------------------------------------------------- inspecting the bot

    def pending_updates(self) -> int:
        """Updates not yet confirmed by a later getUpdates offset (i.e. not yet handled by the bot)."""
        return len(self._updates)

    def current_message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The message as the user sees it now (after edits), or None if deleted."""
        return self._messages.get((chat_id, message_id))

    # ---------------------------------------------------------- fault injection

    def fail_next(
        self,
        method: str,
        *,
        count: int = 1,
        error_code: int = 429,
        description: str = "Too Many Requests: retry after 1",
        retry_after: int | None = 1,
    ) -> None:
        error = ApiError(error_code, description, retry_after)
        self._failures[method.lower()].extend([error] * count)

    def delay_next(self, method: str, seconds: float, count: int = 1) -> None:
        """Hold the next calls; they are still carried out after the delay."""
        self._delays[method.lower()].extend([seconds] * count)

    # ------------------------------------------------------------- HTTP plumbing

    async def _handle_api(self, request: web.Request) -> web.Response:
        method, params, too_large = request.match_info["method"], {}, False
        try:
            params = await read_params(request)
        except ValueError:
            pass  # unreadable JSON: the method sees no parameters
        except web.HTTPRequestEntityTooLarge:
            too_large = True
        self.calls.append((method, params))
        try:
            if too_large:
                raise ApiError(413, "Request Entity Too Large")
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            result = await self._execute(method, params)
        except ApiError as error:
            return _json_response(error.body(), status=error.code)
        return _json_response({"ok": True, "result": result})

    async def _execute(self, method: str, params: dict[str, Any]) -> Any:
        """Run one API method as the server would (faults, then the handler)."""
        handler = self._methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found")
        delays = self._delays[method.lower()]
        if delays:
            await asyncio.sleep(delays.popleft())
        failures = self._failures[method.lower()]
        if failures:
            raise failures.popleft()
        return await handler(params)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _json_response(ApiError(401, "Unauthorized").body(), status=401)
        path = request.match_info["path"]
        for stored in self._files.values():
            if stored.file_path == path:
                data = stored.content or bytes(stored.file_size)
                return web.Response(body=data, content_type="application/octet-stream")
        return _json_response(ApiError(404, "Not Found").body(), status=404)

    # --------------------------------------------------------------- the methods

    def _method_table(self) -> dict[str, Handler]:
        return {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "sendMessage": self._send_message,
            "sendDocument": self._send_document,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }

    async def _get_me(self, _params: dict[str, Any]) -> dict[str, Any]:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        if self._webhook is not None:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook "
                "is active; use deleteWebhook to delete the webhook first",
            )
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = params["allowed_updates"]
        self._confirm(int(params.get("offset") or 0))
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        self._poll_generation += 1
        generation = self._poll_generation
        self._wake()  # an older long poll still waiting is terminated
        deadline = asyncio.get_running_loop().time() + int(params.get("timeout") or 0)
        while not self._updates and not self._closing:
            remaining = deadline - asyncio.get_running_loop().time()
            if remaining <= 0:
                break
            await self._wait_signal(remaining)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
        return self._updates[:limit]

    async def _set_webhook(self, params: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if not url:
            return await self._delete_webhook(params)
        secret = params.get("secret_token")
        if secret is not None and not SECRET_RE.match(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if isinstance(params.get("allowed_updates"), list):
            self._allowed_updates = params["allowed_updates"]
        await self._stop_webhook()
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self._webhook = {
            "url": url,
            "secret_token": secret,
            "max_connections": int(params.get("max_connections") or 40),
        }
        self._webhook_error = None
        self._webhook_task = asyncio.create_task(self._deliver_webhooks())
        return True

    async def _delete_webhook(self, params: dict[str, Any]) -> bool:
        await self._stop_webhook()
        self._webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _get_webhook_info(self, _params: dict[str, Any]) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self._webhook["url"] if self._webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }
        if self._webhook:
            info["max_connections"] = self._webhook["max_connections"]
        if self._allowed_updates:
            info["allowed_updates"] = self._allowed_updates
        if self._webhook_error:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        text = self._formatted(params, "text", "parse_mode", limit=MAX_TEXT)
        if not text.text.strip():
            raise bad_request("message text is empty")
        markup = check_inline_keyboard(params.get("reply_markup"))
        self._take_rate_token(chat_id)
        content = {"text": text.text, **_entities(text)}
        return self._record(chat_id, "sendMessage", params, content, markup)

    async def _send_document(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = self._send_target(params)
        stored, label = self._input_document(params)
        caption = self._formatted(params, "caption", "parse_mode", limit=MAX_CAPTION)
        markup = check_inline_keyboard(params.get("reply_markup"))
        self._take_rate_token(chat_id)
        content: dict[str, Any] = {"document": stored.as_document()}
        if caption.text:
            content.update(caption=caption.text, **_entities(caption, "caption_entities"))
        return self._record(chat_id, "sendDocument", params, content, markup, label)

    async def _edit_message_text(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params, "edit")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        text = self._formatted(params, "text", "parse_mode", limit=MAX_TEXT)
        if not text.text.strip():
            raise bad_request("message text is empty")
        markup = check_inline_keyboard(params.get("reply_markup"))
        changes = {"text": text.text, "entities": text.entities or None}
        return self._apply_edit(message, "editMessageText", params, changes, markup)

    async def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._editable(params, "edit")
        markup = check_inline_keyboard(params.get("reply_markup"))
        return self._apply_edit(message, "editMessageReplyMarkup", params, {}, markup)

    async def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._editable(params, "delete")
        key = (message["chat"]["id"], message["message_id"])
        del self._messages[key]
        self.deleted.append(key)
        return True

    async def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text") or "")) > MAX_CALLBACK_ANSWER:
            raise bad_request("MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        self.callback_answers.append(
            {
                "callback_query_id": query_id,
                "text": params.get("text"),
                "show_alert": bool(params.get("show_alert")),
            }
        )
        return True

    async def _get_file(self, params: dict[str, Any]) -> dict[str, Any]:
        stored = self._files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.file_size > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    async def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._send_target(params)
        return True

    async def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request("can't parse commands JSON object")
        for command in commands:
            if not COMMAND_RE.match(str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("command description must be non-empty")
        self.commands[_commands_key(params)] = commands
        return True

    async def _get_my_commands(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        return self.commands.get(_commands_key(params), [])

    async def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self.commands.pop(_commands_key(params), None)
        return True

    # ------------------------------------------------------------ method helpers

    def _send_target(self, params: dict[str, Any]) -> int:
        raw = params.get("chat_id")
        if raw is None or raw == "":
            raise bad_request("chat_id is empty")
        if not isinstance(raw, int) or raw not in self._users:
            raise bad_request("chat not found")
        if raw in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return raw

    def _formatted(self, params: dict[str, Any], key: str, mode_key: str, *, limit: int) -> FormattedText:
        raw = params.get(key)
        raw = "" if raw is None else str(raw)
        if str(params.get(mode_key) or "").upper() == "HTML":
            parsed = parse_html(raw, strict_ampersand=self.strict_ampersand)
        else:
            given = params.get("entities" if key == "text" else "caption_entities")
            parsed = FormattedText(raw.strip(), given if isinstance(given, list) else [])
        if len(parsed.text) > limit:
            what = "message" if key == "text" else "message caption"
            raise bad_request(f"{what} is too long")
        return parsed

    def _take_rate_token(self, chat_id: int) -> None:
        now = time.monotonic()
        waits: list[tuple[Bucket, float]] = []
        if self.global_rate:
            bucket = self._global_bucket
            capacity = max(self.global_rate, 1.0)
            waits.append((bucket, bucket.wait_time(self.global_rate, capacity, now)))
        if self.per_chat_rate:
            bucket = self._chat_buckets[chat_id]
            capacity = max(float(self.per_chat_burst), 1.0)
            waits.append((bucket, bucket.wait_time(self.per_chat_rate, capacity, now)))
        longest = max((wait for _, wait in waits), default=0.0)
        if longest > 0:
            seconds = max(1, math.ceil(longest))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)
        for bucket, _ in waits:
            bucket.take()

    def _input_document(self, params: dict[str, Any]) -> tuple[StoredFile, str]:
        value = params.get("document")
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))
        if isinstance(value, Upload):
            if len(value.data) > MAX_UPLOAD:
                raise ApiError(413, "Request Entity Too Large")
            stored = self._new_file(value.filename, value.content_type, value.data)
            return stored, value.filename
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            name = value.rstrip("/").rsplit("/", 1)[-1] or "file"
            return self._new_file(name, None, b""), value
        if isinstance(value, str) and value in self._files:
            return self._files[value], value
        if value is None:
            raise bad_request("there is no document in the request")
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _editable(self, params: dict[str, Any], verb: str) -> dict[str, Any]:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")
        key = (params.get("chat_id"), params.get("message_id"))
        if not isinstance(key[0], int) or key[0] not in self._users:
            raise bad_request("chat not found")
        message = self._messages.get(key)  # type: ignore[arg-type]
        if message is None:
            raise bad_request(f"message to {verb} not found")
        return message

    def _apply_edit(
        self,
        message: dict[str, Any],
        method: str,
        params: dict[str, Any],
        changes: dict[str, Any],
        markup: dict[str, Any] | None,
    ) -> dict[str, Any]:
        changes["reply_markup"] = markup
        if all(message.get(key) == value for key, value in changes.items()):
            raise bad_request(
                "message is not modified: specified new message content and reply "
                "markup are exactly the same as a content and reply markup of the "
                "current message"
            )
        for key, value in changes.items():
            if value is None:
                message.pop(key, None)
            else:
                message[key] = value
        message["edit_date"] = int(time.time())
        self.edits.append(
            {
                **_record_fields(message, method, params),
                "document": None,
                "date": message["edit_date"],
            }
        )
        return message

    def _record(
        self,
        chat_id: int,
        method: str,
        params: dict[str, Any],
        content: dict[str, Any],
        markup: dict[str, Any] | None,
        document: str | None = None,
    ) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat_id),
            "from": self._bot_user(),
            "chat": self._chat_json(chat_id),
            "date": int(time.time()),
            **content,
        }
        if markup is not None:
            message["reply_markup"] = markup
        self._messages[(chat_id, message["message_id"])] = message
        record = {**_record_fields(message, method, params), "document": document}
        self.sent.append(record)
        if self.on_send is not None:
            try:
                self.on_send(record)
            except Exception:
                log.exception("on_send callback failed")
        return message

    # ------------------------------------------------------------ update queue

    def _queue_update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": self._next_update_id, kind: payload}
        self._next_update_id += 1
        allowed = self._allowed_updates
        wanted = kind in allowed if allowed else kind not in DEFAULT_EXCLUDED
        if wanted:
            self._updates.append(update)
            self._wake()
        return update

    def _queue_member_change(self, user_id: int, old: str, new: str) -> None:
        def member(status: str) -> dict[str, Any]:
            extra = {"until_date": 0} if status == "kicked" else {}
            return {"status": status, "user": self._bot_user(), **extra}

        self._queue_update(
            "my_chat_member",
            {
                "chat": self._chat_json(user_id),
                "from": self._users[user_id],
                "date": int(time.time()),
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            },
        )

    def _confirm(self, offset: int) -> None:
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]

    async def _deliver_webhooks(self) -> None:
        timeout = aiohttp.ClientTimeout(total=self.webhook_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while self._webhook is not None and not self._closing:
                if not self._updates:
                    await self._wait_signal(1.0)
                    continue
                update = self._updates[0]
                await self._post_update(session, update)
                if self._updates and self._updates[0] is update:
                    self._updates.pop(0)  # delivered, or given up on

    async def _post_update(self, session: aiohttp.ClientSession, update: dict[str, Any]) -> None:
        assert self._webhook is not None
        headers = {}
        if self._webhook["secret_token"]:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self._webhook["secret_token"]
        for attempt in range(1, self.webhook_attempts + 1):
            entry = {"update_id": update["update_id"], "attempt": attempt}
            try:
                async with session.post(self._webhook["url"], json=update, headers=headers) as response:
                    entry["status"] = response.status
            except (aiohttp.ClientError, TimeoutError) as error:
                entry["status"], entry["error"] = 0, f"{type(error).__name__}: {error}"
            self.webhook_log.append(entry)
            if 200 <= entry["status"] < 300:
                return
            self._webhook_error = (int(time.time()), _webhook_error_text(entry))
            await asyncio.sleep(self.webhook_retry_delay)

    # ---------------------------------------------------------------- builders

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Sổ tay (test)",
            "username": self.bot_username,
        }

    def _chat_json(self, chat_id: int) -> dict[str, Any]:
        user = self._users.get(chat_id, {})
        return {
            "id": chat_id,
            "type": "private",
            "first_name": user.get("first_name", "Test"),
        }

    def _wire_for(self, message: dict[str, Any]) -> dict[str, Any]:
        """The message as the user sees it; a forged or deleted one in Bot API form."""
        chat_id, message_id = _message_key(message)
        if (chat_id, message_id) in self._messages:
            return self._messages[(chat_id, message_id)]
        if "chat" in message:
            return message
        wire = {
            "message_id": message_id,
            "from": self._bot_user(),
            "chat": self._chat_json(chat_id),
            "date": message.get("date", 0),
            "text": message.get("text") or "",
        }
        if message.get("reply_markup"):
            wire["reply_markup"] = message["reply_markup"]
        return wire

    def _next_message_id(self, chat_id: int) -> int:
        self._message_ids[chat_id] += 1
        return self._message_ids[chat_id]

    def _new_file(
        self,
        name: str | None,
        mime_type: str | None,
        content: bytes | None,
        size: int | None = None,
    ) -> StoredFile:
        number = len(self._files) + 1
        suffix = "." + name.rsplit(".", 1)[-1] if name and "." in name else ""
        stored = StoredFile(
            file_id=f"BQACAgUAAxkBAAI{number:05d}{secrets.token_urlsafe(12)}",
            file_unique_id=f"AgAD{number:05d}",
            file_name=name,
            mime_type=mime_type,
            file_size=len(content or b"") if size is None else size,
            content=content,
            file_path=f"documents/file_{number}{suffix}",
        )
        self._files[stored.file_id] = stored
        return stored

    def _store_user_file(self, document: dict[str, Any]) -> StoredFile:
        content, size = document.get("content"), document.get("file_size")
        if size is None:
            size = len(content) if content is not None else 0
        return self._new_file(document.get("file_name"), document.get("mime_type"), content, size)


# ------------------------------------------------------------ module helpers


def _json_response(body: dict[str, Any], status: int = 200) -> web.Response:
    return web.json_response(body, status=status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False))


def _entities(text: FormattedText, key: str = "entities") -> dict[str, Any]:
    return {key: text.entities} if text.entities else {}


def _record_fields(message: dict[str, Any], method: str, params: dict[str, Any]) -> dict[str, Any]:
    text = message.get("text", message.get("caption"))
    return {
        "message_id": message["message_id"],
        "chat_id": message["chat"]["id"],
        "text": text,
        "html": params.get("text", params.get("caption")),
        "parse_mode": params.get("parse_mode"),
        "reply_markup": message.get("reply_markup"),
        "method": method,
        "date": message["date"],
    }


def _message_key(message: dict[str, Any]) -> tuple[int, int]:
    chat_id = message["chat"]["id"] if "chat" in message else message["chat_id"]
    return int(chat_id), int(message["message_id"])


def _commands_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope")
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    return scope_type, str(params.get("language_code") or "")


def _webhook_error_text(entry: dict[str, Any]) -> str:
    if entry.get("error"):
        return f"Connection failed: {entry['error']}"
    return f"Wrong response from the webhook: {entry['status']}"
