"""`newsflow show ARTICLE`: one article in the terminal, in English, in the original, or sentence by sentence."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from newsflow.reader.archive import Article, Version
    from newsflow.translation.segments import Segment

FLAG_MARK = "⚑"


def show(
    ctx: typer.Context,
    ref: Annotated[
        str, typer.Argument(metavar="ARTICLE", help="article id (or a prefix, as search prints it), or its URL")
    ],
    original: Annotated[bool, typer.Option("--original", help="the original title and text")] = False,
    side_by_side: Annotated[
        bool, typer.Option("--side-by-side", help="original and English sentence by sentence, alarms marked")
    ] = False,
) -> None:
    """Show one article in the terminal.

    Where it is from, its story's other versions, and its English text (or the original, or both side by side)."""
    from newsflow.cli.common import EXIT_USAGE, fail, state
    from newsflow.reader import archive
    from newsflow.warehouse import open_reader

    if original and side_by_side:
        raise fail("--original and --side-by-side: choose one", EXIT_USAGE)
    settings = state(ctx).settings()
    with open_reader(settings.warehouse) as con:
        try:
            item = archive.article(con, archive.resolve(con, ref))
        except archive.ArticleNotFound as exc:
            raise fail(str(exc)) from None
        others = archive.versions(con, item.story_id)
        pairs = archive.segments(con, item.article_id) if side_by_side else []
    _header(item, others)
    if side_by_side:
        _side_by_side(pairs)
    elif original:
        _body(item.title, item.text)
    elif item.english_text is None:
        _body(None, f"(no English yet: translation {item.translation_status}; --original shows the text)")
    else:
        _body(item.english_title, item.english_text)


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "unknown"


def _header(item: Article, versions: list[Version]) -> None:
    from newsflow.cli.output import console, safe

    printed = f" (printed: {safe(item.published_raw)})" if item.published_raw else ""
    lines = [
        f"[bold]{safe(item.english_title or item.title or '(untitled)')}[/bold]",
        f"id         {item.article_id}",
        f"source     {safe(item.source)}",
        f"url        {safe(item.url or item.location)}",
        f"published  {_when(item.published_at)}{printed}",
        f"language   {safe(item.lang)}",
    ]
    if item.translation_model:
        score = "" if item.translation_score is None else f", score {item.translation_score:.3f}"
        flags = f", alarms: {', '.join(item.translation_flags)}" if item.translation_flags else ""
        lines.append(f"translation {item.translation_status} by {safe(item.translation_model)}{score}{flags}")
    else:
        lines.append(f"translation {item.translation_status}")
    if len(versions) > 1:
        lines.append(f"story      {item.story_id} ({len(versions)} versions, first seen first)")
        for v in versions:
            mark = "*" if v.article_id == item.article_id else " "
            lines.append(
                f"  {mark} {v.article_id[:12]}  {_when(v.first_seen_at)}  {safe(v.source)}  {safe(v.lang)}  "
                f"{safe(v.title or '')}"
            )
    else:
        lines.append(f"story      {item.story_id} (no other versions)")
    for line in lines:
        console.print(line, highlight=False, soft_wrap=True)
    console.print()


def _body(title: str | None, text: str) -> None:
    from newsflow.cli.output import console, safe

    if title:
        console.print(f"[bold]{safe(title)}[/bold]", highlight=False, soft_wrap=True)
        console.print()
    for line in text.split("\n"):  # safe() would quote a value holding a newline: one line at a time
        console.print(safe(line), highlight=False, soft_wrap=True)


def _side_by_side(pairs: list[Segment]) -> None:
    from rich import box
    from rich.table import Table

    from newsflow.cli.output import console, safe

    if not pairs:
        console.print("(no sentence pairs: the article is not translated, or was before pairs were kept)")
        return
    table = Table(box=box.SIMPLE, show_lines=False, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("original", ratio=1)
    table.add_column("English", ratio=1)
    flagged = 0
    for seg in pairs:
        where = "T" if seg.field == "title" else f"{seg.paragraph + 1}.{seg.position + 1}"
        english = safe(seg.english)
        if seg.flags:
            flagged += 1
            english += f"\n[red]{FLAG_MARK} {safe(', '.join(seg.flags))}[/red]"
            where = f"{FLAG_MARK}{where}"
        table.add_row(where, safe(seg.original), english)
    console.print(table)
    console.print(f"{len(pairs)} sentences, {flagged} flagged ({FLAG_MARK})", highlight=False)
