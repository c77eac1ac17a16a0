"""Stories in the warehouse: each article text's fingerprint is stored, and articles whose texts are near
duplicates get one story_id.

Incremental: new texts meet stored ones by a join on LSH band keys (`story_keys`), and only the candidates'
signatures are read; no text of the archive is read again. Linking only merges: a story keeps the id of its
first-seen article, and two stories that a new copy links become one.

The cost per article does not grow with a story's size: a band bucket keeps at most `BUCKET_MEMBERS` articles
(the copies of a story fill the same buckets; a copy that drifts away from the first ones brings buckets of its
own), and a new text is compared with at most `SAMPLE_PER_STORY` members of each candidate story, those that
share the most band keys with it. A story of 4,000 near duplicates costs a new copy what a story of ten does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pyarrow as pa

from newsflow.articles import minhash as stories
from newsflow.records import ArticleRecord, Fingerprint
from newsflow.warehouse.keys import IN_KEYS, packed

ENGLISH = "en"
# Articles kept per (space, band, key): enough for the members of a few stories that happen to share a band
# (unrelated texts almost never do), bounded so that joining a new text's keys is bounded too.
BUCKET_MEMBERS = 8
# Members of one candidate story a new text is compared with. One would do for copies of one wire text; three
# cover a story whose members differ (edited copies, shortened ones), which the closest of them still joins.
SAMPLE_PER_STORY = 3


class StoryText(NamedTuple):  # a tuple: one is made per article stored, 50,000 in a bulk upsert
    article_id: str
    space: str  # the text's language for an original, "en" for English text (original or translated)
    text: str


def original_texts(articles: Sequence[ArticleRecord]) -> list[StoryText]:
    return [StoryText(a.article_id, a.lang, a.text) for a in articles]


def link(con: Any, texts: Sequence[StoryText], known: Mapping[str, Fingerprint | None] | None = None) -> int:
    """Store the texts' fingerprints and link their articles into stories, inside the caller's transaction.

    `known` holds fingerprints of these very texts computed earlier (the process stage's, of the original
    texts), by article id; the rest are computed here. Returns how many pairs of signatures were compared.
    """
    if not texts:
        return 0
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
    if not fresh:
        return 0
    pairs, compared = _similar_pairs(con, fresh)
    _merge(con, pairs)
    return compared


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


def _keys_table(prints: Mapping[tuple[str, str], Fingerprint]) -> pa.Table:
    return pa.table(
        {
            "article_id": [aid for (aid, _), fp in prints.items() for _ in fp.keys],
            "space": [space for (_, space), fp in prints.items() for _ in fp.keys],
            "band": pa.array([band for fp in prints.values() for band in range(len(fp.keys))], pa.int16()),
            "key": pa.array([key for fp in prints.values() for key in fp.keys], pa.int64()),
        }
    )


_SAME_BUCKET = "{a}.space = {b}.space AND {a}.band = {b}.band AND {a}.key = {b}.key"
# New keys join their buckets while there is room: places taken by stored members first, then in id order.
_INSERT_KEYS = f"""
INSERT INTO story_keys
SELECT n.article_id, n.space, n.band, n.key
FROM (SELECT *, row_number() OVER (PARTITION BY space, band, key ORDER BY article_id) AS place
      FROM story_new_keys) n
LEFT JOIN (
    SELECT k.space, k.band, k.key, count(*) AS members
    FROM story_keys k
    JOIN (SELECT DISTINCT space, band, key FROM story_new_keys) d ON {_SAME_BUCKET.format(a="k", b="d")}
    GROUP BY ALL
) f ON {_SAME_BUCKET.format(a="f", b="n")}
WHERE n.place + coalesce(f.members, 0) <= ?
"""


def _replace(con: Any, texts: Sequence[StoryText], prints: Mapping[tuple[str, str], Fingerprint]) -> None:
    """Drop the stored fingerprints of these texts and store the new ones (their keys where buckets have room)."""
    batch = pa.table({"article_id": [t.article_id for t in texts], "space": [t.space for t in texts]})
    signatures = pa.table(
        {
            "article_id": [aid for aid, _ in prints],
            "space": [space for _, space in prints],
            "signature": pa.array([fp.signature for fp in prints.values()], pa.binary()),
        }
    )
    con.register("story_batch", batch)
    con.register("story_new_keys", _keys_table(prints))
    con.register("story_new_signatures", signatures)
    try:
        for table in ("story_keys", "story_signatures"):
            con.execute(
                f"DELETE FROM {table} USING story_batch b "
                f"WHERE {table}.article_id = b.article_id AND {table}.space = b.space"
            )
        con.execute(_INSERT_KEYS, [BUCKET_MEMBERS])
        con.execute("INSERT INTO story_signatures SELECT article_id, space, signature FROM story_new_signatures")
    finally:
        for name in ("story_batch", "story_new_keys", "story_new_signatures"):
            con.unregister(name)


# For each new text and candidate story, the members sharing the most band keys with it (bounded: buckets are).
_CANDIDATES = f"""
SELECT article_id, space, other FROM (
    SELECT n.article_id, n.space, k.article_id AS other, a.story_id, count(*) AS shared
    FROM story_probe n
    JOIN story_keys k ON {_SAME_BUCKET.format(a="k", b="n")} AND k.article_id <> n.article_id
    JOIN articles a ON a.article_id = k.article_id
    GROUP BY ALL
)
QUALIFY row_number() OVER (PARTITION BY article_id, space, story_id ORDER BY shared DESC, other) <= ?
"""


def _similar_pairs(con: Any, prints: Mapping[tuple[str, str], Fingerprint]) -> tuple[list[tuple[str, str]], int]:
    """Pairs of articles (a new text and a stored or new one) whose texts in one space are near duplicates,
    and how many signatures were compared to find them."""
    con.register("story_probe", _keys_table(prints))  # every new key, stored or not: a full bucket still answers
    try:
        candidates = con.execute(_CANDIDATES, [SAMPLE_PER_STORY]).fetchall()
    finally:
        con.unregister("story_probe")
    if not candidates:
        return [], 0
    stored = _stored_signatures(con, sorted({other for _, _, other in candidates}))
    pairs = []
    compared = 0
    for aid, space, other in candidates:
        mine, theirs = prints.get((aid, space)), stored.get((other, space))
        if mine and theirs:
            compared += 1
            if stories.similarity(mine.signature, theirs) >= stories.THRESHOLD:
                pairs.append((aid, other))
    return pairs, compared


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
