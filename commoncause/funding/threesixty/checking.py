"""A 360Giving file checked before anything is written: every grant against the standard's schema, and
no id given twice; meanwhile the parties' identifiers are gathered for looking up at once.

A big file is checked by two forked processes, each reading the file for itself and checking every
other span of grants, so no grant crosses between processes; this process reads it once more for the
grants' ids and parties (and can build the matching index while the others check).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from commoncause.core.parallel import Started, can_fork_workers
from commoncause.funding.models import Grant
from commoncause.funding.threesixty.files import GrantFile
from commoncause.funding.threesixty.parties import MADE_UP, named_parties, party_keys, party_signature
from commoncause.funding.threesixty.schema import grant_label, grant_problems, grant_validator
from commoncause.sources.base import ImportProblem

SHOWN = 20  # invalid grants described in a message
SPAN = 2_500  # grants in a row checked by one process
PARALLEL_GRANTS = 10_000  # files with more grants than this are checked by two processes

Invalid = tuple[int, str, list[tuple[str, str]]]  # a grant's number in the file (from 1), id, problems
Task = tuple[GrantFile, int, int]  # the file, one process's share of it, and how many shares
Found = tuple[list[int], list[Invalid]]  # the numbers of the invalid grants, the first SHOWN described


GRANT_ID_LENGTH = Grant._meta.get_field("grant_id").max_length or 200


@dataclass
class Check:
    """What checking found: the grants' count, which are invalid (the first few described), the parties'
    identifiers, and whether any party is known only by a funder's own id."""

    grants: int = 0
    invalid: set[int] = field(default_factory=set)
    shown: dict[int, tuple[str, list[tuple[str, str]]]] = field(default_factory=dict)
    party_keys: set[str] = field(default_factory=set)
    made_up: bool = False

    def add(self, found: list[Invalid]) -> None:
        """Count these invalid grants, keeping the first SHOWN of the file described."""
        for number, grant_id, problems in found:
            self.invalid.add(number)
            self.shown.setdefault(number, (grant_id, []))[1].extend(problems)
        for number in sorted(self.shown)[SHOWN:]:
            del self.shown[number]

    def first(self) -> Invalid:
        number = min(self.shown)
        return number, *self.shown[number]

    def listed(self) -> str:
        """The invalid grants described, in file order: "grant 360G-X-1 (number 5): amountAwarded: …"."""
        described = "; ".join(
            f"grant {grant_id} (number {number}): " + ", ".join(f"{name}: {why}" for name, why in problems)
            for number, (grant_id, problems) in sorted(self.shown.items())
        )
        more = len(self.invalid) - len(self.shown)
        return described + (f" (and {more} more)" if more > 0 else "")


def checking_started(grant_file: GrantFile) -> Started[Task, Found]:
    """The schema check of every grant, under way (by two forked processes for a big file)."""
    workers = 2 if grant_file.estimated_grants >= PARALLEL_GRANTS and can_fork_workers() else 1
    grant_validator()  # compiled once, here, for the workers to inherit
    return Started(_problems_in, [(grant_file, share, workers) for share in range(workers)], workers)


def _problems_in(task: Task) -> Found:
    """The invalid grants among one process's share of the file: every `shares`th span of SPAN grants."""
    grant_file, share, shares = task
    numbers: list[int] = []
    described: list[Invalid] = []
    try:
        for number, grant in enumerate(grant_file.grants(), start=1):
            if (number - 1) // SPAN % shares == share and (problems := grant_problems(grant)):
                numbers.append(number)
                if len(described) < SHOWN:
                    described.append((number, grant_label(grant), problems))
    except ImportProblem:
        pass  # unreadable from here on: the main process reads the file too, and says so
    return numbers, described


def survey(grant_file: GrantFile) -> Check:
    """Read the file once for the grants' count, ids given twice and the parties' identifiers."""
    check = Check()
    first: dict[str, int] = {}
    parties: set[tuple[str | None, ...] | None] = set()  # signatures of the parties seen
    for number, grant in enumerate(grant_file.grants(), start=1):
        check.grants = number
        grant_id = grant.get("id") if isinstance(grant, dict) else None
        if isinstance(grant_id, str) and (seen := first.setdefault(grant_id, number)) != number:
            check.add([(number, grant_id, [("id", f"{grant_id!r} is also the id of grant number {seen}")])])
        if isinstance(grant_id, str) and len(grant_id) > GRANT_ID_LENGTH:  # an id cut short is another id
            too_long = f"is longer than {GRANT_ID_LENGTH} characters, the most an id may hold"
            check.add([(number, f"{grant_id[:40]}…", [("id", too_long)])])
        for party in named_parties(grant):
            signature = party_signature(party)
            if signature is None or signature not in parties:  # most parties are named again
                parties.add(signature)
                check.party_keys.update(party_keys(party))
                check.made_up = check.made_up or _made_up(party)
    if check.grants == 0 and grant_file.is_package:
        name = grant_file.path.name
        if not grant_file.has_grants_list():
            raise ImportProblem(
                'not a 360Giving package: it needs a "grants" list', file=name, field="grants"
            )
        raise ImportProblem("the package holds no grants", file=name, field="grants")
    return check


def _made_up(party: dict[str, Any]) -> bool:
    return str(party.get("id", "")).upper().startswith(MADE_UP)


def check_finish(check: Check, checking: Started[Task, Found]) -> None:
    """Add what the schema check found to what the survey found (waiting for the check to end)."""
    for numbers, described in checking.results():
        check.invalid.update(numbers)
        check.add(described)
