"""Uploaded files: type checked by content, size limited, stored by hash outside `static/`."""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import BinaryIO

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l

from participation.core.services import ServiceError
from participation.core.text import without_refused_characters

# Content types accepted, by what the bytes are, mapped to the extension a download gets.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
}
CHUNK = 64 * 1024
FILENAME_STEM_MAX = 200


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    content_type: str
    extension: str


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def store(stream: BinaryIO) -> StoredFile:
    """Check and keep an upload; raises ServiceError (field `file`) for an empty, too large or unknown file."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    folder = upload_folder()
    digest, size = hashlib.sha256(), 0
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as tmp:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ServiceError(_l("The file is larger than %(mb)s MB.", mb=round(limit / 1048576, 1)),
                                       field="file")
                digest.update(chunk)
                tmp.write(chunk)
        if size == 0:
            raise ServiceError(_l("The file is empty."), field="file")
        kind = filetype.guess(tmp_name)
        if kind is None or kind.mime not in ALLOWED_TYPES:
            raise ServiceError(_l("This file type is not accepted. Upload a PDF, an image or an office document."),
                               field="file")
        key = digest.hexdigest()
        os.replace(tmp_name, folder / key)
        return StoredFile(key, size, kind.mime, ALLOWED_TYPES[kind.mime])
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def path_of(key: str) -> Path:
    if len(key) != 64 or not all(c in "0123456789abcdef" for c in key):
        raise ValueError("not a storage key")
    return upload_folder() / key


def download_name(filename: str | None, extension: str | None = None) -> str:
    """A file name safe to keep and to send in Content-Disposition: the browser's name with its folder,
    control characters (CR, LF, NUL...), bidirectional controls and lone surrogates removed, the stem
    cut to FILENAME_STEM_MAX, and `extension` (the detected type's) replacing the one it came with.

    Used when a file is stored and again when it is downloaded, so names stored before this rule
    cannot break the download's headers either.
    """
    path = PurePath(without_refused_characters(filename or "", name=True).replace("\\", "/"))
    stem = " ".join(path.stem.split()).strip(". ")[:FILENAME_STEM_MAX] or "material"
    if extension is None:
        extension = "".join(c for c in path.suffix if c.isascii() and c.isalnum())
    return f"{stem}.{extension}" if extension else stem
