"""The engine over the register: one prepared corpus per process, rebuilt when the register changed,
and the calls the pages and the API make (`matches`, `explain`).

Every change to the register leaves an audit entry, so the newest entry's number and the count of
organisations say whether the corpus is out of date; that is asked at most once in
`MATCHING_REFRESH_SECONDS`. Preparing a register counts UK-CAT's pattern matches of each description
not counted before (`tag_store`): `manage.py match_prepare` does it for a national register in forked
workers, after an import; a process then only reads them. The prepared register itself is kept too
(`corpus_store`, with `MATCHING_KEEP_PREPARED`), stamped with the register's version, so that a process
starting or finding the register changed reads what another prepared rather than preparing it again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from uuid import UUID

from django.conf import settings
from django.db import connection

from commoncause.accounts.models import AuditEntry
from commoncause.matching.corpus_store import corpus_load, corpus_save, held
from commoncause.matching.engine.concepts import Lexicon, evoked, lexicon
from commoncause.matching.engine.corpus import Corpus, corpus_build
from commoncause.matching.engine.rank import Match, Query, rank
from commoncause.matching.engine.rank import explain as engine_explain
from commoncause.matching.engine.weights import Weights, weights_from
from commoncause.matching.organisations import organisation_docs
from commoncause.matching.tag_store import counts_for, store_path
from commoncause.places.models import Area, AreaType
from commoncause.places.themes import themes
from commoncause.register.models import Organisation

_lock = threading.Lock()


# A register this large is prepared again beside the requests (they are answered from the one before
# until it is ready), not in the request that finds it changed.
BACKGROUND_FROM = 20_000


@dataclass
class _Cached:
    corpus: Corpus | None = None
    version: tuple[int, int] | None = None
    checked: float = 0.0
    rebuilding: bool = False


_state = _Cached()


def known_words() -> Lexicon:
    return lexicon(Path(settings.DATA_DIR))


def weights() -> Weights:
    overrides = settings.MATCHING_WEIGHTS
    return weights_from(overrides if isinstance(overrides, dict) else None)


def version_now() -> tuple[int, int]:
    """The newest change to the register (matching's own records, needs and approaches, are not the
    register) and the count of its organisations."""
    changes = AuditEntry.objects.exclude(target_type__startswith="matching.").order_by("-pk")
    newest = changes.values_list("pk", flat=True).first() or 0
    return newest, Organisation.objects.listed().count()


def kept_path() -> Path:
    return Path(settings.VAR_DIR) / "cache" / "matching-corpus.npz"


def _stamp(version: tuple[int, int]) -> str:
    """What a kept corpus must have been prepared from to be used: this database, the register at this
    version (with the time of its newest change, which a number reused after a rollback does not
    share), these tags' patterns and these themes."""
    newest = AuditEntry.objects.filter(pk=version[0]).values_list("at", flat=True).first()
    database = connection.settings_dict
    themed = ";".join(f"{theme.code}={','.join(theme.ukcat)}" for theme in themes() if theme.ukcat)
    return "|".join(
        str(part)
        for part in (
            connection.vendor, database["NAME"], database.get("HOST", ""), database.get("PORT", ""),
            *version, newest.isoformat() if newest else "", store_path(known_words().tags).stem, themed,
        )
    )  # fmt: skip


def corpus_current(version: tuple[int, int], *, parallel: bool = False) -> Corpus:
    """The register at `version`, prepared: read from what is kept if it was prepared from the same,
    else prepared (`corpus_prepare`) and kept. One process at a time prepares it."""
    if not settings.MATCHING_KEEP_PREPARED:
        return corpus_prepare(parallel=parallel)
    path, stamp = kept_path(), _stamp(version)
    with held(path):
        corpus = corpus_load(path, stamp, key=UUID)
        if corpus is None:
            corpus = corpus_prepare(parallel=parallel)
            corpus_save(corpus, path, stamp)
    return corpus


