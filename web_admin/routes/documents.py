"""The document library in the admin web: list and search, upload and confirm, detail, correction, file.

Routes parse, call core.documents.library (which decides who may see, add or edit what) and render.
"""

from __future__ import annotations

import logging
import mimetypes
from datetime import date
from typing import Annotated, Any, Self
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, RedirectResponse, Response
from pydantic import BaseModel

from core.context import Context
from core.documents import finding, forwarding, library, rules
from core.documents.library import DocumentDraft, DocumentPage
from core.documents.numbers import issuer_name, type_name
from core.documents.views import DocumentView, size_text
from core.errors import DomainError, Forbidden, InvalidInput, NotFound
from core.texts import label
from core.texts.vi import VI
from web_admin.deps import ActorDep, CtxDep
from web_admin.errors import WEB_CODES, message_for, status_for
from web_admin.templating import render

router = APIRouter(tags=["documents"])
log = logging.getLogger(__name__)
STATUS_BY_CODE = {"document_too_big": 413}
ACCEPT = ",".join(f".{extension}" for extension in rules.ALLOWED)
LIMIT_MB = rules.MAX_BYTES // 2**20


class EditForm(BaseModel):
    """The corrected details, as typed (the date as dd/mm/yyyy, the number in any written form)."""

    title: str = ""
    number: str = ""
    issued: str = ""
    summary: str = ""

    @classmethod
    def shown(cls, item: DocumentDraft | DocumentView, **more: Any) -> Self:
        issued = f"{item.issued_on:%d/%m/%Y}" if item.issued_on else ""
        return cls(title=item.title, number=item.number or "", issued=issued, summary=item.summary, **more)

    def changes(self, ctx: Context) -> dict[str, Any]:
        """The values for core: the date parsed, empty ones as None."""
        issued_on = issue_date(ctx, self.issued)
        return {
            "title": self.title,
            "number": self.number or None,
            "issued_on": issued_on,
            "summary": self.summary,
        }


class DraftForm(EditForm):
    """The proposal read from an uploaded file, confirmed or corrected by the uploader."""

    unit_id: int
    sha256: str
    file_name: str
    type_code: str = ""
    issuer: str = ""

    def draft(self, ctx: Context) -> DocumentDraft:
        type_code, issuer = self.type_code or None, self.issuer or None
        return DocumentDraft(
            self.sha256, self.file_name, type_code=type_code, issuer=issuer, **self.changes(ctx)
        )


def problem_text(error: DomainError) -> str:
    """The catalogue's sentence for a refusal, with its values (file name, size, number typed…)."""
    if error.code not in WEB_CODES and f"error.{error.code}" in VI:
        return label(f"error.{error.code}", **error.params)
    return message_for(error)


def facts(view: DocumentView, zone: ZoneInfo) -> dict[str, str]:
    """What a page prints about a document besides its own fields, written the Vietnamese way."""
    return {
        "issued": f"{view.issued_on:%d/%m/%Y}" if view.issued_on else "",
        "issuer": (issuer_name(view.issuer) or view.issuer) if view.issuer else "",
        "size": size_text(view.size),
        "kind": label(f"web.document.kind.{view.kind}"),
        "added": f"{view.created_at.astimezone(zone):%d/%m/%Y %H:%M}",
    }


def file_response(ctx: Context, view: DocumentView) -> Response:
    """The stored file as a download under its original (Vietnamese) name."""
    if ctx.files is None or not ctx.files.exists(view.sha256):
        log.error("file of document %s is missing from the file store", view.id)
        raise NotFound("document_not_found")
    media_type = rules.MIME.get(view.kind) or mimetypes.guess_type(view.file_name)[0]
    return FileResponse(
        ctx.files.path(view.sha256),
        media_type=media_type or "application/octet-stream",
        filename=view.file_name,
    )


def issue_date(ctx: Context, typed: str) -> date | None:
    """The typed issue date; None when left empty."""
    typed = typed.strip()
    if not typed:
        return None
    found = rules.parse_issue_date(typed, today=ctx.clock.now().astimezone(ctx.zone).date())
    if found is None:
        raise InvalidInput("document_date_invalid", value=typed)
    return found


