"""A person's commissioning records in the download of their data, and erasing them: the records stay,
the council's and the organisations', unlinked from the person (an assessor's scores, unnamed)."""

from __future__ import annotations

import pytest

from commoncause.accounts.erasure import person_erase
from commoncause.accounts.models import AuditEntry
from commoncause.accounts.personal_data import holders
from commoncause.accounts.tests.cast import PASSWORD
from commoncause.funding.assessment import assessment_save
from commoncause.funding.assessment_selectors import assessor_label
from commoncause.funding.models import Assessment
from commoncause.funding.personal_data import funding_erase, funding_export
from commoncause.funding.tests import assessment_samples as samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene() -> samples.Scene:
    return samples.scene()


def test_an_assessors_scores_are_in_their_download(scene: samples.Scene) -> None:
    assessment_save(
        user=scene.assessor, bid=scene.bid, scores=samples.scores(4, 3, 5), comments=samples.comments()
    )
    found = [item for item in funding_export(scene.assessor) if item["kind"] == "assessment"]
    assert len(found) == 1
    assert found[0]["you"] == ["scored the bid"]
    assert found[0]["bid"] == str(scene.bid.pk)
    assert funding_export(scene.other_member) == []


def test_erasing_an_assessor_keeps_their_scores_unnamed(scene: samples.Scene) -> None:
    assert "funding" in [holder.name for holder in holders()]
    assessment_save(
        user=scene.assessor, bid=scene.bid, scores=samples.scores(4, 3, 5), comments=samples.comments()
    )
    person_erase(user=scene.assessor, password=PASSWORD)  # would fail while an assessment held the account
    assessment = Assessment.objects.get(bid=scene.bid)
    assert assessment.assessor is None
    assert assessment.scores == samples.scores(4, 3, 5)
    assert assessor_label(assessment, 1) == "Assessor 1 (account erased)"
    assert AuditEntry.objects.filter(target_id=str(assessment.pk), action="erase").exists()


def test_erasing_a_bidder_unlinks_the_bid_they_started(scene: samples.Scene) -> None:
    scene.bid.created_by = scene.bidder
    scene.bid.save()
    assert funding_erase(scene.bidder) == set()
    scene.bid.refresh_from_db()
    assert scene.bid.created_by is None
