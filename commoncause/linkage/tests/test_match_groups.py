"""`manage.py match_groups`: groups known only by a local id are matched with the register again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from commoncause.accounts.models import AuditEntry
from commoncause.linkage.management.commands.match_groups import local_only_groups
from commoncause.linkage.models import LinkCandidate, LinkStatus
from commoncause.linkage.queue import reject
from commoncause.register.models import Organisation
from commoncause.register.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _match_groups() -> str:
    out = StringIO()
    call_command("match_groups", stdout=out)
    return out.getvalue()


def test_only_groups_with_no_registers_number_are_matched_again() -> None:
    alone = OrganisationFactory.create(name="Larch Street Lunch Club", org_ids=["GB-LOCAL-3F2A1B0C9D"])
    funded = OrganisationFactory.create(
        name="Ulster Orchestra", org_ids=["360G-ALWF-12", "GB-LOCAL-0A1B2C3D4E"]
    )
    OrganisationFactory.create(name="Cancer Lifeline", org_ids=["GB-LOCAL-1111111111", "GB-NIC-100002"])
    OrganisationFactory.create(name="Clean Break", org_ids=["GB-CHC-1017560"])
    OrganisationFactory.create(name="No identifiers at all")
    body = OrganisationFactory.create(name="Arts Educational Schools London", org_ids=["GB-CHC-311087"])
    OrganisationFactory.create(name="Arts Ed", org_ids=["GB-LOCAL-2222222222"], merged_into=body)
    assert sorted(local_only_groups()) == sorted([alone.pk, funded.pk])


def test_a_group_whose_body_has_joined_the_register_is_linked_and_the_run_is_noted() -> None:
    group = OrganisationFactory.create(
        name="Burnley Youth Theatre Ltd", postcode="BB10 3LB", org_ids=["GB-LOCAL-AB12CD34EF"]
    )
    queued = OrganisationFactory.create(
        name="Ulster Orchestra", postcode="BT1 4LS", org_ids=["GB-LOCAL-0A1B2C3D4E"]
    )
    theatre = OrganisationFactory.create(
        name="Burnley Youth Theatre", postcode="BB10 3LB", org_ids=["GB-CHC-1054763"]
    )
    OrganisationFactory.create(
        name="The Ulster Youth Orchestra", postcode="BT1 1FF", org_ids=["GB-NIC-101104"]
    )
    note = _match_groups()
    assert note.strip() == (
        "Of 2 groups new to the register without a register's number, 1 were linked to an organisation "
        "already in it, 1 wait for a curator and 0 matched none."
    )
    group.refresh_from_db()
    assert group.merged_into == theatre
    assert LinkCandidate.objects.get(source=queued).status == LinkStatus.PENDING
    entry = AuditEntry.objects.get(target_label="Groups matched with the register again")
    assert (entry.actor, entry.action, entry.note) == (None, "update", note.strip())
    pair = LinkCandidate.objects.get(source=group)
    assert pair.found_by == "matching groups again"


def test_running_again_keeps_every_curators_decision_and_queues_nothing_twice(curator: User) -> None:
    OrganisationFactory.create(
        name="The Ulster Youth Orchestra", postcode="BT1 1FF", org_ids=["GB-NIC-101104"]
    )
    OrganisationFactory.create(name="Ulster Orchestra", postcode="BT1 4LS", org_ids=["GB-LOCAL-0A1B2C3D4E"])
    OrganisationFactory.create(name="Crisis UK", org_ids=["GB-CHC-1082947"])
    crisis = OrganisationFactory.create(name="Crisis UK", org_ids=["GB-LOCAL-5555555555"])
    _match_groups()
    # The same name alone: linked automatically. The orchestra: queued, and a curator keeps it apart.
    assert Organisation.objects.get(pk=crisis.pk).merged_into is not None
    orchestra = LinkCandidate.objects.get(source__name="Ulster Orchestra")
    reject(candidate=orchestra, curator=curator, reason="The Youth Orchestra is another body.")
    again = _match_groups()
    assert "Of 1 groups" in again  # the linked group is no longer a group of its own
    orchestra.refresh_from_db()
    assert orchestra.status == LinkStatus.REJECTED
    assert LinkCandidate.objects.count() == 2


def test_with_no_groups_the_run_says_so() -> None:
    OrganisationFactory.create(name="Clean Break", org_ids=["GB-CHC-1017560"])
    assert _match_groups().startswith("Of 0 groups new to the register")
    assert not LinkCandidate.objects.exists()
