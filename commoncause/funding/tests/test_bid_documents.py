"""Documents on a bid: taken by their content within the limits, kept outside the web root under random
names, served only as downloads to those who may see the bid, and deleted with their record."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from commoncause.accounts.models import AuditEntry
from commoncause.funding import bids
from commoncause.funding.bid_partners import bid_partner_invite
from commoncause.funding.documents import MOST_PER_BID, document_add, document_remove
from commoncause.funding.models import Bid, BidDocument
from commoncause.funding.tests.bid_samples import Cast, bid_cast

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 24


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office:document/>"})


@pytest.fixture
def private(tmp_path: Path, settings: object) -> Path:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"  # type: ignore[attr-defined]
    return tmp_path / "private" / "bids"


@pytest.fixture
def cast() -> Cast:
    return bid_cast()


@pytest.fixture
def bid(cast: Cast) -> Bid:
    return bids.bid_start(
        user=cast.lead_member, opportunity=cast.opportunity, lead=cast.lead, lot=cast.lot(3)
    )


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("budget.pdf", PDF, "application/pdf"),
        ("plan.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("costs.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("plan.odt", ODT, "application/vnd.oasis.opendocument.text"),
        ("logo.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("figures.csv", "ward,people\nChurch Street,40\nSt James’s,25\n".encode(), "text/csv; charset=utf-8"),
        ("notes.txt", "Notes on the plan, with £ signs.\n".encode(), "text/plain; charset=utf-8"),
        ("scan", PDF, "application/pdf"),  # the content decides, not the name
    ],
)
def test_each_kind_is_taken_by_its_content_and_kept_under_a_random_name(
    cast: Cast, bid: Bid, private: Path, name: str, content: bytes, content_type: str
) -> None:
    document = document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload(name, content))

    assert (document.name, document.content_type, document.size) == (name, content_type, len(content))
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert len(document.stored_as) == 32
    assert name not in document.stored_as
    assert [path.name for path in private.iterdir()] == [document.stored_as]  # nothing half-written left
    assert (private / document.stored_as).read_bytes() == content
    entry = AuditEntry.objects.get(target_type="funding.biddocument", action="create")
    assert entry.after["sha256"] == document.sha256


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 60, "is not a PDF, Word"),
        (
            "plan.docx",
            _zip({"word/document.xml": b"<w:document/>"}),
            "is not a PDF",
        ),  # no [Content_Types].xml
        ("archive.zip", _zip({"a.txt": b"a"}), "is not a PDF"),
        ("notes.txt", "caf\xe9".encode("latin-1"), "is not a PDF"),  # not UTF-8
        ("binary.txt", b"text\x00with a nul", "is not a PDF"),
        ("empty.pdf", b"", "empty.pdf is empty"),
    ],
    ids=["program", "docx-without-its-parts", "other-zip", "not-utf8", "nul-byte", "empty"],
)
def test_a_file_of_another_kind_is_refused_with_its_name_and_reason(
    cast: Cast, bid: Bid, private: Path, name: str, content: bytes, reason: str
) -> None:
    with pytest.raises(bids.BidError, match=reason) as refused:
        document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload(name, content))

    assert refused.value.field == "file"
    assert name in str(refused.value)
    assert not BidDocument.objects.exists()
    assert list(private.iterdir()) == []


def test_a_file_over_the_size_limit_is_refused_and_nothing_stays(
    cast: Cast, bid: Bid, private: Path, settings: object
) -> None:
    settings.BID_DOCUMENT_MAX_BYTES = len(PDF) - 1  # type: ignore[attr-defined]
    with pytest.raises(bids.BidError, match="budget.pdf is larger than"):
        document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload("budget.pdf", PDF))
    upload = _upload("budget.pdf", PDF)
    upload.size = None  # measured as it is written, not taken on trust
    with pytest.raises(bids.BidError, match="budget.pdf is larger than"):
        document_add(user=cast.lead_member, bid=bid, uploaded_file=upload)
    assert list(private.iterdir()) == []
    settings.BID_DOCUMENT_MAX_BYTES = len(PDF)  # type: ignore[attr-defined]
    document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload("budget.pdf", PDF))


def test_a_bid_holds_at_most_twenty_documents(cast: Cast, bid: Bid, private: Path) -> None:
    for number in range(MOST_PER_BID):
        document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload(f"{number}.txt", b"a"))

    with pytest.raises(bids.BidError, match="extra.txt: a bid holds at most 20 documents"):
        document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload("extra.txt", b"a"))
    assert len(list(private.iterdir())) == MOST_PER_BID


def test_only_the_leads_members_add_documents_to_a_draft(cast: Cast, bid: Bid, private: Path) -> None:
    bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)
    for user in (cast.partner_member, cast.other_member, cast.officer, cast.admin):
        with pytest.raises(bids.BidError) as refused:
            document_add(user=user, bid=bid, uploaded_file=_upload("a.pdf", PDF))
        assert refused.value.not_allowed
    assert not BidDocument.objects.exists()


def test_the_uploaded_name_is_kept_without_its_folders(cast: Cast, bid: Bid, private: Path) -> None:
    document = document_add(
        user=cast.lead_member, bid=bid, uploaded_file=_upload("..\\..\\etc\\plan.pdf", PDF)
    )
    assert document.name == "plan.pdf"
    assert [path.parent for path in private.parent.rglob("*") if path.is_file()] == [private]


def test_documents_are_never_kept_in_a_folder_the_site_serves(
    cast: Cast, bid: Bid, settings: object, tmp_path: Path
) -> None:
    settings.STATIC_ROOT = tmp_path / "static"  # type: ignore[attr-defined]
    settings.PRIVATE_FILES_DIR = tmp_path / "static" / "private"  # type: ignore[attr-defined]
    with pytest.raises(ImproperlyConfigured):
        document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload("a.pdf", PDF))
    assert not (tmp_path / "static" / "private").exists()


def test_removing_a_document_deletes_its_file_once_saved(
    cast: Cast, bid: Bid, private: Path, django_capture_on_commit_callbacks: object
) -> None:
    document = document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload("a.pdf", PDF))
    with pytest.raises(bids.BidError):
        document_remove(user=cast.other_member, bid=bid, document=document)

    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        document_remove(user=cast.lead_member, bid=bid, document=document)

    assert not BidDocument.objects.exists()
    assert list(private.iterdir()) == []
    assert AuditEntry.objects.filter(target_type="funding.biddocument", action="delete").count() == 1


# Serving


def _download(user: object, bid: Bid, document: BidDocument) -> object:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client.get(f"/bids/{bid.pk}/documents/{document.pk}/")


def test_a_document_downloads_with_headers_that_stop_it_running(cast: Cast, bid: Bid, private: Path) -> None:
    name = 'Plan "final"; für Westminster.pdf'
    document = document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload(name, PDF))

    response = _download(cast.lead_member, bid, document)

    assert response.status_code == 200  # type: ignore[attr-defined]
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"  # type: ignore[index]
    disposition = response["Content-Disposition"]  # type: ignore[index]
    assert disposition == "attachment; filename*=utf-8''Plan%20%22final%22%3B%20f%C3%BCr%20Westminster.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"  # type: ignore[index]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"  # type: ignore[index]
    assert response["Cache-Control"] == "private, no-store"  # type: ignore[index]


def test_text_named_as_a_web_page_downloads_as_text(cast: Cast, bid: Bid, private: Path) -> None:
    document = document_add(
        user=cast.lead_member, bid=bid, uploaded_file=_upload("page.html", b"<script>alert(1)</script>")
    )
    response = _download(cast.lead_member, bid, document)

    assert response["Content-Type"] == "text/plain; charset=utf-8"  # type: ignore[index]
    assert response["Content-Disposition"] == 'attachment; filename="page.html.txt"'  # type: ignore[index]


def test_a_document_is_served_only_to_those_who_may_see_the_bid(cast: Cast, bid: Bid, private: Path) -> None:
    document = document_add(user=cast.lead_member, bid=bid, uploaded_file=_upload("a.pdf", PDF))
    bid_partner_invite(user=cast.lead_member, bid=bid, organisation=cast.partner)

    assert _download(None, bid, document).status_code == 302  # type: ignore[attr-defined]
    for user in (cast.other_member, cast.officer, cast.other_officer, cast.curator, cast.admin):
        assert _download(user, bid, document).status_code == 404, user  # type: ignore[attr-defined]
    assert _download(cast.partner_member, bid, document).status_code == 200  # type: ignore[attr-defined]

    Bid.objects.filter(pk=bid.pk).update(status="submitted")
    assert _download(cast.officer, bid, document).status_code == 200  # type: ignore[attr-defined]
    assert _download(cast.admin, bid, document).status_code == 200  # type: ignore[attr-defined]
    assert _download(cast.other_officer, bid, document).status_code == 404  # type: ignore[attr-defined]


def test_the_upload_page_shows_a_refusal_by_the_field(cast: Cast, bid: Bid, private: Path) -> None:
    client = Client()
    client.force_login(cast.lead_member)

    response = client.post(f"/bids/{bid.pk}/documents/", {"file": _upload("setup.exe", b"MZ\x90\x00")})

    html = response.content.decode()
    assert response.status_code == 400
    assert '<li><a href="#id_file">setup.exe is not a PDF, Word (.docx)' in html
    assert "govuk-file-upload--error" in html
    ok = client.post(f"/bids/{bid.pk}/documents/", {"file": _upload("budget.pdf", PDF)})
    assert ok.status_code == 302
    document = BidDocument.objects.get()
    assert (
        f'href="/bids/{bid.pk}/documents/{document.pk}/" download>budget.pdf</a>'
        in client.get(f"/bids/{bid.pk}/").content.decode()
    )
    partner = Client()
    partner.force_login(cast.other_member)
    assert partner.post(f"/bids/{bid.pk}/documents/", {"file": _upload("b.pdf", PDF)}).status_code == 404
    assert partner.post(f"/bids/{bid.pk}/documents/{document.pk}/remove/").status_code == 404
    assert client.post(f"/bids/{bid.pk}/documents/{document.pk}/remove/").status_code == 302
    assert not BidDocument.objects.exists()
