"""Boilerplate vocabulary shared by the text-dump cleaner and the HTML post-filter.

One place for the words that mark non-article text in nb, nn, da, sv, de and en, so both
extractors agree. Patterns are matched against a whole stripped line (case-insensitive),
never against sentences of any one site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_I = re.IGNORECASE
_NON_SPACE = re.compile(r"\S+")
_SHORT_LINE = 2000


def count_words(text: str) -> int:
    """Words in a line, without a list of them: one line of a dump can hold megabytes."""
    if len(text) < _SHORT_LINE:
        return len(text.split())
    return sum(1 for _ in _NON_SPACE.finditer(text))


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
    r"comments are closed|log in to comment|(?:view|show|see|read|load)(?: all| more)? comments|"
    r"(?:vis|se|visa|sjå)(?: alle| alla)? kommentar(?:er|erne|ene|ane|arane|erna)|"
    r"(?:alle )?kommentare (?:anzeigen|lesen|ansehen))\b.*$",
    _I,
)

# Lists that follow the article on most news sites.
READ_MORE_HEADING = re.compile(
    r"^(?:beliebte inhalte|meist[- ]?(?:gelesen|diskutiert|kommentiert|geteilt|geklickt)e?(?: artikel)?|"
    r"am meisten gelesen|das könnte sie auch interessieren|"
    r"mest (?:lest|lesne|populære|delt|læst|lästa|kommenterte|kommenterede|kommenterade|diskuterte)|populært nå|"
    r"most (?:read|popular|viewed|shared|commented|discussed)|popular (?:posts|content|now)|trending|"
    r"related (?:articles|posts|stories)|you may also like|more from|"
    r"ähnliche artikel|verwandte artikel|weitere artikel|relaterte artikler|relaterede artikler|"
    r"relaterade artiklar|flere saker|andre saker)\s*:?$",
    _I,
)

# Teaser prefixes: the line is a link to another article (or the label alone, the link on the next line).
TEASER = re.compile(
    r"^(?:les også|les mer|se også|les òg|les meir|sjå òg|læs også|læs mere|läs också|läs mer|"
    r"mehr zum thema|lesen sie auch|auch interessant|weiterlesen|lesetipp|siehe auch|"
    r"read (?:also|more)|see also|related|more on this|recommended)(?:\s*[:»>|-]|\s*$)",
    _I,
)

# A whole line in brackets that starts with a label: "(Les også: …)", "[Oppdatert: …]", "(Hintergrund: …)".
BRACKET_LABEL = re.compile(r"^[(\[]\s*[^\W\d][\w ]{0,30}:.*[)\]]$")

TAGS = re.compile(
    r"^(?:etikett(?:er)?|tags?|schlagwörter|schlagworte|stichwörter|themen|emner|stikkord|nøkkelord|"
    r"keywords|kategori(?:er)?|kategorie(?:n)?|categories|category)\s*:.*$",
    _I,
)

# An ad marker, alone or as the label of an ad line: "Annonse", "Anzeige: …", "*Werbung – …".
ADVERT = re.compile(
    r"^\*?(?:(?:annonse|annons|reklame|reklam|anzeige|werbung|advertisement|advertising|sponsored|"
    r"sponset|sponsoret|gesponsert|promoted)\b\s*(?:[-,.:–|*].*)?|ad\s*:?)$",
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


# ---- Lines trafilatura lets through from HTML pages (used by newsflow.articles.extraction.html). Like the
# patterns above they describe kinds of boilerplate, never one site.

# Teaser labels, the linked headline follows on the same line: "Lesen Sie auch: …", "Les også: …".
TEASER_LABEL = re.compile(
    r"^(?:lesen sie (?:auch|hier|mehr)|auch lesen|lies auch|mehr dazu|mehr zum thema|das könnte sie auch interessieren|"
    r"les også|les mer|les òg|les meir|se også|sjå òg|læs også|læs mere|läs också|läs mer|"
    r"read (?:also|more|next)|also read|see also|"
    # the same label in languages the pipeline stores but does not clean for (es, pt, fr, pl)
    r"le puede interesar|te puede interesar|"
    r"leia (?:também|mais)|à lire aussi|lire aussi|czytaj (?:też|także|również|więcej)|zobacz (?:też|także|również))"
    r"\s*[:»>|]",
    _I,
)
# A headline framed as a link: ">> … <<" (not »…«: German quotation marks).
FRAMED_TEASER = re.compile(r"^>>.{10,200}<<$")

RELATED_HEADING = re.compile(
    r"^(?:auch interessant|das (?:thema )?könnte (?:dich|sie) auch interessieren|weitere themen|mehr themen|"
    r"empfohlene (?:beiträge|artikel)|weitere (?:beiträge|artikel|nachrichten|meldungen)(?: \w+){0,4}|"
    r"zum weiterlesen|lesen sie auch.*|ähnliche (?:beiträge|themen)|passend dazu|"
    r"more (?:stories|news|articles)(?: from .+)?|read next|up next|"
    r"mer fra .+|flere artikler|les også|les òg|læs også|läs också|auch (?:auf|bei) [\w.-]+|"
    r"contenido relacionado|artigos relacionados|articles? liés?|"
    r"sur le même sujet|dowiedz się więcej)\s*:?$",
    _I,
)
NEWSLETTER = re.compile(
    r"\b(?:\w*newsletter\w*|nyhetsbrev\w*|nyhedsbrev\w*|nyheitsbrev\w*|"
    r"subscribe|abonnieren|abonner|sign up|signing up)\b",
    _I,
)
COOKIE = re.compile(r"\b(?:cookies?|informasjonskapsler|datenschutzeinstellungen|privacy settings)\b", _I)
COMMENT_INVITE = re.compile(
    r"(?:eingeloggt sein,? um|angemeldet sein,? um|logged in to|logget inn for å)\b.*\b(?:komment\w*|comment\w*)|"
    r"\b(?:in den kommentaren|in the comments|i kommentarfeltet|i kommentarene)\b.*[?!:]\s*$",
    _I,
)
# Copyright and credit labels, or a line ending in a short "© holder". German image labels are
# compounds of -bild/-foto ("Titelbild:", "Bildnachweis:", "Fotoquelle:").
CREDIT_LINE = re.compile(
    r"^\(?(?:©|\(c\)|copyright\b|credits?\s*:|\w*(?:bild|foto)(?:nachweis|quelle|rechte)?\s*:|"
    r"(?:bild|foto)(?:nachweis|quelle|rechte)\b)|©\s*[\w ./&-]{2,60}\)?$",
    _I,
)

# The header of one comment: "#3 Kommentar von Anna", "Comment by Jane", "Svar fra Ola".
COMMENT_BY = re.compile(
    r"^(?:#?\d+\.?\s*)?(?:kommentar|comment|antwort|reply|svar)\s+(?:von|by|fra|frå|från|from|av|af)\s+\S.{0,40}$",
    _I,
)


# ---- Share and follow bars, newsletter sign-ups, "tips us" lines: by structure. A bar is a list of
# items separated by "|", "·", "•", ",", "/", "og/and/und/och"; every item is a share or follow label,
# a network or channel name, or a label with a preposition and a name ("Del på Facebook").

_NETWORK = (
    r"(?:facebook|fb|x|x\.com|twitter|x \(twitter\)|linkedin|whatsapp|telegram|signal|messenger|instagram|youtube|"
    r"yt|ig|in|li|tw|wa|"
    r"tiktok|threads|bluesky|mastodon|pinterest|reddit|xing|snapchat|flipboard|pocket|tumblr|vk|rss|"
    r"e-?mail|e-?post|epost|mejl|mail|sms|print|drucken|skriv ut|utskrift|udskriv|link|lenke|lenkje|länk)"
)
# Labels that open a share bar, in nb, nn, da, sv, de and en.
_SHARE_LABEL = (
    r"(?:del(?: (?:denne |dette )?(?:artikkelen|artikkel|saken|saka|artiklen|artikel|innlegget|indlægget|siden|sida))?|"
    r"dela(?: (?:denna |den här )?(?:artikeln|artikel|inlägget|sidan))?|"
    r"(?:jetzt |diesen |den |die )?(?:artikel |beitrag |seite |inhalt |news |story )?"
    r"teilen(?: sie (?:dies|diesen artikel|den artikel))?|"
    r"share(?: (?:this|the|it))?(?: (?:article|story|post|page))?|tweet|twittern|"
    # "Aktie": machine translations of "Share" into German, a common artefact of auto-translated sites
    r"aktie)"
)
_FOLLOW_LABEL = r"(?:følg|fylg|följ|folgen sie|folge|folgt|follow)(?: (?:oss|os|uns|us|dykk|me|mir))?"
_PREPOSITION = r"(?:på|paa|i|via|med|mit|auf|über|per|bei|on|to|with|by|in)"
_COPY_LINK = (
    r"(?:kopier(?:e|é)?|kopiér|kopiera|copy|kopieren)(?: (?:the |den )?)?(?:lenke|lenka|lenkja|lenkje|link|länk|länken|"
    r"linken|lenken|url|adressen)(?: kopieren)?|link kopieren|lenke kopiert|link kopiert"
)
_SHARE_ITEM = re.compile(
    rf"^(?:(?:{_SHARE_LABEL}|{_FOLLOW_LABEL})\s*:?\s*(?:{_PREPOSITION}\s+)?)?(?:{_NETWORK}|{_COPY_LINK})"
    rf"(?:\s+(?:{_NETWORK}|{_COPY_LINK}))*$|"
    rf"^(?:{_SHARE_LABEL}|{_FOLLOW_LABEL})$|"
    rf"^(?:{_PREPOSITION}\s+)?{_NETWORK}\s+(?:teilen|folgen|twittern|posten|dele|dela|deila)$",
    _I,
)
_BAR_LABEL = re.compile(rf"^(?:{_SHARE_LABEL}|{_FOLLOW_LABEL})(?:\s+{_PREPOSITION})?\s*:\s*", _I)
_BAR_SEPARATOR = re.compile(r"\s*[|·•,/;]\s*|\s+[-–—]\s+|\s+(?:og|and|und|och|eller|or|oder|&)\s+", _I)
_MAX_BAR_ITEMS = 20


def _bar_items(s: str) -> Iterator[str]:
    start = 0
    for m in _BAR_SEPARATOR.finditer(s):
        if m.start() > start:
            yield s[start : m.start()]
        start = m.end()
    if start < len(s):
        yield s[start:]


def is_share_bar(line: str) -> bool:
    """A share or follow bar: "Del på Facebook | Del på X | Kopier lenke", "Teilen: Facebook · X · E-Mail"."""
    s = line.strip().strip("|·•").strip().rstrip(":!.").strip()
    if not s or len(s) > 300:
        return False
    if m := _BAR_LABEL.match(s):
        s = s[m.end() :]
        if not s:
            return True
    items = 0
    for item in _bar_items(s):  # lazily: prose fails on its first clause
        items += 1
        if items > _MAX_BAR_ITEMS or not _SHARE_ITEM.match(item):
            return False
    return items > 0


# "Follow us on …" lines that name something other than networks: "Følg oss på Facebook for flere nyheter".
_FOLLOW_VERB = r"(?:følg|fylg|följ|folgen sie|folge|folgt|follow)"
FOLLOW_LINE = re.compile(
    rf"^{_FOLLOW_VERB} (?:(?:oss|os|uns|us|dykk) {_PREPOSITION}\b|(?:\S+ ){{1,4}}?{_PREPOSITION} {_NETWORK}\b)", _I
)

# Loading indicators of scripted widgets: "Wird geladen …", "Loading...", "Laster …".
LOADING = re.compile(r"^(?:wird geladen|lädt|loading|laster|lastar|indlæser|henter|laddar)\s*(?:\.\.\.|…)?$", _I)

# A server-side script's diagnostic printed into the page (PHP with display_errors on): "Warning: Use of
# undefined constant x - assumed 'x' in /var/www/site/plugin.php on line 928". The format is PHP's own.
SERVER_DIAGNOSTIC = re.compile(
    r"^(?:PHP )?(?:Warning|Notice|Deprecated|Strict Standards|(?:Catchable |Recoverable )?fatal error|Parse error)"
    r": .{1,1000}? in (?:/|[A-Z]:\\)\S*?\.(?:php\d?|inc|phtml) on line \d+$",
    _I,
)

# A client-side template's tags that no script filled in: "{{#images}}", "{{{title}}}", "{% endif %}", "<%= name %>".
UNRENDERED_TEMPLATE = re.compile(r"^(?:\s*(?:\{\{.*?\}\}|\{%.*?%\}|<%.*?%>))+\s*$")
# A line of punctuation only: an empty paragraph's full stop, a lone list dash, a section break ("* * *", "+++").
# Table rules ("|---|---|") are part of a table and stay; an emoticon has a bracket and stays too.
BARE_PUNCTUATION = re.compile(r"^[.\-–—•·*+=_~…\s]+$")

# Newsletter sign-ups: an imperative sign-up verb and a newsletter noun near the start of a short line.
_NEWSLETTER_NOUN = r"\w*(?:newsletter|nyhetsbrev|nyhedsbrev|nyheitsbrev)\w*"
_SIGN_UP_VERB = (
    r"(?:abonner(?:e|er)?|abonnér|abonnieren|abonniere|abonnieren sie|prenumerera|tilmeld(?: dig)?|"
    r"meld (?:deg|dykk|dig) på|melde dich|melden sie sich|anmelden|anmäl dig|registrer deg|registrera dig|"
    r"bestellen|sign up|subscribe|join|"
    r"(?:get|få|receive|erhalten sie|bekommen sie) (?:our|the|vårt|våre|vores|dykkar|unseren|unsere|den|det|gratis))"
)
SIGN_UP = re.compile(
    rf"^(?:jetzt |gratis |kostenlos |free |nå |nu )*(?:{_SIGN_UP_VERB}\b(?:\W+\w+){{0,5}}?\W+{_NEWSLETTER_NOUN}|"
    rf"(?:\w+\W+){{0,3}}?{_NEWSLETTER_NOUN}(?:\W+\w+){{0,3}}?\W+{_SIGN_UP_VERB}\b|{_NEWSLETTER_NOUN}\s*:)",
    _I,
)

# "Tips oss om saken", "Tipsa oss", "Hinweise an die Redaktion", "Got a tip?": a request for tips.
TIPS = re.compile(
    r"^(?:tips(?:e)? (?:oss|os|redaksjonen|redaktionen)|tip os|tipsa (?:oss|redaktionen)|"
    r"har du (?:et |eit |ett )?tips?\b|"
    r"(?:hinweise?|tipps?) an (?:die|unsere) redaktion|haben sie (?:einen |ein )?(?:hinweis|tipp)|"
    r"send us (?:a |your )?(?:news |story )?tips?|(?:got|have|do you have) a (?:news |story )?tip|tip us off)\b",
    _I,
)
_MAX_PROMO_WORDS = 40


def is_promo_line(line: str) -> bool:
    """A share or follow bar, a newsletter sign-up or a request for tips, wherever it stands."""
    s = line.strip().strip("|").strip()
    if not s or count_words(s) > _MAX_PROMO_WORDS:
        return False
    if is_share_bar(s):
        return True
    return bool(SIGN_UP.match(s) or TIPS.match(s) or (FOLLOW_LINE.match(s) and count_words(s) <= 15))


def is_boilerplate_line(line: str) -> bool:
    """True when a whole line is a share bar, tag line, teaser, ad marker, caption or TOC heading."""
    s = line.strip().strip("|").strip()
    if not s:
        return False
    return bool(
        is_share_bar(s)
        or TAGS.match(s)
        or ADVERT.match(s)
        or TEASER.match(s)
        or BRACKET_LABEL.match(s)
        or TABLE_OF_CONTENTS.match(s)
        or COMMENT_PROMPT.match(s)
        or LOADING.match(s)
        or SERVER_DIAGNOSTIC.match(s)
    )


# ---- Appeals and disclosures a publisher prints under (or above) the article: by their form, in short lines only.

# A free review copy or affiliate links disclosed: "Vielen Dank an den Verlag für das Rezensionsexemplar",
# "Bei den Verlinkungen handelt es sich um Affiliate Links".
DISCLOSURE = re.compile(
    r"\b(?:rezensionsexemplar\w*|anmeldereksemplar\w*|anmeldelseseksemplar\w*|recensionsexemplar\w*|"
    r"review cop(?:y|ies)|affiliate[- ]?links?)\b",
    _I,
)
# A request for money or support: "Unterstütze uns mit 2 Euro", "would you consider supporting our work?".
SUPPORT_APPEAL = re.compile(
    r"^(?:jetzt )?(?:unterstütze|unterstützen sie|støtt|støt|stötta|spenden sie)\s+\S|"
    r"^(?:please )?(?:support|donate to|stöd) (?:us|our|oss|vår|vårt)\b|"
    r"\b(?:support(?:ing)? our (?:work|journalism|reporting)|unsere arbeit (?:zu )?unterstützen|"
    r"støtt(?:e)? (?:vårt|vores) arbeid|stödja vårt arbete)\b",
    _I,
)
# An app advertised for download: "download the … apps for iOS and Android", "Laden Sie unsere App".
APP_PROMO = re.compile(
    r"\b(?:download|get|lade|laden sie|hol dir|holen sie sich|last ned|laste ned|ladda ner|hent)\b.{0,60}\bapps?\b"
    r".{0,40}\b(?:ios|android|app store|google play)\b",
    _I,
)
# A placeholder for embedded content that loads on consent: "Klicken Sie auf den Button, um den Inhalt zu laden".
CONSENT_PLACEHOLDER = re.compile(
    r"^(?:klicken sie|klicke|click|tap|klikk|klicka|klik)\b.{0,40}\b(?:button|schaltfläche|knappen|knap)\b"
    r".{0,60}\b(?:zu laden|laden|load|laste|ladda|indlæse)\b",
    _I,
)
# A paywall's note to readers who already pay: "If you're already a subscriber, log in".
SUBSCRIBER_NOTE = re.compile(
    r"\b(?:already (?:a )?subscriber|bereits abonnent(?:in)?|schon abonnent(?:in)?|"
    r"allerede abonnent|redan prenumerant)\b",
    _I,
)
# "Follow <name> on Twitter and Instagram … and on Facebook …": a follow line naming three networks or more.
# Networks named in full only, not `_NETWORK`: its short forms and channels (in, x, li, mail, print, signal)
# are words of the prose such a line holds, and would count as networks there.
_NAMED_NETWORK = re.compile(
    r"\b(?:facebook|twitter|instagram|linkedin|whatsapp|youtube|tiktok|telegram|threads|bluesky|mastodon|"
    r"pinterest|snapchat|xing)\b",
    _I,
)
_MAX_APPEAL_CHARS = 200
_MAX_FOLLOW_CHARS = 300
_MIN_FOLLOW_NETWORKS = 3


def is_appeal_line(line: str) -> bool:
    """A short line disclosing a review copy or affiliate links, asking for support, advertising an app,
    standing in for embedded content or addressing subscribers; a follow line naming several networks."""
    s = line.strip().strip("|").strip()
    if not s or len(s) > _MAX_FOLLOW_CHARS:
        return False
    if FOLLOW_LINE.match(s) and len(_NAMED_NETWORK.findall(s)) >= _MIN_FOLLOW_NETWORKS:
        return True
    return len(s) <= _MAX_APPEAL_CHARS and bool(
        DISCLOSURE.search(s)
        or SUPPORT_APPEAL.search(s)
        or APP_PROMO.search(s)
        or CONSENT_PLACEHOLDER.match(s)
        or SUBSCRIBER_NOTE.search(s)
    )
