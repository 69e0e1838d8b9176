"""The assessment and award pages: who may use each (the public, the bidders, other organisations'
members, the council's officers, curators, administrators), and an officer's journey through them —
scoring, moderating, deciding, the award's public page and a notice of reducing it — with refusals
shown by their fields and what was typed kept."""

from __future__ import annotations

import pytest
from django.test import Client

from commoncause.funding import assessment as scoring
from commoncause.funding.awards import bid_decide
from commoncause.funding.models import Award, BidStatus, FundingChange, Moderation
from commoncause.funding.tests import assessment_samples as samples
from commoncause.funding.tests.assessment_samples import Scene, comments, scores

pytestmark = pytest.mark.django_db
PEOPLE = ("anonymous", "bidder", "other_member", "elsewhere", "assessor", "curator", "admin")
KEEPERS = {"assessor", "admin"}


@pytest.fixture
def scene(db: None) -> Scene:
    return samples.scene()


def _as(client: Client, scene: Scene, who: str) -> Client:
    if who != "anonymous":
        client.force_login(getattr(scene, who))
    return client


def _award(scene: Scene) -> Award:
    award = bid_decide(user=scene.admin, bid=scene.bid, successful=True, reasons="Ranked first.", feedback="")
    assert award is not None
    return award


def _expected(who: str, *, hidden: set[str]) -> int:
    if who == "anonymous":
        return 302
    if who in KEEPERS:
        return 200
    return 404 if who in hidden else 403


@pytest.mark.parametrize("who", PEOPLE)
def test_who_may_open_each_keepers_page(client: Client, scene: Scene, who: str) -> None:
    _as(client, scene, who)
    bid = scene.bid
    # Those who may not see a bid are not told it is there; its bidders see it, so they are refused.
    cannot_see_bid = {"other_member", "elsewhere", "curator"}
    pages = {
        f"/opportunities/{scene.opportunity.pk}/assessment/": set(),  # a published opportunity
        f"/bids/{bid.pk}/assess/": cannot_see_bid,
        f"/bids/{bid.pk}/moderate/": cannot_see_bid,
        f"/bids/{bid.pk}/decide/": cannot_see_bid,
    }
    got = {path: client.get(path).status_code for path in pages}
    assert got == {path: _expected(who, hidden=hidden) for path, hidden in pages.items()}
    posted = client.post(
        f"/bids/{bid.pk}/decide/", {"outcome": "successful", "reasons": "First."}
    ).status_code
    assert posted == (302 if who in KEEPERS else _expected(who, hidden=cannot_see_bid))
    assert Award.objects.exists() == (who in KEEPERS)


@pytest.mark.parametrize("who", PEOPLE)
def test_an_award_is_public_and_only_its_keepers_change_it(client: Client, scene: Scene, who: str) -> None:
    award = _award(scene)
    _as(client, scene, who)
    assert client.get(f"/awards/{award.pk}/").status_code == 200
    assert client.get(f"/awards/{award.pk}/change/").status_code == _expected(who, hidden=set())
    posted = client.post(f"/awards/{award.pk}/change/", {"kind": "end"})
    assert posted.status_code == (
        400 if who in KEEPERS else _expected(who, hidden=set())
    )  # no dates: refused


def test_a_draft_opportunity_is_not_there_for_those_who_do_not_keep_it(client: Client, scene: Scene) -> None:
    scene.opportunity.status = "draft"
    scene.opportunity.save()
    client.force_login(scene.bidder)
    assert client.get(f"/opportunities/{scene.opportunity.pk}/assessment/").status_code == 404


