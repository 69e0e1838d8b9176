"""Pages that other apps add parts to, without the page's own app importing them.

A lower app owns a page (the register owns the organisation page; accounts the account page) and names
the places on it where other parts may go. A higher app adds a `Section` from its `AppConfig.ready()`:
its own template, and its own rule for who sees it (the context function answers None to leave the
section out for this person). The page renders whatever has been added, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

SectionContext = Callable[[HttpRequest, Any], "dict[str, Any] | None"]


@dataclass(frozen=True)
class Section:
    """A part of a page. `context(request, subject)` answers None when this person should not see it."""

    name: str
    slot: str
    order: int
    template: str
    context: SectionContext


class Sections:
    """The parts other apps add to one page, by the place (slot) they go."""

    def __init__(self, page: str, slots: tuple[str, ...]) -> None:
        self.page = page
        self.slots = slots
        self._added: dict[str, Section] = {}

    def add(self, section: Section) -> None:
        """Add (or replace, by name) a part of the page."""
        if section.slot not in self.slots:
            raise ValueError(f"The {self.page} has no place {section.slot!r} (it has {self.slots}).")
        self._added[section.name] = section

    def in_slot(self, slot: str) -> list[Section]:
        """The parts in one place on the page, in their order."""
        return sorted((s for s in self._added.values() if s.slot == slot), key=lambda s: (s.order, s.name))

    def render(
        self, request: HttpRequest, subject: object, base: dict[str, Any]
    ) -> dict[str, list[SafeString]]:
        """Each place's parts rendered for this person, with `base` in every part's context."""
        rendered: dict[str, list[SafeString]] = {}
        for slot in self.slots:
            rendered[slot] = []
            for section in self.in_slot(slot):
                context = section.context(request, subject)
                if context is not None:
                    rendered[slot].append(render_to_string(section.template, {**base, **context}, request))
        return rendered
