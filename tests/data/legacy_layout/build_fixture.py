"""Build the legacy-layout fixture: a register made by the code as it stood before the apps were split.

Run once, on that code, with an empty database:
    DATABASE_URL=sqlite:////tmp/legacy.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/legacy.sqlite3 python tests/data/legacy_layout/build_fixture.py
It loads the demo register and a real funder's 360Giving file, then takes each step a person would
(memberships, statements, new groups, invitations, contacts, curators' decisions on pairs, a link of
two records), and writes every row (`rows.json.gz`) and the answers to a set of searches
(`searches.json`) so a test can migrate the same rows forward and ask the same questions.
"""

import gzip
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core import serializers  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from commoncause.accounts.tests.cast import person, staff  # noqa: E402
from commoncause.register import groups, invitations, link_queue, linking, membership, profile_edits  # noqa: E402
from commoncause.register.models import LinkCandidate, LinkStatus  # noqa: E402
from commoncause.register.selectors import organisation_by_identifier, organisation_search  # noqa: E402
from commoncause.register.selectors import search_query_from_params  # noqa: E402
from commoncause.relationships import services as contacts  # noqa: E402

SEARCHES = [
    {"q": ["cancer"]},
    {"q": ["community"]},
    {"q": ["GB-NIC-100002"]},
    {"q": ["trust"], "sort": ["income"]},
    {"q": ["youth"], "legal_form": ["Charitable incorporated organisation"]},
    {"funder": ["GB-CHC-1015648"]},
    {"q": ["music"], "funder": ["GB-CHC-1015648"]},
    {"q": ["theatre"]},
    {"status": ["removed"]},
    {"q": ["friends of"]},
]


def people():
    return {
        "curator": staff("curator@cvs.example", "curator"),
        "officer": staff("officer@council.example", "officer"),
        "member": person("member@charity.example"),
        "second": person("second@charity.example"),
        "refused": person("refused@elsewhere.example"),
        "grouper": person("grouper@group.example"),
    }


def self_service(cast) -> None:
    charity = organisation_by_identifier("GB-NIC-100002")
    other = organisation_by_identifier("GB-NIC-100005") or organisation_by_identifier("GB-NIC-100012")
    joined = membership.membership_request(user=cast["member"], organisation=charity, message="trustee")
    membership.membership_decide(curator=cast["curator"], membership=joined, approve=True)
    membership.membership_request(user=cast["second"], organisation=charity, message="volunteer")
    refused = membership.membership_request(user=cast["refused"], organisation=other, message="?")
    membership.membership_decide(curator=cast["curator"], membership=refused, approve=False, reason="Unknown")
    values = {"description": "We run a lunch club.", "offers": "Meals", "website": "https://example.org"}
    edit = profile_edits.profile_edit_propose(user=cast["member"], organisation=charity, values=values)
    profile_edits.profile_edit_decide(curator=cast["curator"], edit=edit, approve=True)
    edit = profile_edits.profile_edit_propose(
        user=cast["member"], organisation=charity, values={**values, "offers": "Meals and a minibus"}
    )
    profile_edits.profile_edit_decide(curator=cast["curator"], edit=edit, approve=True)
    profile_edits.profile_edit_propose(
        user=cast["member"], organisation=charity, values={**values, "offers": "Meals, minibus, garden"}
    )
    invitations.member_invite(
        user=cast["member"], organisation=charity, email="colleague@charity.example", base_url="http://x"
    )
    contacts.contact_propose(
        user=cast["member"],
        organisation=charity,
        values={
            "name": "Ada Example", "role": "Chair", "email": "ada@charity.example", "phone": "",
            "is_senior": "yes", "purpose": "partnership", "lawful_basis": "legitimate_interests",
        },
    )  # fmt: skip


def new_groups_and_links(cast) -> None:
    charity = organisation_by_identifier("GB-NIC-100002")
    values = {"description": "A walking group.", "offers": "Walks"}
    proposal = groups.group_propose(user=cast["grouper"], name="Lagan Walkers", postcode="BT1 5GS", values=values)
    groups.group_decide(curator=cast["curator"], proposal=proposal, approve=True)
    groups.group_propose(user=cast["grouper"], name="Lagan Singers", postcode="BT1 5GS", values=values)
    proposal.refresh_from_db()
    # The approved group later registers: a curator links it into the charity, statement versions and all.
    linking.organisation_link(curator=cast["curator"], source=proposal.organisation, target=charity, reason="Same")
    waiting = list(LinkCandidate.objects.filter(status=LinkStatus.PENDING).order_by("pk")[:3])
    if waiting:
        link_queue.confirm(candidate=waiting[0], curator=cast["curator"], reason="Same body")
    if len(waiting) > 1:
        link_queue.reject(candidate=waiting[1], curator=cast["curator"], reason="Different bodies")
    automatic = LinkCandidate.objects.filter(status=LinkStatus.AUTO).order_by("pk").first()
    if automatic is not None:  # one automatic link a curator undid
        link_queue.split(candidate=automatic, curator=cast["curator"])


def search_answers() -> list[dict]:
    answers = []
    for params in SEARCHES:
        results = organisation_search(search_query_from_params(params))
        answers.append(
            {"params": params, "count": results.count, "ids": [str(hit.id) for hit in results.items]}
        )
    return answers


def main() -> None:
    call_command("load_demo_data")
    grants = HERE.parents[1] / "data" / "grants" / "alwf-360giving-grants-2021-02.json"
    call_command("import_source", "360giving", str(grants), no_progress=True)
    cast = people()
    self_service(cast)
    new_groups_and_links(cast)
    skip = {"contenttypes", "sessions", "admin", "auth.Permission", "axes"}
    from django.apps import apps

    models = [
        m
        for m in apps.get_models()
        if m._meta.app_label not in skip and m._meta.label not in skip and m._meta.managed
    ]
    data = serializers.serialize("json", [row for m in models for row in m._default_manager.order_by("pk")])
    with gzip.open(HERE / "rows.json.gz", "wt", encoding="utf-8") as out:
        out.write(data)
    tables = {}
    with connection.cursor() as cursor:
        for m in models:
            cursor.execute(f'SELECT COUNT(*) FROM "{m._meta.db_table}"')  # noqa: S608
            tables[m._meta.db_table] = cursor.fetchone()[0]
    summary = {"tables": tables, "searches": search_answers()}
    (HERE / "searches.json").write_text(json.dumps(summary, indent=1, sort_keys=True) + "\n")
    print(json.dumps(tables, indent=1))


if __name__ == "__main__":
    main()
