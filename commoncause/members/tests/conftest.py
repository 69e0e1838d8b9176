"""Fixtures shared by the members' tests."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from commoncause.members.models import Membership
from commoncause.register.models import Organisation
from commoncause.register.selectors import organisation_by_identifier
from commoncause.register.tests.search_samples import DEMO

ORG = "GB-NIC-100002"


@pytest.fixture
def organisation(member: User) -> Organisation:
    """Cancer Lifeline, from the real CCNI register sample, with `member` as its member."""
    call_command("import_source", "ccni", str(DEMO / "ccni-charitydetails-sample.csv"), no_progress=True)
    found = organisation_by_identifier(ORG)
    assert found is not None
    Membership.objects.create(user=member, organisation=found, status="approved")
    return found
