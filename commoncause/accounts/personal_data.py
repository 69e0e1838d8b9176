"""Where the service holds personal data about a person, so they can download it all or erase it.

Each app that holds data about people registers a holder at start-up (in its AppConfig.ready): an
`export` giving what it holds about the person as plain data, and an `erase` that deletes it and
returns the personal values (names, addresses, numbers) it removed, so the audit log can forget them.
This lets lower apps serve a person's rights without importing the apps above them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User


@dataclass(frozen=True)
class Holder:
    name: str
    export: Callable[[User], list[dict[str, Any]]]
    erase: Callable[[User], set[str]]


_HOLDERS: dict[str, Holder] = {}


def holder_register(
    name: str,
    *,
    export: Callable[[User], list[dict[str, Any]]],
    erase: Callable[[User], set[str]],
) -> None:
    _HOLDERS[name] = Holder(name, export, erase)


def holders() -> list[Holder]:
    return list(_HOLDERS.values())
