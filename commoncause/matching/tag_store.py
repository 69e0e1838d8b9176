"""UK-CAT's pattern matches of each organisation's description, kept on disk by the description's hash
(`var/cache/matching-tags-<patterns>.npz`, named by a fingerprint of the patterns, so new patterns start
a new file), so a register is counted once: preparing it again counts only the descriptions new or
changed since. Written whole to a new file and moved into place, so a process reading it never sees
half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
from django.conf import settings

from commoncause.core.parallel import can_fork_workers, each_in_workers
from commoncause.matching.engine.concepts import Tag
from commoncause.matching.engine.tagging import Counts, count_all, text_hash

CHUNK = 2_000  # descriptions counted by a worker at a time
_worker_tags: list[dict[str, Tag]] = []  # the tags, for forked workers to inherit


def store_path(tags: dict[str, Tag]) -> Path:
    """Where the counts of these tags' patterns are kept."""
    patterns = "\n".join(
        f"{code}\t{tag.pattern.pattern if tag.pattern else ''}\t{tag.exclude.pattern if tag.exclude else ''}"
        for code, tag in sorted(tags.items())
    )
    return Path(settings.VAR_DIR) / "cache" / f"matching-tags-{text_hash(patterns).hex()[:16]}.npz"


def counts_load(path: Path) -> dict[bytes, Counts]:
    """Every description's counts kept, by hash (none if nothing is kept or the file is not readable)."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            hashes, ends, codes, counts, names = (
                kept["hashes"], kept["ends"], kept["codes"], kept["counts"], kept["names"]
            )  # fmt: skip
    except (OSError, KeyError, ValueError):
        return {}
    found: dict[bytes, Counts] = {}
    start = 0
    for key, end in zip(hashes, ends, strict=True):
        found[bytes(key)] = tuple((str(names[codes[at]]), int(counts[at])) for at in range(start, int(end)))
        start = int(end)
    return found


def counts_save(kept: dict[bytes, Counts], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    names = sorted({code for counts in kept.values() for code, _ in counts})
    number = {code: at for at, code in enumerate(names)}
    ends: list[int] = []
    codes: list[int] = []
    counts: list[int] = []
    for held in kept.values():
        codes.extend(number[code] for code, _ in held)
        counts.extend(found for _, found in held)
        ends.append(len(codes))
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    os.close(handle)
    np.savez(
        temporary,
        hashes=np.array(list(kept), dtype="S12"),
        ends=np.array(ends, dtype=np.int64),
        codes=np.array(codes, dtype=np.int32),
        counts=np.array(counts, dtype=np.int32),
        names=np.array(names, dtype=str),
    )
    os.replace(temporary, path)


def _count_chunk(texts: list[str]) -> list[Counts]:
    return count_all(texts, _worker_tags[0])


def counts_for(
    texts: Sequence[str], tags: dict[str, Tag], *, parallel: bool = False, save: bool = True
) -> list[Counts]:
    """The counts of each text: kept ones read, the others counted (in forked workers with `parallel`
    on a machine with a second core) and, with `save`, kept."""
    path = store_path(tags)
    kept = counts_load(path)
    keys = [text_hash(text) for text in texts]
    missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in kept}
    if missing:
        counted = _counted(list(missing.values()), tags, parallel=parallel)
        kept.update(zip(missing, counted, strict=True))
        if save:
            counts_save(kept, path)
    return [kept[key] for key in keys]


def _counted(texts: list[str], tags: dict[str, Tag], *, parallel: bool) -> Iterable[Counts]:
    if not parallel or len(texts) < 2 * CHUNK or not can_fork_workers():
        return count_all(texts, tags)
    _worker_tags[:] = [tags]
    chunks = [texts[start : start + CHUNK] for start in range(0, len(texts), CHUNK)]
    return [counts for chunk in each_in_workers(_count_chunk, chunks, workers=2) for counts in chunk]
