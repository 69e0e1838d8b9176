"""A prepared corpus kept on disk reads back as it was, and only under the stamp it was kept with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from uuid import UUID, uuid4

import numpy as np
import pytest

from commoncause.matching.corpus_store import corpus_load, corpus_save
from commoncause.matching.engine.corpus import Corpus, OrgDoc, corpus_build
from commoncause.matching.engine.rank import Query, rank
from commoncause.matching.engine.weights import Weights
from commoncause.matching.tests.engine_samples import known, sample_rows


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    docs = [
        OrgDoc(
            key=uuid4(),
            name=row["name"],
            text=f"{row['activities']} {row['objects']}",
            org_ids=(org_id, f"GB-COH-{index:08d}") if index % 3 == 0 else (org_id,),
            areas=frozenset({"E09000033"} if index % 2 else {"E05013806", "E09000033"}),
            income=None if index % 5 == 0 else float(row["income"] or 0),
            legal_form="Charitable company" if index % 4 == 0 else "",
            facts_date=None if index % 7 == 0 else dt.date(2024, 3, 31),
            track="grants for lunch clubs for older people" if index % 6 == 0 else "",
            grants=index % 6 == 0,
            services=index % 9,
        )
        for index, (org_id, row) in enumerate(sorted(sample_rows().items())[:300])
    ]
    return corpus_build(docs, known().tags, {"older": ("BE108",), "children": ("BE102", "BE114")})


def test_a_kept_corpus_reads_back_as_it_was_kept(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "kept.npz"
    corpus_save(corpus, path, "register 7")
    read = corpus_load(path, "register 7", key=UUID)
    assert read is not None
    for name in ("keys", "names", "org_ids", "vocabulary", "tag_codes", "theme_codes", "area_codes"):
        assert getattr(read, name) == getattr(corpus, name), name
    for name in ("text", "track", "tags", "classified", "themes", "areas"):
        assert (getattr(read, name) != getattr(corpus, name)).nnz == 0, name
    for name in ("income", "facts_day", "grants", "services"):
        np.testing.assert_array_equal(getattr(read, name), getattr(corpus, name))
    assert list(read.legal_forms) == list(corpus.legal_forms)
    need = Query(
        text="Lunch clubs and company for lonely older people", areas={"E05013806": 1.0}, budget=5000
    )
    assert rank(read, need, known(), Weights()) == rank(corpus, need, known(), Weights())


def test_a_kept_corpus_is_read_only_under_its_own_stamp(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "kept.npz"
    corpus_save(corpus, path, "register 7")
    assert corpus_load(path, "register 8") is None
    assert corpus_load(tmp_path / "none.npz", "register 7") is None


def test_a_damaged_kept_corpus_is_ignored(corpus: Corpus, tmp_path: Path) -> None:
    path = tmp_path / "kept.npz"
    corpus_save(corpus, path, "register 7")
    path.write_bytes(path.read_bytes()[:5000])
    assert corpus_load(path, "register 7") is None
    assert not list(tmp_path.glob("tmp*"))  # no half-written file left


def test_names_of_any_script_and_an_empty_register_keep(tmp_path: Path) -> None:
    docs = [OrgDoc(key=uuid4(), name="Cymdeithas Gymraeg Caerdydd — 中文 ☕", text="Welsh language classes")]
    for kept in (corpus_build(docs, known().tags, {}), corpus_build([], known().tags, {})):
        corpus_save(kept, tmp_path / "kept.npz", "s")
        read = corpus_load(tmp_path / "kept.npz", "s", key=UUID)
        assert read is not None
        assert read.names == kept.names
        assert len(read) == len(kept)
