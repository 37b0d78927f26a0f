"""Is an Office file what its name says? Word and Excel files are containers; look inside them.

A .docx/.xlsx is an OOXML package: a zip with `[Content_Types].xml` and `word/` resp. `xl/` parts.
A .doc/.xls is an OLE2 compound file whose directory holds a `WordDocument` resp. `Workbook`/`Book`
stream. The compound file's directory is read here directly (no OLE library is installed):
header, FAT (with its DIFAT chain), then the directory sectors' entry names.
"""

from __future__ import annotations

import io
import struct
import zipfile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML_PART = {"docx": "word/", "xlsx": "xl/"}
OLE_STREAMS = {"doc": frozenset({"WordDocument"}), "xls": frozenset({"Workbook", "Book"})}
_END = 0xFFFFFFFA  # sector numbers at or above this are markers (end of chain, free, FAT, DIFAT)
_HEADER = 512
_ENTRY = 128


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
    if len(data) < _HEADER or not data.startswith(OLE_MAGIC):
        return None
    try:
        return _directory_names(data)
    except (struct.error, ValueError, IndexError):
        return None


def _directory_names(data: bytes) -> set[str] | None:
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        return None
    size = 1 << shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    first_difat, n_difat = struct.unpack_from("<II", data, 0x44)

    def sector(number: int) -> bytes:
        offset = (number + 1) * size  # the header fills sector "-1"
        if number >= _END or offset + size > len(data):
            raise ValueError("sector outside the file")
        return data[offset : offset + size]

    fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
    difat, seen = first_difat, 0
    while difat < _END and seen < n_difat:
        entries = struct.unpack(f"<{size // 4}I", sector(difat))
        fat_sectors += entries[:-1]
        difat, seen = entries[-1], seen + 1
    fat: list[int] = []
    for number in [s for s in fat_sectors if s < _END][:n_fat]:
        fat += struct.unpack(f"<{size // 4}I", sector(number))
    names: set[str] = set()
    current, steps = first_dir, 0
    while current < _END:
        block = sector(current)
        for at in range(0, size, _ENTRY):
            length, kind = struct.unpack_from("<HB", block, at + 64)
            if kind in (1, 2, 5) and 2 <= length <= 64:
                names.add(block[at : at + length - 2].decode("utf-16-le", errors="replace"))
        steps += 1
        if current >= len(fat) or steps > len(fat):
            raise ValueError("broken directory chain")
        current = fat[current]
    return names