def test_an_assessor_scores_and_a_bad_score_is_shown_by_its_field_keeping_what_was_typed(
    client: Client, scene: Scene
) -> None:
    client.force_login(scene.assessor)
    path = f"/bids/{scene.bid.pk}/assess/"
    page = client.get(path).content.decode()
    assert "Quality of service (weight 40%)" in page
    assert "How well the service meets the outcomes." in page
    typed = {
        "score_0": "4",
        "comment_0": "A clear staffing plan.",
        "score_2": "5",
        "comment_2": "Reaches all wards.",
    }
    response = client.post(path, {**typed, "comment_1": "Fair price."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Score Value for money from 0 to 5." in html
    assert 'href="#id_score_1_0"' in html  # the error summary points at the field
    assert "A clear staffing plan." in html
    assert "Fair price." in html
    response = client.post(path, {**typed, "score_1": "3", "comment_1": "Fair price."}, follow=True)
    assert "Your scores for Cancer Lifeline are saved: 80.00 out of 100." in response.content.decode()
    assert scene.bid.assessments.get().scores == {
        "Quality of service": 4,
        "Value for money": 3,
        "Local reach": 5,
    }


def test_a_second_assessor_sees_the_first_ones_scores_only_after_saving_their_own(
    client: Client, scene: Scene
) -> None:
    scoring.assessment_save(
        user=scene.assessor, bid=scene.bid, scores=scores(4, 3, 5), comments=comments("Alex says")
    )
    client.force_login(scene.second)
    path = f"/bids/{scene.bid.pk}/assess/"
    before = client.get(path).content.decode()
    assert "Alex says" not in before
    assert "hidden until you save yours" in before
    data = {f"score_{n}": "2" for n in range(3)} | {f"comment_{n}": "Sam says" for n in range(3)}
    client.post(path, data)
    after = client.get(path).content.decode()
    assert "Assessor 1 (Alex Assessor): 80.00 out of 100" in after
    assert "Alex says (Quality of service)" in after


def _both_scored(scene: Scene) -> None:
    scoring.assessment_save(user=scene.assessor, bid=scene.bid, scores=scores(4, 3, 5), comments=comments())
    scoring.assessment_save(user=scene.second, bid=scene.bid, scores=scores(2, 3, 4), comments=comments())


def test_the_moderator_sees_the_scores_side_by_side_with_the_spread_flagged(
    client: Client, scene: Scene
) -> None:
    _both_scored(scene)
    client.force_login(scene.admin)  # has not scored
    path = f"/bids/{scene.bid.pk}/moderate/"
    closed = client.get(path).content.decode()
    assert "You have not scored this bid" in closed
    assert "Assessor 1" not in closed
    page = client.get(path + "?scores=open").content.decode()
    assert "Assessor 1 (Alex Assessor)" in page
    assert "Assessor 2 (Sam Second)" in page
    assert "2: 2 or more apart" in page
    assert "80.00" in page  # Alex's total
    assert "58.00" in page  # Sam's: 2/5 × 40 + 3/5 × 30 + 4/5 × 30 = 16 + 18 + 24


def test_a_moderation_without_a_needed_reason_is_refused_by_its_field_and_then_saved(
    client: Client, scene: Scene
) -> None:
    _both_scored(scene)
    client.force_login(scene.assessor)
    path = f"/bids/{scene.bid.pk}/moderate/"
    data = {"score_0": "3", "score_1": "3", "score_2": "4", "reason_2": "Both saw the ward map."}
    response = client.post(path, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give the reason for the agreed score for Quality of service" in html
    assert 'href="#id_reason_0"' in html
    assert "Both saw the ward map." in html
    assert not Moderation.objects.exists()
    response = client.post(path, {**data, "reason_0": "Agreed on the staffing plan."})
    assert response.status_code == 302
    assert response["Location"] == f"/opportunities/{scene.opportunity.pk}/assessment/"
    listed = client.get(response["Location"]).content.decode()
    assert "66.00" in listed  # 24 + 18 + 24
    assert "Below full cost" in listed  # £90,000 against £100,000
    assert "Covers full cost" in listed
    again = client.get(path).content.decode()
    assert "Agreed on the staffing plan." in again  # the saved reasons come back to be changed


def test_deciding_refuses_by_field_then_makes_the_award_and_its_public_page(
    client: Client, scene: Scene
) -> None:
    client.force_login(scene.assessor)
    path = f"/bids/{scene.rival.pk}/decide/"
    response = client.post(path, {"outcome": "unsuccessful", "reasons": "Ranked second.", "feedback": ""})
    assert response.status_code == 400
    assert "Give the bidders feedback" in response.content.decode()
    assert "Ranked second." in response.content.decode()
    client.post(path, {"outcome": "unsuccessful", "reasons": "Ranked second.", "feedback": "Thin staffing."})
    assert client.get(path).status_code == 200
    assert "Thin staffing." in client.get(path).content.decode()
    response = client.post(
        f"/bids/{scene.bid.pk}/decide/", {"outcome": "successful", "reasons": "Ranked first on quality."}
    )
    award = Award.objects.get()
    assert response["Location"] == f"/awards/{award.pk}/"
    scene.opportunity.refresh_from_db()
    assert scene.opportunity.status == "awarded"
    client.logout()
    public = client.get(response["Location"]).content.decode()
    assert "Award to Cancer Lifeline" in public
    assert "£90,000" in public
    assert "Ranked first on quality." in public
    assert "1 April 2026" in public
    for personal in ("Alex", "Assessor", "alex.assessor@council.example", "member@charity.example"):
        assert personal not in public
    assert "/monitoring/" not in public  # monitoring is for the recipient and the council
    client.force_login(scene.bidder)
    assert f"/awards/{award.pk}/monitoring/" in client.get(response["Location"]).content.decode()


def test_an_open_opportunitys_bids_wait_and_the_page_says_why(client: Client, scene: Scene) -> None:
    scene.opportunity.status = "open"
    scene.opportunity.save()
    client.force_login(scene.assessor)
    path = f"/bids/{scene.bid.pk}/decide/"
    assert (
        "Bids are decided once the opportunity has closed: it is open for bids."
        in client.get(path).content.decode()
    )
    response = client.post(path, {"outcome": "successful", "reasons": "First."})
    assert response.status_code == 400
    assert "Bids are decided once the opportunity has closed" in response.content.decode()
    scene.bid.refresh_from_db()
    assert scene.bid.status == BidStatus.SUBMITTED


def test_a_short_notice_must_say_why_and_the_award_page_shows_it(client: Client, scene: Scene) -> None:
    award = _award(scene)
    client.force_login(scene.assessor)
    path = f"/awards/{award.pk}/change/"
    data = {
        "kind": "reduce", "new_amount": "60000", "notice_given_on": "2026-01-15",
        "takes_effect_on": "2026-04-01", "reasons": "The budget is cut.",
    }  # fmt: skip
    response = client.post(path, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "The notice is 2 months and 17 days, 14 days short of the Compact&#x27;s three months" in html
    assert 'href="#id_shorter_because"' in html
    assert "The budget is cut." in html
    response = client.post(
        path, {**data, "shorter_because": "The government grant ends in March."}, follow=True
    )
    page = response.content.decode()
    assert "Saved, with 2 months and 17 days of written notice." in page
    assert "recorded in the council&#x27;s engagement log" in page
    assert "Reduced to £60,000" in page
    assert "Less than three months" in page
    change = FundingChange.objects.get()
    assert f'href="{change.engagement_url}"' in page  # the council's officers follow it to the log
    client.logout()
    public = client.get(f"/awards/{award.pk}/").content.decode()
    assert "Worth now" in public
    assert "£60,000" in public
    assert change.engagement_url not in public  # the log is not public


def test_example_records_are_marked_on_every_page(client: Client, db: None) -> None:
    scene = samples.scene(is_example=True)
    award = bid_decide(user=scene.admin, bid=scene.bid, successful=True, reasons="First.", feedback="")
    assert award is not None
    client.force_login(scene.assessor)
    for path in (
        f"/opportunities/{scene.opportunity.pk}/assessment/", f"/bids/{scene.rival.pk}/assess/",
        f"/bids/{scene.rival.pk}/moderate/", f"/bids/{scene.bid.pk}/decide/", f"/awards/{award.pk}/change/",
    ):  # fmt: skip
        page = client.get(path).content.decode()
        assert '<strong class="govuk-tag govuk-tag--grey">Example</strong>' in page, path
        assert "made for the demonstration" in page, path
    client.logout()
    public = client.get(f"/awards/{award.pk}/").content.decode()
    assert '<strong class="govuk-tag govuk-tag--grey">Example</strong>' in public
    assert "An example award made for the demonstration: not a real council's decision" in public
