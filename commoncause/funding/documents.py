"""Documents attached to a draft bid: checked by what they hold, kept where the web server cannot reach.

- A file is taken only if its content is one of the kinds below, whatever its name says: PDF (`%PDF-`),
  Word (.docx), Excel (.xlsx) and OpenDocument text (.odt) as zip containers holding the parts each
  must have, PNG, JPEG, or plain text or CSV that reads as UTF-8 with no control characters. At most
  `BID_DOCUMENT_MAX_BYTES` (10 MiB unless set) each, and `MOST_PER_BID` to a bid.
- It is written to a temporary file beside its final place and renamed once whole, under a random name
  in `PRIVATE_FILES_DIR/bids` (never the uploaded name, never under a folder the site serves), with
  its SHA-256 kept. Removing a document deletes its file once the removal is saved.
- It is served only as a download, to those who may see the bid, with headers that stop a browser
  running it (see `bid_document_views`).
"""

from __future__ import annotations

import os
import re
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.core.uploads import UploadRefused, clean_name, private_dir, size_words, write_whole
from commoncause.funding.access import may_edit_bid
from commoncause.funding.bids import BidError
from commoncause.funding.models import Bid, BidDocument

MOST_PER_BID = 20
STORED_NAME = re.compile(r"^[0-9a-f]{32}$")
TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # tab, newlines and form feed are text
ODT = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class Kind:
    """A kind of document taken: its content type and the name endings it goes by."""

    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("PDF", "application/pdf", (".pdf",))
DOCX = Kind("Word", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",))
XLSX = Kind("Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",))
ODT_KIND = Kind("OpenDocument text", "application/vnd.oasis.opendocument.text", (".odt",))
PNG = Kind("PNG image", "image/png", (".png",))
JPEG = Kind("JPEG image", "image/jpeg", (".jpg", ".jpeg"))
CSV = Kind("CSV", "text/csv; charset=utf-8", (".csv",))
TEXT = Kind("plain text", "text/plain; charset=utf-8", (".txt",))
KINDS = (PDF, DOCX, XLSX, ODT_KIND, PNG, JPEG, CSV, TEXT)
KINDS_WORDS = (
    "a PDF, Word (.docx), Excel (.xlsx), OpenDocument text (.odt), PNG, JPEG, plain text or CSV file"
)


def max_bytes() -> int:
    return int(settings.BID_DOCUMENT_MAX_BYTES)


def _zip_kind(path: Path) -> Kind | None:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return XLSX
            if "mimetype" in names and "content.xml" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= len(ODT) and archive.read(info).strip() == ODT:
                    return ODT_KIND
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, ValueError):
        return None
    return None


def _is_text(path: Path) -> bool:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return not TEXT_CONTROLS.search(text)


def kind_of(path: Path, name: str) -> Kind | None:
    """What the file holds, by its content (the name only tells CSV from other text); None when it is
    none of the kinds taken."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if _is_text(path):
        return CSV if name.lower().endswith(".csv") else TEXT
    return None


def _kind_by_type(content_type: str) -> Kind:
    return next((kind for kind in KINDS if kind.content_type == content_type), TEXT)


def download_name(document: BidDocument) -> str:
    """The name offered on download: the uploaded name, with the ending of what it holds added when its
    own ending says otherwise (so a text file named "page.html" downloads as "page.html.txt")."""
    kind = _kind_by_type(document.content_type)
    if document.name.lower().endswith(kind.extensions):
        return document.name
    return document.name + kind.extensions[0]


def storage_dir() -> Path:
    """Where bids' documents are kept: `PRIVATE_FILES_DIR/bids`, refused if the site serves it."""
    return private_dir("bids")


def document_path(document: BidDocument) -> Path:
    if not STORED_NAME.match(document.stored_as):
        raise ValueError("A stored document's name is 32 hex digits.")
    return storage_dir() / document.stored_as


def _written(uploaded: UploadedFile, name: str, directory: Path) -> tuple[Path, int, str, Kind]:
    """The upload written whole to a temporary file, measured, hashed and its kind found; the file is
    removed again if it is refused."""
    try:
        path, size, sha256 = write_whole(uploaded, name, directory, max_bytes())
    except UploadRefused as refused:
        raise BidError(str(refused), field="file") from refused
    try:
        kind = kind_of(path, name)
        if kind is None:
            raise BidError(f"{name} is not {KINDS_WORDS}: its content is not one of these.", field="file")
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size, sha256, kind


def _facts(document: BidDocument) -> dict[str, Any]:
    return {"bid": str(document.bid_id), "name": document.name, "content_type": document.content_type,
            "size": document.size, "sha256": document.sha256}  # fmt: skip


def _editor_check(user: User, bid: Bid) -> None:
    if not may_edit_bid(user, bid):
        raise BidError(
            "Only the lead organisation's members add or remove a bid's documents, "
            "and only while it is a draft.",
            not_allowed=True,
        )


@transaction.atomic
def document_add(*, user: User, bid: Bid, uploaded_file: UploadedFile) -> BidDocument:
    """Attach a file to a draft bid (the lead's members only), refused with its name and the reason."""
    _editor_check(user, bid)
    Bid.objects.select_for_update().filter(pk=bid.pk).first()  # one upload to a bid at a time
    name = clean_name(uploaded_file.name or "")
    if bid.documents.count() >= MOST_PER_BID:
        raise BidError(
            f"{name}: a bid holds at most {MOST_PER_BID} documents. Remove one first.", field="file"
        )
    if uploaded_file.size is not None and uploaded_file.size > max_bytes():
        raise BidError(
            f"{name} is larger than {size_words(max_bytes())}, the most a file may be.", field="file"
        )
    directory = storage_dir()
    temporary, size, sha256, kind = _written(uploaded_file, name, directory)
    stored_as = secrets.token_hex(16)
    final = directory / stored_as
    try:
        os.replace(temporary, final)
        final.chmod(0o600)
        document = BidDocument.objects.create(
            bid=bid, name=name, stored_as=stored_as, content_type=kind.content_type, size=size,
            sha256=sha256, uploaded_by=user,
        )  # fmt: skip
        audit_record(actor=user, action=AuditAction.CREATE, target=document, after=_facts(document))
    except BaseException:
        temporary.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        raise
    return document


@transaction.atomic
def document_remove(*, user: User, bid: Bid, document: BidDocument) -> None:
    """Remove a document from a draft bid; its file is deleted once the removal is saved."""
    _editor_check(user, bid)
    if document.bid_id != bid.pk:
        raise BidError("That document is not one of this bid's.", not_allowed=True)
    path = document_path(document)
    audit_record(actor=user, action=AuditAction.DELETE, target=document, before=_facts(document))
    document.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
