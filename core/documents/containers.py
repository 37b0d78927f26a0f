"""Is an Office file what its name says? Word and Excel files are containers; look inside them.

A .docx/.xlsx is an OOXML package: a zip with `[Content_Types].xml` and `word/` resp. `xl/` parts.
A .doc/.xls is an OLE2 compound file whose directory holds a `WordDocument` resp. `Workbook`/`Book`
stream; olefile reads its directory.
"""

from __future__ import annotations

import io
import zipfile

import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PART = {"docx": "word/", "xlsx": "xl/"}
OLE_STREAMS = {"doc": frozenset({"WordDocument"}), "xls": frozenset({"Workbook", "Book"})}


def is_ooxml(data: bytes, ext: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    part = OOXML_PART[ext]
    return "[Content_Types].xml" in names and any(n.startswith(part) for n in names)


def is_ole_of_kind(data: bytes, ext: str) -> bool:
    names = ole_stream_names(data)
    return names is not None and bool(names & OLE_STREAMS[ext])


def ole_stream_names(data: bytes) -> set[str] | None:
    """The stream and storage names of a compound file, or None when it is not a readable one."""
    if not data.startswith(OLE_MAGIC):
        return None
    try:
        with olefile.OleFileIO(data) as ole:
            return {part for entry in ole.listdir(streams=True, storages=True) for part in entry}
    except (OSError, ValueError, IndexError):
        return None
