"""Boilerplate vocabulary shared by the text-dump cleaner and the HTML post-filter.

One place for the words that mark non-article text in nb, nn, da, sv, de and en, so both
extractors agree. Patterns are matched against a whole stripped line (case-insensitive),
never against sentences of any one site.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Heading that opens a comment section, optionally with a count: "Kommentar (10)", "Comments (2)".
_COMMENT_WORDS = (
    r"kommentar(?:e|er|erna|erne|ene|en|ar|arane|ane)?|leserkommentar(?:e|er)?|leserbriefe|lesermeinungen|"
    r"comments?|reader comments|discussion|responses?|replies|antworten|diskussion|diskusjon|"
    r"svar|tilbakemeldinger|debatt"
)
_COMMENT_COUNT = r"\s*[(\[]\s*\d+\s*[)\]]"
COMMENT_HEADING = re.compile(
    rf"^(?:\d+\s+)?(?:{_COMMENT_WORDS})(?:{_COMMENT_COUNT}|\s*:?\s*\d+)?\s*:?$",
    _I,
)

# A counted comment heading with the next line glued on, as when two dumps were concatenated
# without a newline: "Kommentar (0)Die …". The group "rest" is the text after the heading.
COMMENT_HEADING_GLUED = re.compile(rf"^(?:{_COMMENT_WORDS}){_COMMENT_COUNT}\s*(?P<rest>\S.*)$", _I)

# Prompts that invite a comment; they sit inside or right after comment sections.
COMMENT_PROMPT = re.compile(
    r"^(?:kommentar hinzufügen|kommentieren|jetzt kommentieren|schreibe(?:n sie)? einen kommentar|"
    r"kommentare (?:geschlossen|sind geschlossen|anzeigen)|"
    r"legg til (?:en )?kommentar|skriv (?:en )?kommentar|kommenter|tilføj (?:en )?kommentar|"
    r"skriv (?:en |ein )?kommentar|legg til ein kommentar|lägg till (?:en )?kommentar|kommentera|kommentér|"
    r"kommentar schreiben|diskutieren sie mit|zur diskussion|"
    r"logg inn for å kommentere|logga in för att kommentera|log ind for at kommentere|"
    r"join the (?:conversation|discussion)|sign in to comment|"
    r"add (?:a )?comment|leave a (?:comment|reply)|post a comment|write a comment|"
    r"comments are closed|log in to comment|show (?:more|all) comments|load more comments)\b.*$",
    _I,
)

# Lists that follow the article on most news sites.
READ_MORE_HEADING = re.compile(
    r"^(?:beliebte inhalte|meistgelesen(?:e)?(?: artikel)?|am meisten gelesen|das könnte sie auch interessieren|"
    r"mest lest|mest populære|mest delt|mest læst|mest lästa|populært nå|"
    r"most (?:read|popular|viewed|shared)|popular (?:posts|content|now)|trending|"
    r"related (?:articles|posts|stories)|you may also like|more from|"
    r"ähnliche artikel|verwandte artikel|weitere artikel|relaterte artikler|relaterede artikler|"
    r"relaterade artiklar|flere saker|andre saker)\s*:?$",
    _I,
)

# Teaser prefixes: the line is a link to another article (or the label alone, the link on the next line).
TEASER = re.compile(
    r"^(?:les også|les mer|se også|les òg|les meir|sjå òg|lees ook|læs også|læs mere|läs också|läs mer|"
    r"mehr zum thema|lesen sie auch|auch interessant|weiterlesen|lesetipp|siehe auch|"
    r"read (?:also|more)|see also|related|more on this|recommended)(?:\s*[:»>|-]|\s*$)",
    _I,
)

# Whole-line bracketed teasers: "(Vorläufige Zusammenfassung: …)", "(Hintergrundbeilage: …)".
BRACKET_TEASER = re.compile(
    r"^[(\[](?:vorläufige zusammenfassung|hintergrundbeilage|hintergrund|zusammenfassung|"
    r"vorgeschichte|siehe|mehr dazu|les også|relatert|see also|related|background|summary)\s*:.*[)\]]$",
    _I,
)

SHARE = re.compile(
    r"^(?:aktie|teilen|artikel teilen|diesen artikel teilen|jetzt teilen|share(?: this)?(?: article| story| post)?|"
    r"del(?: artikkelen| saken| saka| denne saken| denne saka| artiklen)?|dela(?: artikeln)?|"
    r"tweet|twitter|facebook|linkedin|whatsapp|e-?mail|mail|print|drucken|skriv ut|"
    r"kopier lenke|kopiér link|kopiera länk|link kopieren|copy link)"
    r"\s*:?\s*$",
    _I,
)

# A line of short social-network tokens: "FB X YT IG", "Facebook Twitter LinkedIn".
_SOCIAL_TOKEN = (
    r"(?:fb|x|yt|ig|in|li|tw|wa|facebook|twitter|x\.com|youtube|instagram|linkedin|whatsapp|"
    r"telegram|pinterest|reddit|xing|threads|bluesky|mastodon|tiktok|e-?mail|mail|print|rss)"
)
SOCIAL_BAR = re.compile(rf"^{_SOCIAL_TOKEN}(?:[\s|,/·•]+{_SOCIAL_TOKEN})+\s*$", _I)

TAGS = re.compile(
    r"^(?:etikett(?:er)?|tags?|schlagwörter|schlagworte|stichwörter|themen|emner|stikkord|nøkkelord|"
    r"keywords|kategori(?:er)?|kategorie(?:n)?|categories|category)\s*:.*$",
    _I,
)

ADVERT = re.compile(
    r"^(?:annonse|annons|reklame|reklam|anzeige|werbung|advertisement|advertising|sponsored|"
    r"sponset|sponsoret|gesponsert|promoted|ad)\s*:?$",
    _I,
)

# Photo credits and captions: "Foto: NTB", "Bilde: laget av AI.", "(Foto: dpa)".
CAPTION = re.compile(
    r"(?:^|[\s(.|])(?:foto|fotos|bilde|bild|bildet|illustrasjon|illustration|grafikk|grafik|"
    r"photo|photograph|image|picture|kilde bilde|bildquelle|quelle bild|credit)\s*:\s*[^.]{1,80}\.?\s*\)?\s*\|?$",
    _I,
)

TABLE_OF_CONTENTS = re.compile(
    r"^(?:inhalt(?: dieses artikels)?|inhaltsverzeichnis|innhold(?: i denne artikkelen)?|indhold|innehåll|"
    r"table of contents|contents|in this article)\s*:?$",
    _I,
)

NEWSLETTER = re.compile(
    r"(?:newsletter|nyhetsbrev|nyhedsbrev|nyhetsbrev|abonnieren|abonner|subscribe|sign up|"
    r"melde dich an|registrieren sie sich)\b",
    _I,
)

COOKIE = re.compile(
    r"(?:cookies?|informasjonskapsler|datenschutzeinstellungen|privacy settings|samtykke|einwilligung)\b",
    _I,
)

# Source line: "Kilde: https://…", "Quelle: …", "Source: …".
SOURCE_LINE = re.compile(
    r"^(?:kilde|kjelde|kilder|quelle|quellen|source|sources|källa|original(?:artikel)?)\s*:\s*(?P<value>.+)$",
    _I,
)

# Byline: "Av Kari Nordmann", "Von Max Muster", "By Jane Doe", "👤 name".
BYLINE = re.compile(
    r"^(?:av|af|von|by|text|tekst|text von|skrevet av|written by|👤)\s*:?\s+(?P<name>[^\d|]{2,80}?)"
    r"(?:\s*(?:\||,|·|•|📅|–|—|-)\s*.*)?$",
    _I,
)

# Relative time as comment sections print it: "2vor Tagen", "vor 3 Stunden", "3 timer siden", "2 days ago".
_NUM = r"(?:\d+|en|ei|ett|et|ein|eine[mnr]?|a|an|one)"
RELATIVE_TIME = re.compile(
    r"(?:\d+\s*vor\s*(?:tagen|stunden|minuten|wochen|monaten|jahren)|"
    rf"vor\s*{_NUM}\s*(?:tag(?:en)?|stunden?|minuten?|sekunden|wochen?|monat(?:en)?|jahr(?:en)?)|"
    rf"(?:for|för)?\s*{_NUM}\s*(?:timer?|timar|timmar?|minutt(?:er)?|minutter|minuter|minuttar|min|sekunder|"
    r"dager?|dagar|dag|dage|døgn|uker?|veker?|veckor|vecka|måneder?|månader?|månad|år)\s*(?:siden|sidan|sedan)|"
    rf"{_NUM}\s*(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s*ago|"
    r"(?:just now|gerade eben|soeben|akkurat nå|nettopp|lige nu|nyss|just nu)|"
    r"(?:gestern|heute|yesterday|today|i går|i dag|igår|idag|i forgårs|vorgestern)"
    r"(?:\s*,?\s*(?:um|at|kl\.?)?\s*\d{1,2}[:.]\d{2}(?:\s*uhr)?)?)",
    _I,
)

# "Om forfatteren", "Über den Autor": the author box after the article.
AUTHOR_BOX_HEADING = re.compile(
    r"^(?:om (?:forfatteren|skribenten|journalisten|artikelforfatteren)|"
    r"über (?:den autor|die autorin|die autor\*innen|die autoren|uns)|zum autor|zur autorin|"
    r"about the authors?|about the writer|author bio|om författaren|om skribenten)\s*:?$",
    _I,
)

# Words that mark a short author bio line: "Kari er journalist i …", "Redakteur für Energie".
AUTHOR_BIO = re.compile(
    r"\b(?:journalist(?:in|en)?|reporter(?:in)?|redaktør(?:en)?|redakteur(?:in)?|korrespondent(?:in)?|"
    r"kommentator|skribent|herausgeber(?:in)?|autor(?:in)?|author|writer|editor|correspondent|columnist|"
    r"skriver om|schreibt über|writes about|covers|dekker|berichtet über|jobber i|arbeitet (?:für|bei)|works for)\b",
    _I,
)

# "Lesetid: 3 min", "Lesezeit 4 Minuten", "5 min read".
READING_TIME = re.compile(
    r"^(?:(?:lesetid|lesezeit|læsetid|lästid|reading time)\s*:?\s*(?:ca\.?\s*)?\d+\s*\w*|"
    r"\d+\s*(?:min(?:ute)?s?|minutter|minuten)\s*(?:read|lesetid|lesezeit|læsning|läsning))\s*$",
    _I,
)

# Copyright and agency footers: "© 2026 Avisa AS", "Copyright dpa", "(©NTB)".
COPYRIGHT = re.compile(r"^\(?\s*(?:©|\(c\)|copyright\b|alle rettigheter|alle rechte|all rights reserved)", _I)


# ---- Lines trafilatura lets through from HTML pages (used by newsflow.extract.html). Like the
# patterns above they describe kinds of boilerplate in several languages, never one site.

# Teaser labels, the linked headline follows on the same line: "Lesen Sie auch: …", "Lea también: …".
TEASER_LABEL = re.compile(
    r"^(?:lesen sie (?:auch|hier|mehr)|auch lesen|lies auch|mehr dazu|mehr zum thema|das könnte sie auch interessieren|"
    r"les også|les mer|se også|læs også|läs också|read (?:also|more|next)|also read|see also|"
    r"lea (?:también|más)|lee (?:también|más)|lea|le puede interesar|vea también|puedes ver|te puede interesar|"
    r"mira|mire|leia (?:também|mais)|à lire aussi|lire aussi|a lire aussi|"
    r"czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również)|dowiedz się więcej)\s*[:»>|]",
    _I,
)
# A headline framed as a link: ">> … <<" (not »…«: German quotation marks).
FRAMED_TEASER = re.compile(r"^>>.{10,200}<<$")

RELATED_HEADING = re.compile(
    r"^(?:auch interessant|das (?:thema )?könnte (?:dich|sie) auch interessieren|weitere themen|mehr themen|"
    r"top-themen.*|empfohlene (?:beiträge|artikel)|weitere (?:beiträge|artikel|nachrichten|meldungen)(?: \w+){0,4}|"
    r"weitere aktuelle themen.*|zum weiterlesen|lesen sie auch.*|schon gelesen\??|auch auf .+|"
    r"das könnte (?:dich|sie) auch interessieren|ähnliche (?:beiträge|themen)|passend dazu|"
    r"notas relacionadas|contenido relacionado|más sobre .+|noticias relacionadas|"
    r"à lire aussi|sur le même sujet|articles? liés?|leia também|czytaj (?:też|także)|"
    r"more (?:stories|news|articles)(?: from .+)?|read next|up next|"
    r"mer fra .+|flere artikler|les også)\s*:?$",
    _I,
)
NEWSLETTER_PROMPT = re.compile(
    r"\b(?:newsletter|nyhetsbrev|nyhedsbrev|subscribe|abonnieren|abonner|sign up|signing up|"
    r"suscrib\w+|subskryp\w+)\b",
    _I,
)
COOKIE_NOTICE = re.compile(r"\b(?:cookies?|informasjonskapsler|datenschutzeinstellungen|privacy settings)\b", _I)
COMMENT_INVITE = re.compile(
    r"(?:eingeloggt sein,? um|angemeldet sein,? um|logged in to|logget inn for å)\b.*\b(?:komment\w*|comment\w*)|"
    r"\b(?:in den kommentaren|in the comments|i kommentarfeltet|i kommentarene)\b.*[?!:]\s*$",
    _I,
)
# "Kommentare insgesamt: 0", "View Comments", "12 Kommentare" inside a meta line.
COMMENT_COUNT_FIELD = re.compile(
    r"^(?:kommentare insgesamt|comments total|total comments)\s*:?\s*\d*$|^(?:view|show|read) comments$", _I
)
CREDIT_LINE = re.compile(
    r"^\(?(?:©|\(c\)|copyright\b|credits?\s*:|(?:titel|beitrags|vorschau|header)bild\s*:|bildnachweis\s*:|"
    r"crédits? photos?\s*:)|©\s*[\w ./&-]{2,60}\)?$",
    _I,
)
ADVERT_LINE = re.compile(r"^\*?(?:anzeige|werbung|advertisement|sponsored|reklame|annonse)\b\s*[-,.:–|*]", _I)

# "#1 Kommentar von Naru-chan", "Comment by Jane": the header of one comment.
COMMENT_BY = re.compile(
    r"^(?:#?\d+\.?\s*)?(?:kommentar|comment|antwort|reply|svar|respuesta|commentaire)\s+(?:von|by|fra|from|av|de)\s+\S.{0,40}$",
    _I,
)


def is_boilerplate_line(line: str) -> bool:
    """True when a whole line is a share bar, tag line, teaser, ad marker, caption or TOC heading."""
    s = line.strip().strip("|").strip()
    if not s:
        return False
    return bool(
        SHARE.match(s)
        or SOCIAL_BAR.match(s)
        or TAGS.match(s)
        or ADVERT.match(s)
        or TEASER.match(s)
        or BRACKET_TEASER.match(s)
        or TABLE_OF_CONTENTS.match(s)
        or COMMENT_PROMPT.match(s)
    )
