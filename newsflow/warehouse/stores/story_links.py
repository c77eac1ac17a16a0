"""Stories in the warehouse: each article text's fingerprint is stored, and articles whose texts are near
duplicates get one story_id.

Incremental: new texts meet stored ones by a join on LSH band keys (`story_keys`), and only the candidates'
signatures are read; no text of the archive is read again. Linking only merges: a story keeps the id of its
first-seen article, and two stories that a new copy links become one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pyarrow as pa

from newsflow.articles import minhash as stories
from newsflow.records import ArticleRecord, Fingerprint
from newsflow.warehouse.keys import IN_KEYS, packed

ENGLISH = "en"


class StoryText(NamedTuple):  # a tuple: one is made per article stored, 50,000 in a bulk upsert
    article_id: str
    space: str  # the text's language for an original, "en" for English text (original or translated)
    text: str


def original_texts(articles: Sequence[ArticleRecord]) -> list[StoryText]:
    return [StoryText(a.article_id, a.lang, a.text) for a in articles]


def link(con: Any, texts: Sequence[StoryText], known: Mapping[str, Fingerprint | None] | None = None) -> None:
    """Store the texts' fingerprints and link their articles into stories, inside the caller's transaction.

    `known` holds fingerprints of these very texts computed earlier (the process stage's, of the original
    texts), by article id; the rest are computed here.
    """
    if not texts:
        return
    ids = sorted({t.article_id for t in texts})
    con.execute(
        f"UPDATE articles SET story_id = article_id WHERE story_id IS NULL AND article_id {IN_KEYS}", [packed(ids)]
    )
    prints = _fingerprints(texts, known or {})
    # Texts stored with the same signature were linked when they were stored: a rerun does no work.
    stored = _stored_signatures(con, ids)
    changed = [t for t in texts if stored.get((t.article_id, t.space)) != _signature(prints, t)]
    fresh = {key: fp for key, fp in prints.items() if stored.get(key) != fp.signature}
    _replace(con, changed, fresh)
    if fresh:
        _merge(con, _similar_pairs(con, fresh))


def _signature(prints: Mapping[tuple[str, str], Fingerprint], text: StoryText) -> bytes | None:
    found = prints.get((text.article_id, text.space))
    return found.signature if found else None


def _stored_signatures(con: Any, ids: Sequence[str]) -> dict[tuple[str, str], bytes]:
    rows = con.execute(
        f"SELECT article_id, space, signature FROM story_signatures WHERE article_id {IN_KEYS}", [packed(ids)]
    ).fetchall()
    return {(aid, space): bytes(signature) for aid, space, signature in rows}


def _fingerprints(
    texts: Sequence[StoryText], known: Mapping[str, Fingerprint | None]
) -> dict[tuple[str, str], Fingerprint]:
    out: dict[tuple[str, str], Fingerprint] = {}
    for t in texts:
        found = known[t.article_id] if t.article_id in known else stories.fingerprint(t.text)
        if found is not None:
            out[(t.article_id, t.space)] = found
    return out


def _replace(con: Any, texts: Sequence[StoryText], prints: Mapping[tuple[str, str], Fingerprint]) -> None:
    """Drop the stored fingerprints of these texts and store the new ones."""
    batch = pa.table({"article_id": [t.article_id for t in texts], "space": [t.space for t in texts]})
    keys = pa.table(
        {
            "article_id": [aid for (aid, _), fp in prints.items() for _ in fp.keys],
            "space": [space for (_, space), fp in prints.items() for _ in fp.keys],
            "band": pa.array([band for fp in prints.values() for band in range(len(fp.keys))], pa.int16()),
            "key": pa.array([key for fp in prints.values() for key in fp.keys], pa.int64()),
        }
    )
    signatures = pa.table(
        {
            "article_id": [aid for aid, _ in prints],
            "space": [space for _, space in prints],
            "signature": pa.array([fp.signature for fp in prints.values()], pa.binary()),
        }
    )
    con.register("story_batch", batch)
    con.register("story_new_keys", keys)
    con.register("story_new_signatures", signatures)
    try:
        for table in ("story_keys", "story_signatures"):
            con.execute(
                f"DELETE FROM {table} USING story_batch b "
                f"WHERE {table}.article_id = b.article_id AND {table}.space = b.space"
            )
        con.execute("INSERT INTO story_keys SELECT article_id, space, band, key FROM story_new_keys")
        con.execute("INSERT INTO story_signatures SELECT article_id, space, signature FROM story_new_signatures")
    finally:
        for name in ("story_batch", "story_new_keys", "story_new_signatures"):
            con.unregister(name)


def _similar_pairs(con: Any, prints: Mapping[tuple[str, str], Fingerprint]) -> list[tuple[str, str]]:
    """Pairs of articles (a new text and a stored or new one) whose texts in one space are near duplicates."""
    ids = sorted({aid for aid, _ in prints})
    candidates = con.execute(
        "SELECT DISTINCT n.article_id, n.space, k.article_id FROM story_keys n JOIN story_keys k "
        "ON k.space = n.space AND k.band = n.band AND k.key = n.key "
        f"WHERE n.article_id {IN_KEYS} AND k.article_id <> n.article_id",
        [packed(ids)],
    ).fetchall()
    if not candidates:
        return []
    stored = _stored_signatures(con, sorted({other for _, _, other in candidates}))
    pairs = []
    for aid, space, other in candidates:
        mine, theirs = prints.get((aid, space)), stored.get((other, space))
        if mine and theirs and stories.similarity(mine.signature, theirs) >= stories.THRESHOLD:
            pairs.append((aid, other))
    return pairs


def _merge(con: Any, pairs: list[tuple[str, str]]) -> None:
    """Give linked articles one story: each group of linked stories takes the id of its first-seen story."""
    if not pairs:
        return
    ids = sorted({x for pair in pairs for x in pair})
    story_of = dict(
        con.execute(f"SELECT article_id, story_id FROM articles WHERE article_id {IN_KEYS}", [packed(ids)]).fetchall()
    )
    links = [(story_of[a], story_of[b]) for a, b in pairs if a in story_of and b in story_of]
    groups = [g for g in stories.merge_groups(links) if len(g) > 1]
    if not groups:
        return
    first_seen = dict(
        con.execute(
            f"SELECT story_id, min(first_seen_at) FROM articles WHERE story_id {IN_KEYS} GROUP BY story_id",
            [packed(sorted(set().union(*groups)))],
        ).fetchall()
    )
    for group in groups:
        keep = min(group, key=lambda story: (first_seen.get(story), story))
        con.execute(
            f"UPDATE articles SET story_id = ? WHERE story_id {IN_KEYS}", [keep, packed(sorted(group - {keep}))]
        )
