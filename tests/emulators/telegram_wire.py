"""The Bot API's wire rules the emulator enforces: limits, errors, HTML entity parsing, parameters."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_ANSWER = 200
MAX_UPLOAD = 50 * 1024 * 1024
MAX_DOWNLOAD = 20 * 1024 * 1024
DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Form fields arrive as strings; these get their JSON types back (see _normalize).
_INT_PARAMS = frozenset({"chat_id", "message_id", "offset", "limit", "timeout", "max_connections"})
_BOOL_PARAMS = frozenset({"drop_pending_updates", "show_alert"})
_JSON_PARAMS = frozenset(
    {"reply_markup", "entities", "caption_entities", "allowed_updates", "commands", "scope"}
)
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


class ApiError(Exception):
    """A refusal, answered as ``{"ok": false, ...}`` with this HTTP status."""

    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.code == 429 and self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def bad_request(reason: str) -> ApiError:
    return ApiError(400, f"Bad Request: {reason}")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --------------------------------------------------------------------------- HTML

_TAGS_BY_ENTITY = {
    "bold": "b strong",
    "italic": "i em",
    "underline": "u ins",
    "strikethrough": "s strike del",
    "spoiler": "tg-spoiler span",
    "text_link": "a",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_ENTITY_TYPES = {tag: kind for kind, tags in _TAGS_BY_ENTITY.items() for tag in tags.split()}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHAR_REF_RE = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));")
_TAG_NAME_RE = re.compile(r"<(/?)([^\s>]*)")
_ATTRS_RE = re.compile(r"""((?:\s+[^\s=>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*>""")
_ATTR_RE = re.compile(r"""([^\s=>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
_END_TAG_RE = re.compile(r"</([^\s>]*)\s*>")


@dataclass
class _OpenTag:
    name: str
    attrs: dict[str, str]
    offset: int  # UTF-16 offset in the output where the entity starts
    start: int  # the same position counted in output characters


@dataclass
class FormattedText:
    text: str
    entities: list[dict[str, Any]]


class _HtmlParser:
    """Telegram's HTML dialect: the allowed tags, four named entities, no slack."""

    def __init__(self, raw: str, *, strict_ampersand: bool) -> None:
        self.raw = raw
        self.strict_ampersand = strict_ampersand
        self.out: list[str] = []
        self.offset16 = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[dict[str, Any]] = []

    def parse(self) -> FormattedText:
        i = 0
        while i < len(self.raw):
            char = self.raw[i]
            if char == "&":
                i = self._char_ref(i)
            elif char == "<":
                i = self._tag(i)
            else:
                self._emit(char)
                i += 1
        if self.stack:
            name = self.stack[-1].name
            raise self._error(f'Can\'t find end tag corresponding to start tag "{name}"')
        return FormattedText("".join(self.out), self.entities)

    def _error(self, reason: str) -> ApiError:
        return bad_request(f"can't parse entities: {reason}")

    def _at(self, i: int) -> str:
        return f"at byte offset {len(self.raw[:i].encode())}"

    def _emit(self, text: str) -> None:
        self.out.append(text)
        self.offset16 += utf16_len(text)

    def _char_ref(self, i: int) -> int:
        match = _CHAR_REF_RE.match(self.raw, i)
        decoded = _decode_char_ref(match) if match else None
        if match is None or decoded is None:
            if self.strict_ampersand:
                raise self._error(f'Character "&" {self._at(i)} must be escaped')
            self._emit("&")
            return i + 1
        self._emit(decoded)
        return match.end()

    def _tag(self, i: int) -> int:
        head = _TAG_NAME_RE.match(self.raw, i)
        assert head is not None  # the pattern always matches at a "<"
        if head.group(1):
            return self._end_tag(i)
        name = head.group(2).lower()
        if head.end() >= len(self.raw):
            raise self._error(f"Unclosed start tag {self._at(i)}")
        if name not in _ENTITY_TYPES:
            raise self._error(f'Unsupported start tag "{name}" {self._at(i)}')
        rest = _ATTRS_RE.match(self.raw, head.end())
        if rest is None:
            raise self._error(f"Unclosed start tag {self._at(i)}")
        attrs = _parse_attrs(rest.group(1))
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise self._error(f'Tag "span" must have class "tg-spoiler" {self._at(i)}')
        self.stack.append(_OpenTag(name, attrs, self.offset16, len(self.out)))
        return rest.end()

    def _end_tag(self, i: int) -> int:
        if not self.stack:
            raise self._error(f"Unexpected end tag {self._at(i)}")
        match = _END_TAG_RE.match(self.raw, i)
        if match is None:
            raise self._error(f"Unclosed end tag {self._at(i)}")
        opened = self.stack.pop()
        name = match.group(1).lower()
        if name and name != opened.name:
            raise self._error(
                f'Unmatched end tag {self._at(i)}, expected "</{opened.name}>", found "</{name}>"'
            )
        self._close_entity(opened)
        return match.end()

    def _close_entity(self, opened: _OpenTag) -> None:
        length = self.offset16 - opened.offset
        if length <= 0:
            return
        entity: dict[str, Any] = {
            "type": _ENTITY_TYPES[opened.name],
            "offset": opened.offset,
            "length": length,
        }
        if opened.name == "a":
            entity["url"] = opened.attrs.get("href") or "".join(self.out[opened.start :])
        if opened.name == "blockquote" and "expandable" in opened.attrs:
            entity["type"] = "expandable_blockquote"
        last = self.entities[-1] if self.entities else None
        same_span = last is not None and (last["offset"], last["length"]) == (opened.offset, length)
        if opened.name == "pre" and same_span and last and last["type"] == "code":
            last["type"] = "pre"  # <pre><code class="language-x">…</code></pre>
            return
        if opened.name == "code":
            language = opened.attrs.get("class", "")
            if language.startswith("language-"):
                entity["language"] = language.removeprefix("language-")
        self.entities.append(entity)


def _decode_char_ref(match: re.Match[str]) -> str | None:
    decimal, hexadecimal, name = match.groups()
    if name is not None:
        return _NAMED_ENTITIES.get(name)
    code = int(decimal) if decimal is not None else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF else None


def _parse_attrs(source: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    for match in _ATTR_RE.finditer(source):
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), "")
        attrs[name.lower()] = re.sub(_CHAR_REF_RE, lambda m: _decode_char_ref(m) or m.group(0), value)
    return attrs


def parse_html(raw: str, *, strict_ampersand: bool = True) -> FormattedText:
    """Text and entities as Telegram derives them from ``parse_mode=HTML``."""
    return _HtmlParser(raw.strip(), strict_ampersand=strict_ampersand).parse()


# ------------------------------------------------------------------ small records


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes = field(repr=False)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int
    content: bytes | None = field(default=None, repr=False)
    file_path: str = ""

    def as_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": self.file_size,
        }
        if self.file_name:
            doc["file_name"] = self.file_name
        if self.mime_type:
            doc["mime_type"] = self.mime_type
        return doc


@dataclass
class Bucket:
    """Token bucket; rate and capacity are passed in so tests may change them."""

    tokens: float | None = None
    stamp: float = 0.0

    def wait_time(self, rate: float, capacity: float, now: float) -> float:
        if self.tokens is None:
            self.tokens = capacity
        self.tokens = min(capacity, self.tokens + (now - self.stamp) * rate)
        self.stamp = now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / rate

    def take(self) -> None:
        assert self.tokens is not None
        self.tokens -= 1


def _normalize(key: str, value: Any) -> Any:
    """Form fields are strings; give the well-known ones their JSON types."""
    if not isinstance(value, str):
        return value
    if key in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if key in _BOOL_PARAMS:
        return value.lower() in ("true", "1")
    if key in _JSON_PARAMS:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


async def read_params(request: web.Request) -> dict[str, Any]:
    raw: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            raw.update(body if isinstance(body, dict) else {})
        else:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    raw[key] = Upload(value.filename, value.content_type, value.file.read())
                else:
                    raw[key] = value
    return {key: _normalize(key, value) for key, value in raw.items()}


def check_inline_keyboard(markup: Any) -> dict[str, Any] | None:
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return markup  # reply keyboards, ForceReply, ReplyKeyboardRemove
    if sum(len(row) for row in rows) > 100 or any(len(row) > 8 for row in rows):
        raise bad_request("reply markup is too long")
    for button in (button for row in rows for button in row):
        if not button.get("text"):
            raise bad_request("text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise bad_request("BUTTON_DATA_INVALID")
    return markup


Handler = Callable[[dict[str, Any]], Awaitable[Any]]
