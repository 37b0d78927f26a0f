"""The Telegram emulator, driven by a real aiogram Bot over HTTP on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from aiohttp import web

from .telegram import TelegramEmulator

USER = 7_000_000_123  # above 2**32, as real user ids now are
OTHER = 555


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data) for text, data in row] for row in rows
        ]
    )


def make_bot(tg: TelegramEmulator, token: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(tg.base_url))
    return Bot(token or tg.token, session=session)


@pytest.fixture
async def tg() -> AsyncIterator[TelegramEmulator]:
    emulator = TelegramEmulator()
    await emulator.start()
    emulator.user_sends(USER, "xin chào", first_name="Lan")
    yield emulator
    await emulator.stop()


@pytest.fixture
async def bot(tg: TelegramEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(tg)
    yield bot
    await bot.session.close()


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, list[web.Request], list[dict[str, Any]]]]:
    """A tiny webhook endpoint: the first answer is 500, later ones 200."""
    requests: list[web.Request] = []
    bodies: list[dict[str, Any]] = []

    async def handle(request: web.Request) -> web.Response:
        requests.append(request)
        bodies.append(await request.json())
        return web.json_response({}, status=500 if len(requests) == 1 else 200)

    app = web.Application()
    app.router.add_post("/hook", handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    yield f"http://{host}:{port}/hook", requests, bodies
    await runner.cleanup()


async def test_get_me_when_asked(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (42, True, "sotay_test_bot")


async def test_send_message_records_plain_text_when_html(tg: TelegramEmulator, bot: Bot) -> None:
    markup = keyboard([("Có", "rsvp:1:yes"), ("Không", "rsvp:1:no")])
    message = await bot.send_message(
        USER, "<b>Họp chi bộ</b> &amp; sinh hoạt", parse_mode="HTML", reply_markup=markup
    )
    assert message.chat.id == USER
    assert message.text == "Họp chi bộ & sinh hoạt"
    assert message.entities is not None
    assert (message.entities[0].type, message.entities[0].length) == ("bold", 10)
    [record] = tg.sent
    assert record["text"] == "Họp chi bộ & sinh hoạt"
    assert record["html"] == "<b>Họp chi bộ</b> &amp; sinh hoạt"
    assert record["parse_mode"] == "HTML"
    assert record["chat_id"] == USER and record["method"] == "sendMessage"
    assert record["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "rsvp:1:no"
    assert record["message_id"] == message.message_id == 2  # the user's was 1
    assert tg.messages_to(USER) == [record]


async def test_send_message_parses_full_html_dialect_when_valid(tg: TelegramEmulator, bot: Bot) -> None:
    html = (
        "<b>a <i>b</i></b> &lt;&gt;&quot;&#273;&#x1EA1; "
        '<a href="https://x.vn/?a=1&amp;b=2">link</a> '
        '<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler> '
        "<blockquote expandable>q</blockquote>"
        '<pre><code class="language-python">x = 1</code></pre>'
    )
    message = await bot.send_message(USER, html, parse_mode="HTML")
    assert message.text == 'a b <>"đạ link s t qx = 1'
    types = [(e.type, e.offset, e.length) for e in message.entities or []]
    assert ("italic", 2, 1) in types and ("bold", 0, 3) in types
    assert ("expandable_blockquote", 19, 1) in types
    link = next(e for e in message.entities or [] if e.type == "text_link")
    assert link.url == "https://x.vn/?a=1&b=2"
    pre = next(e for e in message.entities or [] if e.type == "pre")
    assert (pre.language, pre.offset, pre.length) == ("python", 20, 5)
    assert message.html_text.count("<b>") == 1


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("<p>đoạn</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("Tổng <br> cộng", 'Unsupported start tag "br" at byte offset 7'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("<b>đậm", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Tom & Jerry", 'Character "&" at byte offset 4 must be escaped'),
        ("&nbsp;", 'Character "&"'),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler"'),
        ("kết thúc <b", "Unclosed start tag"),
    ],
)
async def test_send_message_raises_bad_request_when_html_invalid(
    tg: TelegramEmulator, bot: Bot, html: str, reason: str
) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(USER, html, parse_mode="HTML")
    assert "Bad Request: can't parse entities: " in error.value.message
    assert reason in error.value.message
    assert tg.sent == []
    assert tg.calls[-1][0] == "sendMessage"


async def test_send_message_keeps_bare_ampersand_when_not_strict(tg: TelegramEmulator, bot: Bot) -> None:
    tg.strict_ampersand = False
    message = await bot.send_message(USER, "Tom & <b>Jerry</b>", parse_mode="HTML")
    assert message.text == "Tom & Jerry"


async def test_send_message_refused_when_text_empty_or_too_long(tg: TelegramEmulator, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "ă" * 4097)
    await bot.send_message(USER, "<b>" + "ă" * 4096 + "</b>", parse_mode="HTML")
    assert len(tg.sent[0]["text"]) == 4096


async def test_callback_data_refused_when_over_64_bytes(tg: TelegramEmulator, bot: Bot) -> None:
    too_long = "a" + "đ" * 32  # 65 bytes in UTF-8, 33 characters
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "x", reply_markup=keyboard([("Nút", too_long)]))
    await bot.send_message(USER, "x", reply_markup=keyboard([("Nút", "đ" * 32)]))
    nine = [(str(n), str(n)) for n in range(9)]
    with pytest.raises(TelegramBadRequest, match="reply markup is too long"):
        await bot.send_message(USER, "x", reply_markup=keyboard(nine))
    assert len(tg.sent) == 1


async def test_send_raises_retry_after_when_chat_rate_exceeded(tg: TelegramEmulator, bot: Bot) -> None:
    tg.per_chat_rate, tg.per_chat_burst = 0.5, 2
    tg.user_sends(OTHER, "chào")
    await bot.send_message(USER, "1")
    await bot.send_message(USER, "2")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(USER, "3")
    assert error.value.retry_after == 2
    assert "Too Many Requests: retry after 2" in error.value.message
    await bot.send_message(OTHER, "another chat has its own bucket")
    assert [r["text"] for r in tg.sent] == ["1", "2", "another chat has its own bucket"]


async def test_send_raises_retry_after_when_global_rate_exceeded(tg: TelegramEmulator, bot: Bot) -> None:
    tg.global_rate, tg.per_chat_rate = 2, None
    tg.user_sends(OTHER, "chào")
    await bot.send_message(USER, "1")
    await bot.send_message(OTHER, "2")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(USER, "3")
    assert error.value.retry_after == 1


async def test_send_raises_forbidden_when_user_blocked_bot(tg: TelegramEmulator, bot: Bot) -> None:
    tg.user_blocks_bot(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "nhắc họp")
    tg.user_unblocks_bot(USER)
    await bot.send_message(USER, "nhắc họp")
    updates = await bot.get_updates(allowed_updates=["message", "my_chat_member"])
    changes = [u.my_chat_member for u in updates if u.my_chat_member]
    assert [c.new_chat_member.status for c in changes] == ["kicked", "member"]
    assert changes[0].chat.id == USER


async def test_send_raises_bad_request_when_chat_unknown(bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(123_456, "xin chào")


async def test_get_updates_long_poll_returns_message_and_button_data(tg: TelegramEmulator, bot: Bot) -> None:
    first = await bot.get_updates(timeout=0)
    poll = asyncio.create_task(bot.get_updates(offset=first[-1].update_id + 1, timeout=5))
    await asyncio.sleep(0.2)
    assert not poll.done()
    tg.user_sends(USER, "/start@sotay_test_bot ref")
    [update] = await asyncio.wait_for(poll, 2)
    assert update.message is not None and update.message.from_user is not None
    assert update.message.text == "/start@sotay_test_bot ref"
    assert update.message.from_user.id == USER
    assert update.message.from_user.language_code == "vi"
    assert update.message.entities is not None
    assert (update.message.entities[0].type, update.message.entities[0].length) == ("bot_command", 21)
    sent = await bot.send_message(
        USER, "Dự họp?", reply_markup=keyboard([("Có", "rsvp:7:yes"), ("Không", "rsvp:7:no")])
    )
    pressed = tg.user_presses(USER, tg.sent[-1], "Không")
    [update] = await bot.get_updates(offset=update.update_id + 1, timeout=1)
    assert update.update_id == pressed["update_id"]
    query = update.callback_query
    assert query is not None and query.data == "rsvp:7:no"
    assert isinstance(query.message, Message)
    assert query.message.message_id == sent.message_id
    assert await bot.answer_callback_query(query.id, text="Đã ghi nhận")
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query.id)
    with pytest.raises(KeyError, match="'Có', 'Không'"):
        tg.user_presses(USER, tg.sent[-1], "Có lẽ")


async def test_get_updates_returns_empty_when_timeout_elapses(tg: TelegramEmulator, bot: Bot) -> None:
    assert len(await bot.get_updates(offset=-1)) == 1
    last = (await bot.get_updates())[-1].update_id
    started = asyncio.get_running_loop().time()
    assert await bot.get_updates(offset=last + 1, timeout=1) == []
    assert asyncio.get_running_loop().time() - started >= 0.9
    tg.user_sends(USER, "a")
    tg.user_sends(USER, "b")
    assert [u.message.text for u in await bot.get_updates(limit=1) if u.message] == ["a"]


async def test_updates_validate_as_aiogram_models_when_built(tg: TelegramEmulator) -> None:
    sent = tg.user_sends(
        USER, "", document={"file_name": "bao-cao.pdf", "mime_type": "application/pdf", "file_size": 2048}
    )
    pressed = tg.user_presses_data(USER, {"chat_id": USER, "message_id": 99}, "forged:1")
    tg.user_blocks_bot(USER)
    message = Update.model_validate({"update_id": 1, "message": sent}).message
    assert message is not None and message.document is not None
    assert message.document.file_name == "bao-cao.pdf" and message.document.file_size == 2048
    query = Update.model_validate(pressed).callback_query
    assert query is not None and query.data == "forged:1" and query.from_user.id == USER
    async with aiohttp.ClientSession() as http:
        url = f"{tg.base_url}/bot{tg.token}/getUpdates"
        async with http.post(url, json={"allowed_updates": ["my_chat_member"]}) as response:
            updates = (await response.json())["result"]
    assert len(updates) == 4  # greeting, document, press, block
    for update in updates:
        Update.model_validate(update)


async def test_dispatcher_polling_round_trip_when_user_presses_button(tg: TelegramEmulator, bot: Bot) -> None:
    router = Router(name="demo")

    @router.message(CommandStart())
    async def cmd_start(message: Message) -> None:
        await message.answer("Chọn:", reply_markup=keyboard([("Đồng ý", "ok:1")]))

    @router.callback_query(F.data == "ok:1")
    async def on_ok(query: CallbackQuery) -> None:
        await query.answer()
        assert isinstance(query.message, Message)
        await query.message.edit_text("Đã <b>đồng ý</b>", parse_mode="HTML")

    dp = Dispatcher()
    dp.include_router(router)
    await bot.get_updates(offset=-1)  # forget the greeting the fixture queued
    polling = asyncio.create_task(
        dp.start_polling(bot, polling_timeout=1, handle_signals=False, close_bot_session=False)
    )
    tg.user_sends(USER, "/start")
    [menu] = await tg.wait_for_messages(USER, 1)
    tg.user_presses(USER, menu, "Đồng ý")
    await tg.wait_until(lambda: len(tg.edits) == 1 and len(tg.callback_answers) == 1)
    await dp.stop_polling()
    await polling
    current = tg.current_message(USER, menu["message_id"])
    assert current is not None and current["text"] == "Đã đồng ý"
    assert "reply_markup" not in current  # editing without a keyboard removes it
    assert tg.edits[0]["html"] == "Đã <b>đồng ý</b>"


async def test_webhook_posts_updates_with_secret_header_and_retries(
    tg: TelegramEmulator,
    bot: Bot,
    receiver: tuple[str, list[web.Request], list[dict[str, Any]]],
) -> None:
    url, requests, bodies = receiver
    tg.webhook_retry_delay = 0.05
    assert await bot.set_webhook(url, secret_token="s3cr3t_TOKEN-1")
    info = await bot.get_webhook_info()
    assert info.url == url
    with pytest.raises(TelegramConflictError, match="webhook is active"):
        await bot.get_updates()
    await tg.wait_until(lambda: len(requests) >= 2)
    assert {r.headers["X-Telegram-Bot-Api-Secret-Token"] for r in requests} == {"s3cr3t_TOKEN-1"}
    assert bodies[0] == bodies[1]  # the 500 was retried with the same update
    assert [e["status"] for e in tg.webhook_log] == [500, 200]
    tg.user_sends(USER, "thứ hai")
    await tg.wait_until(lambda: len(bodies) == 3)
    update = Update.model_validate(bodies[2])
    assert update.message is not None and update.message.text == "thứ hai"
    assert update.update_id == bodies[0]["update_id"] + 1
    assert (await bot.get_webhook_info()).pending_update_count == 0
    with pytest.raises(TelegramBadRequest, match="secret token"):
        await bot.set_webhook(url, secret_token="có dấu")
    assert await bot.delete_webhook()
    assert await bot.get_updates() == []


async def test_fail_next_raises_injected_errors_then_recovers(tg: TelegramEmulator, bot: Bot) -> None:
    tg.fail_next("sendMessage")
    with pytest.raises(TelegramRetryAfter) as error:
        await bot.send_message(USER, "a")
    assert error.value.retry_after == 1
    tg.fail_next("sendMessage", error_code=500, description="Internal Server Error", retry_after=None)
    with pytest.raises(TelegramServerError):
        await bot.send_message(USER, "a")
    tg.fail_next("sendMessage", error_code=403, description="Forbidden: bot was blocked by the user")
    with pytest.raises(TelegramForbiddenError):
        await bot.send_message(USER, "a")
    await bot.send_message(USER, "a")
    assert [method for method, _ in tg.calls] == ["sendMessage"] * 4
    assert len(tg.sent) == 1


async def test_delay_next_times_out_client_but_message_is_delivered(tg: TelegramEmulator, bot: Bot) -> None:
    tg.delay_next("sendMessage", 1.5)
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(USER, "chậm", request_timeout=1)
    [record] = await tg.wait_for_messages(USER, 1, timeout=3)
    assert record["text"] == "chậm"


async def test_edit_and_delete_follow_real_refusals(tg: TelegramEmulator, bot: Bot) -> None:
    sent = await bot.send_message(USER, "Bản nháp", reply_markup=keyboard([("A", "a")]))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            "Bản nháp", chat_id=USER, message_id=sent.message_id, reply_markup=keyboard([("A", "a")])
        )
    await bot.edit_message_reply_markup(
        chat_id=USER, message_id=sent.message_id, reply_markup=keyboard([("B", "b")])
    )
    with pytest.raises(KeyError):
        tg.user_presses(USER, tg.sent[0], "A")  # the keyboard the user sees changed
    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=sent.message_id)
    assert tg.deleted == [(USER, sent.message_id)]


async def test_documents_upload_resend_and_download(tg: TelegramEmulator, bot: Bot) -> None:
    upload = BufferedInputFile(b"Bao cao so ket", filename="so-ket.txt")
    first = await bot.send_document(USER, upload, caption="<i>Báo cáo</i>", parse_mode="HTML")
    assert first.document is not None and first.caption == "Báo cáo"
    again = await bot.send_document(USER, first.document.file_id)
    assert [(r["document"], r["text"]) for r in tg.sent] == [
        ("so-ket.txt", "Báo cáo"),
        (first.document.file_id, None),
    ]
    assert again.document is not None
    assert again.document.file_id == first.document.file_id
    data = await bot.download(first.document.file_id)
    assert data is not None and data.read() == b"Bao cao so ket"
    with pytest.raises(TelegramBadRequest, match="message caption is too long"):
        await bot.send_document(USER, first.document.file_id, caption="x" * 1025)
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(USER, "no-such-file")
    message = tg.user_sends(
        USER,
        "nộp báo cáo",
        document={"file_name": "bc.txt", "mime_type": "text/plain", "content": b"noi dung"},
    )
    file = await bot.get_file(message["document"]["file_id"])
    assert file.file_size == 8 and file.file_path is not None
    target = io.BytesIO()
    await bot.download_file(file.file_path, target)
    assert target.getvalue() == b"noi dung"


async def test_commands_and_chat_actions_when_set(tg: TelegramEmulator, bot: Bot) -> None:
    from aiogram.types import BotCommand

    assert await bot.set_my_commands([BotCommand(command="hop", description="Lịch họp")])
    assert tg.commands[("default", "")][0]["command"] == "hop"
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Họp", description="x")])
    assert await bot.delete_my_commands()
    assert tg.commands == {}
    assert await bot.send_chat_action(USER, "typing")


async def test_wrong_token_and_unknown_method_are_refused(tg: TelegramEmulator) -> None:
    stranger = make_bot(tg, token="43:WRONG")
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()
    await stranger.session.close()
    url = f"{tg.base_url}/bot{tg.token}/fooBar"
    async with aiohttp.ClientSession() as http, http.post(url) as response:
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


async def test_json_and_urlencoded_params_are_accepted(tg: TelegramEmulator) -> None:
    url = f"{tg.base_url}/bot{tg.token}/sendMessage"
    markup = '{"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}'
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"chat_id": USER, "text": "json"}) as response:
            assert (await response.json())["result"]["text"] == "json"
        form = {"chat_id": str(USER), "text": "form", "reply_markup": markup}
        async with http.post(url, data=form) as response:
            assert (await response.json())["ok"] is True
        async with http.get(url, params={"chat_id": str(USER), "text": "get"}) as response:
            assert response.status == 200
    assert [r["text"] for r in tg.sent] == ["json", "form", "get"]
    assert tg.sent[1]["reply_markup"] == {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    assert tg.calls[0] == ("sendMessage", {"chat_id": USER, "text": "json"})


async def test_wait_for_messages_lists_what_chat_got_when_timeout(tg: TelegramEmulator, bot: Bot) -> None:
    seen: list[str] = []
    tg.on_send = lambda record: seen.append(record["text"])
    await bot.send_message(USER, "một")
    with pytest.raises(AssertionError, match=r"got 1 of 2 messages.*'một'"):
        await tg.wait_for_messages(USER, 2, timeout=0.2)
    assert seen == ["một"]
