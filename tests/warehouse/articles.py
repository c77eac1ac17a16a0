"""Generated news articles (not the seeds): plain-text dumps in Norwegian, German and English.

Sentences are drawn from small per-language vocabularies so language detection and the cleaner see
realistic text, and every article is distinct (its number is in the title and the first sentence).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

_WORDS = {
    "nb": (
        ["Kommunestyret", "Fylkeskommunen", "Regjeringen", "Ordføreren", "Statens vegvesen", "Politiet"],
        ["vedtok", "foreslår", "kritiserer", "utsetter", "varsler", "diskuterer"],
        [
            "budsjettet for skolene",
            "nye sykkelveier i sentrum",
            "strømprisen i Vestland",
            "bompengene i byen",
            "ferjetilbudet langs kysten",
            "utbyggingen av sykehuset",
        ],
        [
            "etter et langt møte torsdag kveld",
            "fordi kostnadene har økt kraftig",
            "til tross for protester fra innbyggerne",
            "og ber om svar innen fredag",
            "mens opposisjonen krever en ny utredning",
        ],
    ),
    "de": (
        [
            "Der Stadtrat",
            "Die Landesregierung",
            "Der Bürgermeister",
            "Die Verkehrsbetriebe",
            "Das Ministerium",
            "Die Feuerwehr",
        ],
        ["beschließt", "kritisiert", "verschiebt", "fordert", "prüft", "diskutiert"],
        [
            "den Ausbau der Radwege",
            "die Förderung von Wärmepumpen",
            "neue Regeln für den Hafen",
            "den Haushalt für die Schulen",
            "die Sanierung der Brücke",
            "höhere Gebühren für Parkplätze",
        ],
        [
            "nach einer langen Sitzung am Mittwochabend",
            "weil die Kosten stark gestiegen sind",
            "trotz heftiger Proteste der Anwohner",
            "und verlangt eine Antwort bis Freitag",
            "während die Opposition ein neues Gutachten verlangt",
        ],
    ),
    "en": (
        [
            "The city council",
            "The regional government",
            "The mayor",
            "The ferry operator",
            "The ministry",
            "The fire service",
        ],
        ["approved", "criticised", "postponed", "demanded", "reviewed", "debated"],
        [
            "the budget for schools",
            "new cycle lanes in the centre",
            "the offshore wind auction",
            "higher parking fees",
            "the repair of the old bridge",
            "the new harbour rules",
        ],
        [
            "after a long meeting on Thursday evening",
            "because costs have risen sharply",
            "despite protests from residents",
            "and asked for an answer by Friday",
            "while the opposition called for a new review",
        ],
    ),
}
LANGS = ("nb", "de", "en")


def sentence(lang: str, rng: random.Random) -> str:
    subject, verb, obj, tail = _WORDS[lang]
    return f"{rng.choice(subject)} {rng.choice(verb)} {rng.choice(obj)} {rng.choice(tail)}."


def article_text(i: int, lang: str, rng: random.Random, paragraphs: int = 4) -> str:
    day = date(2025, 1, 1) + timedelta(days=i % 400)
    title = f"{sentence(lang, rng)[:-1]} ({i})"
    body = [" ".join([f"Nr. {i}:"] + [sentence(lang, rng) for _ in range(3)]) for _ in range(paragraphs)]
    return f"{title}\n\n{day.isoformat()} 10:{i % 60:02d}\n\n" + "\n\n".join(body) + "\n"


def write_articles(folder: Path, n: int, seed: int = 7, start: int = 0) -> list[Path]:
    """n article files under folder (spread over sub-folders), languages in turn."""
    rng = random.Random(seed)
    paths = []
    for i in range(start, start + n):
        lang = LANGS[i % len(LANGS)]
        path = folder / f"part{i // 500:03d}" / f"{lang}_{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(i, lang, rng), encoding="utf-8")
        paths.append(path)
    return paths
