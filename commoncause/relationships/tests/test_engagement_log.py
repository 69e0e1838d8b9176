"""The engagement log: a council's officers record meetings, consultations, decisions, follow-ups and
notices of ending or cutting funding; the Compact's 12 weeks and three months are checked; owners are
reminded; each entry is seen only by the council's keepers and the organisations it names."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.test import Client

from commoncause.accounts.models import AuditEntry, Council, StaffRole, VerifiedEmail
from commoncause.accounts.tests.cast import council, person
from commoncause.register.models import Organisation
from commoncause.relationships import engagement as log
from commoncause.relationships.models import Engagement, EngagementKind, EngagementStatus
from commoncause.relationships.tests.samples import ORG

pytestmark = pytest.mark.django_db

D = dt.date


def _post(client: Client, **values: str) -> object:
    data = {
        "council": str(council().pk), "kind": "meeting", "title": "Quarterly meeting with the CVS",
        "on": "2026-11-02", "status": "open", "organisations": "", "respondents": "",
    }  # fmt: skip
    data.update(values)
    return client.post("/engagement/new/", data)


def _verified(user: User) -> User:
    VerifiedEmail.objects.create(user=user, email=user.email)
    return user


@pytest.fixture
def elsewhere_officer(db: None) -> User:
    user = person("officer@elsewhere.example")
    other = Council.objects.create(name="Elsewhere Council", slug="elsewhere", area_codes=["E09000001"])
    StaffRole.objects.create(user=user, role="officer", council=other)
    return user


def test_an_officer_records_a_meeting_with_an_organisation_and_it_is_audited(
    client: Client, officer: User, charity: Organisation
) -> None:
    client.force_login(officer)
    response = _post(
        client, organisations=ORG, summary="Agreed to share the winter plan.", owner=str(officer.pk)
    )
    engagement = Engagement.objects.get()
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert list(engagement.organisations.all()) == [charity]
    assert engagement.owner == officer
    entry = AuditEntry.objects.get(target_type="relationships.engagement", target_id=str(engagement.pk))
    assert entry.after["organisations"] == [str(charity.pk)]
    listed = client.get("/engagement/").content.decode()
    assert "Quarterly meeting with the CVS" in listed
    page = client.get(f"/engagement/{engagement.pk}/").content.decode()
    assert "Agreed to share the winter plan." in page
    assert charity.name in page


def test_the_form_names_an_unknown_org_id_and_keeps_what_was_typed(client: Client, officer: User) -> None:
    client.force_login(officer)
    response = _post(client, organisations="GB-CHC-0000000", summary="Kept words")
    html = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "No organisation has the org-id GB-CHC-0000000." in html
    assert "Kept words" in html
    assert not Engagement.objects.exists()


def test_a_consultation_under_twelve_weeks_must_say_why_and_shows_its_shortfall(
    client: Client, officer: User
) -> None:
    client.force_login(officer)
    short = {"kind": "consultation", "title": "Play strategy", "on": "2026-01-05", "closes_on": "2026-03-11"}
    response = _post(client, **short)
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "Say why the consultation runs for less than 12 weeks" in response.content.decode()  # type: ignore[attr-defined]
    _post(
        client,
        **short,
        shorter_because="The grant deadline is fixed.",
        other_responses="14",
        changed="Two sites added.",
    )
    engagement = Engagement.objects.get()
    page = client.get(f"/engagement/{engagement.pk}/").content.decode()
    assert "9 weeks and 2 days" in page
    assert "Shorter than 12 weeks" in page
    assert "by 19 days" in page
    assert "The grant deadline is fixed." in page
    assert "14 other responses" in page
    assert "Two sites added." in page


def test_a_notice_of_ending_funding_needs_reasons_and_shows_less_than_three_months(
    client: Client, officer: User, charity: Organisation
) -> None:
    client.force_login(officer)
    notice = {
        "kind": "funding_notice", "title": "Youth grant ends", "on": "2026-01-15",
        "funding_ends_on": "2026-04-01", "organisations": ORG, "reduction": "ends",
    }  # fmt: skip
    response = _post(client, **notice)
    assert "Give the reasons" in response.content.decode()  # type: ignore[attr-defined]
    _post(client, **notice, reasons="The programme closes.")
    page = client.get(f"/engagement/{Engagement.objects.get().pk}/").content.decode()
    assert "2 months and 17 days" in page
    assert "Less than three months" in page
    assert "by 14 days" in page


def test_a_notice_must_name_the_organisation(officer: User) -> None:
    values = {
        "kind": "funding_notice",
        "title": "Cut",
        "on": D(2026, 1, 1),
        "funding_ends_on": D(2026, 6, 1),
        "reasons": "Budget",
    }
    with pytest.raises(log.EngagementError) as refused:
        log.engagement_record(user=officer, council=council(), values=values)
    assert refused.value.field == "organisations"


def test_an_owner_must_be_an_officer_of_the_council_or_a_curator(
    officer: User, elsewhere_officer: User
) -> None:
    values = {"kind": "meeting", "title": "Meeting", "on": D(2026, 1, 1)}
    with pytest.raises(log.EngagementError) as refused:
        log.engagement_record(user=officer, council=council(), values=values, owner=elsewhere_officer)
    assert refused.value.field == "owner"


def test_another_councils_officer_and_the_public_never_see_an_entry(
    client: Client, officer: User, elsewhere_officer: User
) -> None:
    engagement = log.engagement_record(
        user=officer,
        council=council(),
        values={"kind": "decision", "title": "Budget decision", "on": D(2026, 2, 1)},
    )
    assert client.get(f"/engagement/{engagement.pk}/").status_code == 302  # to sign in
    client.force_login(elsewhere_officer)
    assert client.get(f"/engagement/{engagement.pk}/").status_code == 404
    assert "Budget decision" not in client.get("/engagement/").content.decode()
    with pytest.raises(log.EngagementError):
        log.engagement_done(user=elsewhere_officer, engagement=engagement)


def test_a_member_of_a_named_organisation_sees_the_entry_and_others_do_not(
    client: Client, officer: User, member_of_charity: User, charity: Organisation
) -> None:
    engagement = log.engagement_record(
        user=officer, council=council(), organisations=[charity],
        values={"kind": "meeting", "title": "Meeting about premises", "on": D(2026, 2, 1)},
    )  # fmt: skip
    client.force_login(member_of_charity)
    page = client.get(f"/engagement/{engagement.pk}/").content.decode()
    assert "Meeting about premises" in page
    assert "Mark as done" not in page  # members see it; the council keeps it
    assert client.get("/engagement/").status_code == 403
    stranger = person("someone@elsewhere.example")
    client.force_login(stranger)
    assert client.get(f"/engagement/{engagement.pk}/").status_code == 404


def test_a_follow_up_needs_a_due_date_and_is_marked_done(client: Client, officer: User) -> None:
    meeting = log.engagement_record(
        user=officer, council=council(), values={"kind": "meeting", "title": "Meeting", "on": D(2026, 2, 1)}
    )
    client.force_login(officer)
    assert "Follow-up: Meeting" in client.get(f"/engagement/new/?follows={meeting.pk}").content.decode()
    response = client.post(
        f"/engagement/new/?follows={meeting.pk}",
        {
            "council": str(council().pk),
            "kind": "follow_up",
            "title": "Send the minutes",
            "on": "2026-02-02",
            "status": "open",
        },
    )
    assert "Enter the date the follow-up is due." in response.content.decode()
    client.post(
        f"/engagement/new/?follows={meeting.pk}",
        {"council": str(council().pk), "kind": "follow_up", "title": "Send the minutes", "on": "2026-02-02",
         "due_on": "2026-02-09", "status": "open", "owner": str(officer.pk)},
    )  # fmt: skip
    follow_up = Engagement.objects.get(title="Send the minutes")
    assert follow_up.follows == meeting
    assert "Send the minutes" in client.get(f"/engagement/{meeting.pk}/").content.decode()
    client.post(f"/engagement/{follow_up.pk}/done/")
    follow_up.refresh_from_db()
    assert follow_up.status == EngagementStatus.DONE
    assert AuditEntry.objects.filter(target_id=str(follow_up.pk), action="update").exists()


def test_owners_are_reminded_of_items_due_within_a_week_once_a_week(officer: User) -> None:
    _verified(officer)
    values = {"kind": EngagementKind.FOLLOW_UP, "on": D(2026, 3, 1)}
    due = log.engagement_record(
        user=officer,
        council=council(),
        owner=officer,
        values={**values, "title": "Due soon", "due_on": D(2026, 3, 10)},
    )
    log.engagement_record(
        user=officer,
        council=council(),
        owner=officer,
        values={**values, "title": "Later", "due_on": D(2026, 4, 30)},
    )
    done = log.engagement_record(
        user=officer,
        council=council(),
        owner=officer,
        values={**values, "title": "Done", "due_on": D(2026, 3, 2), "status": "done"},
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(log, "today", lambda: D(2026, 3, 5))
        out = io.StringIO()
        with django_capture_on_commit():
            call_command("engagement_reminders", stdout=out)
    assert "Reminded 1 owner" in out.getvalue()
    assert [message.subject for message in mail.outbox] == ["Due soon: Due soon"]
    assert f"/engagement/{due.pk}/" in mail.outbox[0].body
    due.refresh_from_db()
    assert due.reminded_on == D(2026, 3, 5)
    assert log.engagement_reminders(today=D(2026, 3, 6)) == 0  # not again within the week
    assert log.engagement_reminders(today=D(2026, 3, 12)) == 1  # overdue, a week on
    assert done.pk not in {item.pk for item in log.due_for_reminder(D(2026, 3, 12))}


def test_an_owner_without_a_confirmed_address_is_not_emailed(officer: User) -> None:
    log.engagement_record(
        user=officer, council=council(), owner=officer,
        values={"kind": "follow_up", "title": "Due", "on": D(2026, 3, 1), "due_on": D(2026, 3, 2)},
    )  # fmt: skip
    assert log.engagement_reminders(today=D(2026, 3, 2)) == 0


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_a_persons_entries_are_in_their_data_and_erasing_them_keeps_the_councils_log(officer: User) -> None:
    from commoncause.accounts.erasure import person_erase
    from commoncause.accounts.selectors import data_held_about
    from commoncause.accounts.tests.cast import PASSWORD

    values = {"kind": "follow_up", "title": "Send the minutes", "on": D(2026, 3, 1), "due_on": D(2026, 3, 8)}
    kept = log.engagement_record(user=officer, council=council(), owner=officer, values=values)
    (held,) = data_held_about(officer)["engagement_log"]
    assert held["title"] == "Send the minutes"
    assert held["your_part"] == ["recorded it", "owns it"]
    person_erase(user=officer, password=PASSWORD)
    kept.refresh_from_db()
    assert kept.owner is None
    assert kept.created_by is None
    assert kept.title == "Send the minutes"


def test_the_organisation_page_lists_its_engagement_for_members_and_keepers_only(
    client: Client, officer: User, member_of_charity: User, charity: Organisation
) -> None:
    log.engagement_record(
        user=officer, council=council(), organisations=[charity],
        values={"kind": "meeting", "title": "Meeting about premises", "on": D(2026, 2, 1)},
    )  # fmt: skip
    page = f"/organisations/{ORG}/"
    assert "Meeting about premises" not in client.get(page).content.decode()
    client.force_login(member_of_charity)
    assert "Meeting about premises" in client.get(page).content.decode()
    client.force_login(officer)
    assert "Meeting about premises" in client.get(page).content.decode()
    client.force_login(person("someone@elsewhere.example"))
    assert "Meeting about premises" not in client.get(page).content.decode()