def prepared_corpus() -> Corpus:
    """The register, prepared for matching (built or brought up to date when needed: a large one beside
    the requests, which the one before answers meanwhile)."""
    with _lock:
        corpus = _state.corpus
        if corpus is not None and time.monotonic() - _state.checked < settings.MATCHING_REFRESH_SECONDS:
            return corpus
        version = version_now()
        _state.checked = time.monotonic()
        if corpus is not None and version == _state.version:
            return corpus
        if corpus is None or len(corpus) < BACKGROUND_FROM:
            corpus = corpus_current(version)
            _state.corpus, _state.version = corpus, version
        elif not _state.rebuilding:
            _state.rebuilding = True
            threading.Thread(target=_prepare_beside, args=(version,), daemon=True).start()
        return corpus


def _prepare_beside(version: tuple[int, int]) -> None:
    try:
        corpus = corpus_current(version)
        with _lock:
            _state.corpus, _state.version = corpus, version
    finally:
        with _lock:
            _state.rebuilding = False
        connection.close()  # this thread's own connection


def corpus_prepare(*, parallel: bool = False) -> Corpus:
    """The register prepared from the database: its descriptions' UK-CAT counts read from the store,
    those new or changed counted (in forked workers with `parallel`) and kept."""
    tags = known_words().tags
    docs = organisation_docs()
    counts = counts_for([f"{doc.name} {doc.text}" for doc in docs], tags, parallel=parallel)
    docs = [replace(doc, tag_counts=held) for doc, held in zip(docs, counts, strict=True)]
    theme_tags = {theme.code: theme.ukcat for theme in themes() if theme.ukcat}
    return corpus_build(docs, tags, theme_tags)


def forget() -> None:
    """Drop the prepared corpus (tests, and after a change that must show at once)."""
    with _lock:
        _state.corpus, _state.version, _state.checked = None, None, 0.0


def matches(query: Query, limit: int = 10) -> list[Match]:
    """The best organisations of the register for a need, with their reasons."""
    return rank(prepared_corpus(), query, known_words(), weights(), limit=limit)


def explain(query: Query, organisation_id: UUID) -> tuple[Match, list[str]] | None:
    """Why an organisation is where it is for a need, or not there at all (the rules it fails)."""
    return engine_explain(prepared_corpus(), query, organisation_id, known_words(), weights())


WIDER_FIT = 0.5  # working across the council of a ward asked for, or in another of its wards


def area_fits(codes: Iterable[str]) -> tuple[dict[str, float], dict[str, str]]:
    """The areas a need names (GSS codes of councils or wards) as the engine's area fits, with names:
    a council and each of its wards fit fully; for a ward, the ward fully and its council less."""
    wanted = list(dict.fromkeys(code.strip().upper() for code in codes if code.strip()))
    fits: dict[str, float] = {}
    names: dict[str, str] = {}
    for area in Area.objects.filter(code__in=wanted).order_by("-vintage"):
        names.setdefault(area.code, area.name)
        fits[area.code] = 1.0
        if area.area_type == AreaType.WARD and area.parent_code:
            fits.setdefault(area.parent_code, WIDER_FIT)
        elif area.area_type != AreaType.WARD:
            for ward_code, ward_name in Area.objects.filter(
                parent_code=area.code, area_type=AreaType.WARD
            ).values_list("code", "name"):
                fits[ward_code] = 1.0
                names.setdefault(ward_code, ward_name)
    for code in wanted:  # a code places does not hold still counts, by itself
        fits.setdefault(code, 1.0)
    for parent in [code for code, fit in fits.items() if fit < 1.0 and code not in names]:
        council = Area.objects.filter(code=parent).order_by("-vintage").first()
        if council is not None:
            names[parent] = council.name
    return fits, names


def who_labels() -> dict[str, str]:
    """The themes a need can ask for, by code (who it helps first)."""
    return {theme.code: theme.label for theme in themes()}


def who_codes(values: Iterable[str]) -> list[str]:
    """The themes named by these values: a theme's code or label as it is, any other words by the tags
    they evoke ('pensioners' → older)."""
    every = themes()
    by_name = {theme.code: theme.code for theme in every} | {
        theme.label.casefold(): theme.code for theme in every
    }
    found: list[str] = []
    for value in values:
        code = by_name.get(value.strip().casefold())
        if code is not None:
            codes = [code]
        else:
            tags = evoked(value, known_words()).tags
            codes = [
                theme.code
                for theme in every
                if theme.ukcat and any(tag.startswith(theme.ukcat) for tag in tags)
            ]
        found.extend(code for code in codes if code not in found)
    return found
