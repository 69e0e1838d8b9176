"""Hostile text for the security tests, the cast that stores it, and the check that a page escapes it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils.html import escape

from commoncause.members.models import GroupProposal
from commoncause.register.models import Organisation
from commoncause.register.search.index import index_refresh

# Closing a textarea, breaking out of an attribute, a script and an event handler, with no spaces, so
# a page that splits text into words (the history's difference) still shows it whole.
HOSTILE = '<script>alert(1)</script>"><img/src=x/onerror=alert(2)></textarea><svg/onload=alert(3)>'
SHORT = "<script>alert(4)</script>"  # for fields of 40 characters or fewer
SPACED = '"><img src=x onerror=alert(5)>'
JS_URL = "javascript:alert(6)"
FORMULA = '=HYPERLINK("https://evil.example","Click")'  # for the CSV downloads
RAW_MARKUP = ("<script>alert", "<img/src=x", "<svg/onload", "<img src=x")
JS_LINK = re.compile(r"""(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
ORG = "GB-NIC-100002"


@dataclass
class World:
    """The cast (signed-in clients by role) and the real charity from the CCNI register sample."""

    charity: Organisation
    users: dict[str, User | None]
    on_commit: Callable[..., Any]  # pytest-django's django_capture_on_commit_callbacks: emails go then
    seen: list[str] = field(default_factory=list)
    answer: tuple[str, str] = ("", "")

    def client(self, who: str) -> Client:
        client = Client()
        user = self.users[who]
        if user is not None:
            client.force_login(user)
        return client

    def see(self, who: str, url: str, text: str = HOSTILE) -> None:
        """Read a page that shows what was stored: the text is there, escaped, and never raw."""
        response = self.client(who).get(url)
        assert response.status_code == 200, (url, who, response.status_code)
        assert_escaped(response.content.decode(), text, f"{url} as {who}")
        self.seen.append(url)

    def see_email(self, text: str) -> None:
        """The one email sent is plain text (nothing for a mail reader to run), holding the text as typed."""
        (sent,) = mail.outbox
        assert text in sent.body
        assert not getattr(sent, "alternatives", None), "an HTML email would need the text escaped"
        self.seen.append(f"email: {sent.subject}")

    def post(self, who: str, url: str, data: dict[str, Any], *, expect: int = 302) -> None:
        response = self.client(who).post(url, data)
        assert response.status_code == expect, (url, response.status_code, response.content[:2000])
        self.answer = (url, response.content.decode())

    def see_response(self, text: str = HOSTILE) -> None:
        """The page the last post answered with (a form shown again) shows the text escaped."""
        url, html = self.answer
        assert_escaped(html, text, f"the answer to {url}")
        self.seen.append(url)


def statement(text: str = HOSTILE) -> dict[str, Any]:
    return {
        "description": text,
        "offers": text,
        "who_it_helps": text,
        "areas_served": [],  # real areas, picked by code (the walk of the form types hostile text for one)
        "public_email": f"info@charity.example{text}",
        "public_phone": SHORT,
        "website": JS_URL,
    }


def group_values(name: str) -> dict[str, str]:
    return {"name": name, "postcode": "BT1 5GS", **statement(), "public_email": "hello@group.example"}


def group_added(world: World, name: str) -> Organisation:
    world.post("asker", "/groups/new/", group_values(name))
    world.post(
        "curator", f"/curation/groups/{GroupProposal.objects.get(name=name).pk}/", {"decision": "approve"}
    )
    index_refresh()
    return Organisation.objects.get(name=name)


def assert_escaped(html: str, text: str, where: str) -> None:
    for raw in RAW_MARKUP:
        assert raw not in html, f"{where} shows {raw!r} raw"
    assert not JS_LINK.search(html), f"{where} links to a javascript: address"
    shown = [html[max(0, at - 60) : at + 60] for at in (m.start() for m in re.finditer("alert", html))]
    assert escape(text) in html, f"{where} does not show the stored text (escaped); alert( is in: {shown}"
