"""Signing up, signing in by email, lockout after repeated failures, and resetting a password."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail

from commoncause.accounts.models import AuditEntry
from commoncause.accounts.tests.cast import PASSWORD, person

pytestmark = pytest.mark.django_db

SIGN_UP = "/accounts/sign-up/"
SIGN_IN = "/accounts/sign-in/"


def sign_up(client, **changes):
    data = {
        "full_name": "Ada Moss",
        "email": "Ada.Moss@Example.org",
        "password": PASSWORD,
        "password_again": PASSWORD,
        **changes,
    }
    return client.post(SIGN_UP, data)


def test_signing_up_makes_an_account_keyed_on_the_email_signs_in_and_is_audited(client):
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/"
    user = User.objects.get(username="ada.moss@example.org")
    assert (user.email, user.first_name, user.last_name) == ("ada.moss@example.org", "Ada", "Moss")
    assert user.check_password(PASSWORD)
    assert "ada.moss@example.org" in client.get("/accounts/").content.decode()
    entry = AuditEntry.objects.get(target_type="auth.user", target_id=str(user.pk))
    assert (entry.action, entry.actor_label) == ("create", "ada.moss@example.org")
    assert entry.after["email"] == "ada.moss@example.org"
    assert "password" not in entry.after


def test_a_weak_password_is_refused_naming_the_field_and_keeping_what_was_typed(client):
    response = sign_up(client, password="password", password_again="password")

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert '<a href="#id_password">' in html
    assert 'value="Ada.Moss@Example.org"' in html
    assert 'value="Ada Moss"' in html
    assert not User.objects.exists()


def test_a_second_account_for_the_same_address_is_refused(client):
    person("ada.moss@example.org")
    response = sign_up(client)
    assert "An account with this email address already exists." in response.content.decode()
    assert User.objects.count() == 1


def test_mismatched_passwords_are_refused(client):
    response = sign_up(client, password_again=PASSWORD + "x")
    assert "Enter the same password again." in response.content.decode()


def test_sign_in_takes_the_email_in_any_case(client):
    person("curator@cvs.example")
    response = client.post(SIGN_IN, {"username": " Curator@CVS.example ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/").status_code == 200


def test_five_wrong_passwords_lock_the_address_even_for_the_right_one(client):
    person("curator@cvs.example")
    for _ in range(5):
        failed = client.post(SIGN_IN, {"username": "curator@cvs.example", "password": "wrong"})
        assert failed.status_code in (200, 429)
    locked = client.post(SIGN_IN, {"username": "CURATOR@cvs.example", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Sign-in locked for 15 minutes" in locked.content.decode()
    assert client.get("/accounts/").status_code == 302


def test_a_password_reset_link_by_email_sets_a_new_password(client):
    user = person("member@charity.example")
    response = client.post("/accounts/password-reset/", {"email": "member@charity.example"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert len(mail.outbox) == 1
    found = re.search(r"https?://[^/]+(/accounts/password-reset/\S+/)", str(mail.outbox[0].body))
    assert found, "the email holds the link"
    link = found.group(1)

    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    new_password = "a brand new long passphrase"
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_officer_account_links_to_their_councils_area(client, officer):
    client.force_login(officer)
    page = client.get("/accounts/").content.decode()
    assert "Council officer for Belfast City Council" in page
    assert "/search/?area=N09000003" in page