@router.get("/documents")
async def documents_page(
    request: Request,
    ctx: CtxDep,
    actor: ActorDep,
    q: str = "",
    type_code: Annotated[str, Query(alias="type")] = "",
    page: int = 1,
) -> Response:
    query, problem = q.strip(), None
    try:
        if query:
            found = await finding.search_documents(ctx, member=actor, query=query, page=page - 1)
        else:
            found = await library.recent_documents(
                ctx, member=actor, type_code=type_code or None, page=page - 1
            )
    except InvalidInput as error:
        found, problem = DocumentPage((), 0, 0), problem_text(error)
    counts = await finding.type_counts(ctx, member=actor)
    return render(
        request,
        "documents.html",
        found=found,
        query=query,
        type_code=type_code,
        types=[(code, type_name(code), n) for code, n in counts],
        pages=max(1, -(-found.total // rules.PAGE_SIZE)),
        prev_url=_page_url(query, type_code, found.page) if found.page > 0 else None,
        next_url=_page_url(query, type_code, found.page + 2) if found.has_more else None,
        problem=problem,
        none_found=_none_found(query),
    )


def _none_found(query: str) -> str:
    """A number typed is not advised to type a number."""
    return "web.documents.none_found_number" if finding.names_a_number(query) else "web.documents.none_found"


def _page_url(query: str, type_code: str, page: int) -> str:
    params = {"q": query, "type": "" if query else type_code, "page": str(page)}
    return "/documents?" + urlencode({key: value for key, value in params.items() if value})


@router.get("/documents/new")
async def new_document_page(request: Request, ctx: CtxDep, actor: ActorDep) -> Response:
    return _upload_form(request, await library.document_units(ctx, actor=actor))


@router.post("/documents/new")
async def upload_document(
    request: Request,
    ctx: CtxDep,
    actor: ActorDep,
    file: Annotated[UploadFile, File()],
    unit_id: Annotated[int, Form()],
) -> Response:
    units = await library.document_units(ctx, actor=actor)
    try:
        data = await _read_limited(file)
        upload = await library.receive_file(ctx, actor=actor, file_name=file.filename or "", data=data)
    except (InvalidInput, Forbidden) as error:
        status = STATUS_BY_CODE.get(error.code) or status_for(error)
        return _upload_form(request, units, unit_id=unit_id, problem=problem_text(error), status_code=status)
    if upload.existing is not None:  # as in the chat: the same document, put in the chosen library
        view, unit_name, placed = await forwarding.place_in_library(
            ctx, actor=actor, document_id=upload.existing.id, unit_id=unit_id
        )
        return _upload_form(request, units, unit_id=unit_id, existing=view, placed_in=placed and unit_name)
    draft = upload.draft
    fields = DraftForm.shown(
        draft,
        unit_id=unit_id,
        sha256=draft.sha256,
        file_name=draft.file_name,
        type_code=draft.type_code or "",
        issuer=draft.issuer or "",
    )
    return _confirm_form(request, units, fields)


async def _read_limited(file: UploadFile) -> bytes:
    """Never more than MAX_BYTES + 1 bytes in memory: one byte over the limit is enough to refuse."""
    data = await file.read(rules.MAX_BYTES + 1)
    if len(data) > rules.MAX_BYTES:
        rules.check_size(max(file.size or 0, len(data)))
    return data


def _upload_form(request: Request, units: list[tuple[int, str]], **more: Any) -> Response:
    more = {"unit_id": None, "problem": None, "existing": None, "placed_in": None, **more}
    return render(request, "document_new.html", units=units, accept=ACCEPT, limit_mb=LIMIT_MB, **more)


def _confirm_form(request: Request, units: list[tuple[int, str]], fields: DraftForm, **more: Any) -> Response:
    unit_name = dict(units).get(fields.unit_id, "")
    more = {"problem": None, **more}
    return render(request, "document_confirm.html", fields=fields, unit_name=unit_name, **more)


@router.post("/documents/confirm")
async def confirm_document(
    request: Request, ctx: CtxDep, actor: ActorDep, form: Annotated[DraftForm, Form()]
) -> Response:
    try:
        view = await library.add_document(ctx, actor=actor, draft=form.draft(ctx), unit_id=form.unit_id)
    except InvalidInput as error:
        units = await library.document_units(ctx, actor=actor)
        return _confirm_form(request, units, form, status_code=400, problem=problem_text(error))
    return RedirectResponse(f"/documents/{view.id}", status_code=303)


@router.get("/documents/{document_id:int}")
async def document_page(
    request: Request, ctx: CtxDep, actor: ActorDep, document_id: int, saved: bool = False
) -> Response:
    view, editable = await library.view_document(ctx, member=actor, document_id=document_id)
    return _detail(request, ctx, view, EditForm.shown(view), saved=saved, editable=editable)


@router.post("/documents/{document_id:int}")
async def edit_document(
    request: Request, ctx: CtxDep, actor: ActorDep, document_id: int, form: Annotated[EditForm, Form()]
) -> Response:
    try:
        await library.update_document(ctx, actor=actor, document_id=document_id, changes=form.changes(ctx))
    except (InvalidInput, Forbidden) as error:
        view, editable = await library.view_document(ctx, member=actor, document_id=document_id)
        return _detail(
            request,
            ctx,
            view,
            form,
            status_code=status_for(error),
            problem=problem_text(error),
            editable=editable,
        )
    return RedirectResponse(f"/documents/{document_id}?saved=1", status_code=303)


def _detail(request: Request, ctx: Context, view: DocumentView, fields: EditForm, **more: Any) -> Response:
    more = {"saved": False, "problem": None, "editable": False, **more}
    return render(request, "document.html", view=view, facts=facts(view, ctx.zone), fields=fields, **more)


@router.get("/documents/{document_id:int}/file")
async def document_file(ctx: CtxDep, actor: ActorDep, document_id: int) -> Response:
    view = await library.open_document(ctx, member=actor, document_id=document_id, via="web")
    return file_response(ctx, view)
