"""UK-CAT's patterns over descriptions: tried only where they may match, counted as often as they do,
and kept by each description's hash so a register is counted once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import override_settings

from commoncause.matching.engine.tagging import candidate_tags, count_tags, text_hash
from commoncause.matching.tag_store import counts_for, counts_load, store_path
from commoncause.matching.tests.engine_samples import HORSE_SANCTUARY, known, sample_rows


def _text(org_id: str) -> str:
    row = sample_rows()[org_id]
    return f"{row['name']} {row['activities']} {row['objects']}"


def test_a_pattern_counts_each_match_and_only_candidates_are_tried() -> None:
    tags = known().tags
    text = _text(HORSE_SANCTUARY)  # horses, ponies, donkeys and mules
    counts = dict(count_tags(text, tags))
    assert counts["AN104"] >= 2  # horses and ponies
    assert counts["AN103"] >= 2  # donkeys and mules
    assert "RL200" not in candidate_tags(text, tags)  # nothing Christian in it: not even tried


def test_counting_by_candidates_finds_what_every_pattern_over_every_text_finds() -> None:
    """The shortcut loses little: over 400 real descriptions, every tag a pattern matches is counted,
    but where the match is only an abbreviation ("W.I", "TV", "C of E") or a word the matcher drops as empty
    ("association", "organisations")."""
    tags = known().tags
    empty_only = {"AS", "CV"}  # tags found by words like "association" and "organisations" alone
    for row in list(sample_rows().values())[:400]:
        text = f"{row['name']} {row['activities']} {row['objects']}"
        counted = {code for code, _ in count_tags(text, tags)}
        for code, tag in tags.items():
            if tag.pattern is None or code in empty_only or (tag.exclude and tag.exclude.search(text)):
                continue
            match = tag.pattern.search(text)
            if match and any(len(word) > 3 for word in re.findall("[a-z]+", match.group(0).lower())):
                assert code in counted, (row["org_id"], code, match.group(0))


def test_counts_are_kept_by_the_texts_hash_and_read_back(tmp_path: Path) -> None:
    tags = known().tags
    texts = [_text(HORSE_SANCTUARY), "A choir for the village"]
    with override_settings(VAR_DIR=tmp_path):
        first = counts_for(texts, tags)
        path = store_path(tags)
        assert path.is_file()
        kept = counts_load(path)
        assert kept[text_hash(texts[0])] == first[0]
        assert counts_for(texts, tags) == first  # read, not counted again
    assert text_hash("a") != text_hash("b")


def test_a_store_that_cannot_be_read_is_as_none(tmp_path: Path) -> None:
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a store")
    assert counts_load(broken) == {}
    assert counts_load(tmp_path / "missing.npz") == {}


@pytest.mark.parametrize("parallel", [False, True])
def test_many_texts_are_counted_alike_here_or_in_workers(tmp_path: Path, parallel: bool) -> None:
    tags = known().tags
    texts = [f"{row['name']} {row['activities']} ({copy})" for row in sample_rows().values() for copy in "ab"]
    with override_settings(VAR_DIR=tmp_path / str(parallel)):
        counted = counts_for(texts, tags, parallel=parallel, save=False)
    assert counted[:50] == [count_tags(text, tags) for text in texts[:50]]
    assert len(counted) == len(texts)
