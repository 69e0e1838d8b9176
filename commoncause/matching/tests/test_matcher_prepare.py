"""The register prepared for matching: `match_prepare` counts every description once and keeps the
counts, and a change to the register is matched without restarting."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from commoncause.accounts.models import AuditAction
from commoncause.accounts.services import audit_record
from commoncause.matching.engine.corpus import corpus_build
from commoncause.matching.engine.rank import Query
from commoncause.matching.matcher import forget, known_words, matches, prepared_corpus
from commoncause.matching.tag_store import counts_load, store_path
from commoncause.register.models import Organisation

pytestmark = pytest.mark.django_db


def test_match_prepare_counts_every_description_once_and_keeps_them(
    charity: Organisation, tmp_path: Path
) -> None:
    live = Organisation.objects.listed().exclude(status__in=("removed", "dissolved")).count()
    with override_settings(VAR_DIR=tmp_path):
        out = io.StringIO()
        call_command("match_prepare", stdout=out)
        assert f"Prepared {live:,} organisations for matching" in out.getvalue()
        assert len(counts_load(store_path(known_words().tags))) >= live - 5  # a few share a description
        forget()
        assert len(prepared_corpus()) == live


def test_a_change_to_the_register_is_matched_once_it_is_audited(
    charity: Organisation, tmp_path: Path
) -> None:
    with override_settings(VAR_DIR=tmp_path, MATCHING_REFRESH_SECONDS=0):
        need = Query(text="Rescue and rehoming for neglected donkeys")
        assert charity.pk not in [match.key for match in matches(need, limit=3)]
        Organisation.objects.filter(pk=charity.pk).update(
            activities="We rescue and rehome neglected donkeys."
        )
        audit_record(actor=None, action=AuditAction.UPDATE, target=charity, note="activities changed")
        assert matches(need, limit=1)[0].key == charity.pk


def _never(**_: object) -> None:
    raise AssertionError("prepared again, when the kept one should have been read")


def test_a_process_reads_the_register_match_prepare_kept_instead_of_preparing_it(
    charity: Organisation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commoncause.matching import matcher

    need = Query(text="Support for people with learning disabilities and their carers")
    fresh = [(match.key, match.score) for match in matches(need, limit=5)]
    with override_settings(VAR_DIR=tmp_path, MATCHING_KEEP_PREPARED=True):
        call_command("match_prepare", stdout=io.StringIO())
        assert (tmp_path / "cache" / "matching-corpus.npz").exists()
        forget()
        monkeypatch.setattr(matcher, "corpus_prepare", _never)
        assert [(match.key, match.score) for match in matches(need, limit=5)] == fresh
        assert charity.pk in prepared_corpus().position  # keys read back as the register's own


def test_a_kept_register_is_not_read_once_the_register_changed(charity: Organisation, tmp_path: Path) -> None:
    need = Query(text="Rescue and rehoming for neglected donkeys")
    with override_settings(VAR_DIR=tmp_path, MATCHING_KEEP_PREPARED=True, MATCHING_REFRESH_SECONDS=0):
        call_command("match_prepare", stdout=io.StringIO())
        Organisation.objects.filter(pk=charity.pk).update(
            activities="We rescue and rehome neglected donkeys."
        )
        audit_record(actor=None, action=AuditAction.UPDATE, target=charity, note="activities changed")
        forget()
        assert matches(need, limit=1)[0].key == charity.pk


def test_matchings_own_records_are_not_a_change_to_the_register(charity: Organisation) -> None:
    from commoncause.matching import matcher

    before = matcher.version_now()
    audit_record(actor=None, action=AuditAction.CREATE, target_type="matching.need", target_id="1")
    assert matcher.version_now() == before
    audit_record(actor=None, action=AuditAction.UPDATE, target=charity)
    assert matcher.version_now() != before


def test_a_large_register_is_prepared_again_beside_the_requests(
    charity: Organisation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until the new one is ready, the one before answers: no request waits a national register's
    preparing."""
    from commoncause.matching import matcher

    old = prepared_corpus()
    new = corpus_build([], known_words().tags, {})
    started: list[_Now] = []
    monkeypatch.setattr(matcher, "BACKGROUND_FROM", 0)
    monkeypatch.setattr(matcher, "corpus_prepare", lambda **_: new)
    monkeypatch.setattr(threading, "Thread", lambda target, args, daemon: _Now(target, args, started))
    with override_settings(MATCHING_REFRESH_SECONDS=0):
        audit_record(actor=None, action=AuditAction.UPDATE, target=charity)
        assert prepared_corpus() is old  # answered at once, from the one before
        assert prepared_corpus() is old  # and again while the new one is made: no second thread
        (thread,) = started
        thread.run()
        assert prepared_corpus() is new


_THREAD = threading.Thread


class _Now:
    """A thread the test runs when it chooses (so it need not wait for one)."""

    def __init__(self, target, args, started) -> None:  # type: ignore[no-untyped-def]
        self.target, self.args, self.started = target, args, started

    def start(self) -> None:
        self.started.append(self)

    def run(self) -> None:
        """Run it in a thread of its own (whose database connection it closes), and wait for it."""
        thread = _THREAD(target=self.target, args=self.args)
        thread.start()
        thread.join()
