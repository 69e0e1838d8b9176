"""A prepared register kept on disk (`var/cache/matching-corpus.npz`) with a stamp of what it was
prepared from, so that a web process starting, or one finding the register changed, reads the matrices
that another process (or `manage.py match_prepare`) prepared instead of preparing them again: a national
register takes about a minute to prepare and a few seconds to read.

Arrays only (`allow_pickle=False`): texts are kept as one UTF-8 buffer with their lengths. Written whole
to a new file and moved into place, so a process reading it never sees half of one. A file whose stamp
differs (the register changed, or the tags, the themes, the database or this format did) or that cannot
be read is ignored, never trusted.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from commoncause.matching.engine.corpus import Corpus

FORMAT = 1  # raised whenever what is kept changes shape
_MATRICES = ("text", "track", "tags", "classified", "themes", "areas")


def _texts_packed(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.fromiter((len(text) for text in texts), dtype=np.int64, count=len(texts))
    return np.frombuffer("".join(texts).encode("utf-8"), dtype=np.uint8), lengths


def _texts_unpacked(buffer: np.ndarray, lengths: np.ndarray) -> list[str]:
    joined = buffer.tobytes().decode("utf-8")
    ends = np.cumsum(lengths).tolist()
    return [joined[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def _strings(arrays: dict[str, np.ndarray], name: str, texts: Sequence[str]) -> None:
    arrays[f"{name}__text"], arrays[f"{name}__lengths"] = _texts_packed(texts)


def _strings_read(kept: Any, name: str) -> list[str]:
    return _texts_unpacked(kept[f"{name}__text"], kept[f"{name}__lengths"])


def corpus_save(corpus: Corpus, path: Path, stamp: str) -> None:
    """Keep a prepared corpus at `path`, stamped (its keys kept as text)."""
    arrays: dict[str, np.ndarray] = {"stamp": np.array(f"{FORMAT}|{stamp}")}
    for name in _MATRICES:
        matrix = sparse.csc_matrix(getattr(corpus, name))
        arrays[f"{name}__data"] = matrix.data
        arrays[f"{name}__indices"] = matrix.indices
        arrays[f"{name}__indptr"] = matrix.indptr
        arrays[f"{name}__shape"] = np.array(matrix.shape, dtype=np.int64)
    _strings(arrays, "keys", [str(key) for key in corpus.keys])
    _strings(arrays, "names", corpus.names)
    _strings(arrays, "org_ids", [id_ for ids in corpus.org_ids for id_ in ids])
    arrays["org_ids__count"] = np.fromiter((len(ids) for ids in corpus.org_ids), dtype=np.int32)
    _strings(arrays, "vocabulary", sorted(corpus.vocabulary, key=corpus.vocabulary.__getitem__))
    _strings(arrays, "area_codes", sorted(corpus.area_codes, key=corpus.area_codes.__getitem__))
    _strings(arrays, "tag_codes", corpus.tag_codes)
    _strings(arrays, "theme_codes", corpus.theme_codes)
    _strings(arrays, "legal_forms", [str(form) for form in corpus.legal_forms])
    arrays["income"], arrays["facts_day"] = corpus.income, corpus.facts_day
    arrays["grants"], arrays["services"] = corpus.grants, corpus.services
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)  # type: ignore[arg-type]
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def corpus_load(path: Path, stamp: str, key: Callable[[str], Any] = str) -> Corpus | None:
    """The corpus kept at `path` if it carries this stamp (its keys read back by `key`), else None."""
    try:
        with np.load(path, allow_pickle=False) as kept:
            if str(kept["stamp"]) != f"{FORMAT}|{stamp}":
                return None
            matrices = {
                name: sparse.csc_matrix(
                    (kept[f"{name}__data"], kept[f"{name}__indices"], kept[f"{name}__indptr"]),
                    shape=tuple(int(size) for size in kept[f"{name}__shape"]),
                )
                for name in _MATRICES
            }
            ids = _strings_read(kept, "org_ids")
            ends = np.cumsum(kept["org_ids__count"]).tolist()
            org_ids = [tuple(ids[start:end]) for start, end in zip([0, *ends], ends, strict=False)]
            return Corpus(
                keys=[key(text) for text in _strings_read(kept, "keys")],
                names=_strings_read(kept, "names"),
                org_ids=org_ids,
                vocabulary={word: at for at, word in enumerate(_strings_read(kept, "vocabulary"))},
                tag_codes=_strings_read(kept, "tag_codes"),
                theme_codes=_strings_read(kept, "theme_codes"),
                area_codes={code: at for at, code in enumerate(_strings_read(kept, "area_codes"))},
                income=kept["income"],
                facts_day=kept["facts_day"],
                legal_forms=np.array(_strings_read(kept, "legal_forms"), dtype=object),
                grants=kept["grants"],
                services=kept["services"],
                **matrices,
            )
    except (OSError, KeyError, ValueError, UnicodeDecodeError, zipfile.BadZipFile):
        return None


@contextmanager
def held(path: Path) -> Iterator[None]:
    """Hold the lock beside `path` (`<path>.lock`), so that processes finding the register changed at
    once prepare it once: the first prepares and keeps it, the others wait and read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
