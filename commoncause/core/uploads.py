"""Files people upload, written whole where the web server cannot reach them.

- `private_dir(name)`: a folder under `PRIVATE_FILES_DIR` (never in or holding a folder the site
  serves), readable by the service's own user only.
- `clean_name(raw)`: the uploaded name without any folder or control characters, at most 255 long.
- `write_whole(uploaded, name, directory, limit)`: the upload written to a temporary file in
  `directory`, flushed to the disk, measured and hashed; refused (`UploadRefused`, naming the file)
  when it is empty, larger than `limit` or the disk is full, with nothing left behind. The caller
  renames it into place once it has checked what it holds.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import unicodedata
from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import UploadedFile

from commoncause.core.busy import is_disk_full

NAME_LIMIT = 255


class UploadRefused(Exception):
    """An upload that was not kept, with why in words that name the file."""


def size_words(size: int) -> str:
    return f"{size / (1024 * 1024):g} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def clean_name(raw: str, *, default: str = "document") -> str:
    """The uploaded name without any folder or control characters, at most 255 characters long."""
    name = PurePath(str(raw).replace("\\", "/")).name
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip(" .")
    if len(name) > NAME_LIMIT:  # keep a short ending ("….pdf") and shorten the rest
        stem, dot, ending = name.rpartition(".")
        keep = f"{dot}{ending}" if dot and len(ending) < 10 else ""
        name = (stem if keep else name)[: NAME_LIMIT - len(keep)] + keep
    return name or default


def _served_folders() -> list[Path]:
    folders = [settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS]
    return [Path(str(folder)).resolve() for folder in folders if folder]


def private_dir(name: str) -> Path:
    """`PRIVATE_FILES_DIR/<name>`, made if need be; refused if the site serves it."""
    directory = (Path(str(settings.PRIVATE_FILES_DIR)) / name).resolve()
    for served in _served_folders():
        if directory == served or served in directory.parents or directory in served.parents:
            raise ImproperlyConfigured(
                f"PRIVATE_FILES_DIR must not be in or hold a served folder ({served})."
            )
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


def write_whole(uploaded: UploadedFile, name: str, directory: Path, limit: int) -> tuple[Path, int, str]:
    """The upload in a temporary file in `directory`: its path, size and SHA-256."""
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
    path = Path(temporary)
    try:
        digest, size = hashlib.sha256(), 0
        with os.fdopen(handle, "wb") as out:
            for chunk in uploaded.chunks():
                size += len(chunk)
                if size > limit:
                    raise UploadRefused(f"{name} is larger than {size_words(limit)}, the most a file may be.")
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise UploadRefused(f"{name} is empty.")
    except OSError as error:
        path.unlink(missing_ok=True)
        if is_disk_full(error):
            raise UploadRefused(
                f"There is no room left to store {name}: nothing was saved. Try again later."
            ) from error
        raise
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size, digest.hexdigest()
