"""Short news articles (two sentences) in nb, nn, da, sv, de and en, for language-detection tests and benchmarks.

Written for this project: the same 22 news sentences in each language, each translated by hand (not taken
from any corpus), with slots for a place, a weekday and a number. The Nordic versions differ from each other
only where the languages do, which is what makes them hard on two sentences.
"""

from __future__ import annotations

import random

LANGUAGES = ("nb", "nn", "da", "sv", "de", "en")

_SENTENCES: dict[str, tuple[str, ...]] = {
    "nb": (
        "Kommunestyret i {place} vedtok {day} å bygge en ny skole til {num} millioner kroner.",
        "Politiet ber folk om å holde seg unna sentrum etter at en bil kjørte inn i et butikkvindu.",
        "Ordføreren sier at saken skal behandles på nytt etter sommeren.",
        "Det var {num} personer som måtte evakueres fra boligfeltet natt til {day}.",
        "Meteorologene varsler kraftig vind og mye nedbør langs kysten de neste dagene.",
        "Togtrafikken mellom {place} og Oslo er innstilt på grunn av en feil på signalanlegget.",
        "Regjeringen vil bruke mer penger på sykehusene i nord, ifølge statsministeren.",
        "Laget vant kampen med to mål i andre omgang og rykker dermed opp en plass på tabellen.",
        "Prisene på strøm har steget kraftig denne uken, og mange husholdninger merker det.",
        "Hun forteller at hun aldri hadde trodd at bedriften skulle bli så stor.",
        "Brannvesenet rykket ut til en brann i en enebolig i {place} tidlig {day} morgen.",
        "Det er ikke første gang veien har vært stengt på grunn av ras denne vinteren.",
        "Fylkeskommunen har ennå ikke bestemt hvor mange ferger som skal gå i rute neste år.",
        "Ifølge NRK har over {num} elever søkt på den nye linjen ved den videregående skolen.",
        "Kommunen mener at tiltakene er nødvendige for å få økonomien i balanse igjen.",
        "Han ble pågrepet av politiet etter en kort biljakt gjennom byen.",
        "Forskerne har fulgt bestanden av villrein i flere tiår.",
        "Mange foreldre er bekymret for at barnehagen skal legges ned.",
        "Butikken holder stengt resten av uken mens skadene utbedres.",
        "Konserten i {place} ble utsolgt etter bare noen få minutter.",
        "Etter flere uker med forhandlinger ble partene enige sent i går kveld.",
        "Sykehuset har fått kritikk for lange ventetider i akuttmottaket.",
    ),
    "nn": (
        "Kommunestyret i {place} vedtok {day} å byggje ein ny skule til {num} millionar kroner.",
        "Politiet ber folk halde seg unna sentrum etter at ein bil køyrde inn i eit butikkvindauge.",
        "Ordføraren seier at saka skal handsamast på nytt etter sommaren.",
        "Det var {num} personar som måtte evakuerast frå bustadfeltet natt til {day}.",
        "Meteorologane varslar kraftig vind og mykje nedbør langs kysten dei neste dagane.",
        "Togtrafikken mellom {place} og Oslo er innstilt på grunn av ein feil på signalanlegget.",
        "Regjeringa vil bruke meir pengar på sjukehusa i nord, ifølgje statsministeren.",
        "Laget vann kampen med to mål i andre omgang og rykkjer dermed opp ein plass på tabellen.",
        "Prisane på straum har stige kraftig denne veka, og mange hushald merkar det.",
        "Ho fortel at ho aldri hadde trudd at bedrifta skulle bli så stor.",
        "Brannvesenet rykte ut til ein brann i ein einebustad i {place} tidleg {day} morgon.",
        "Det er ikkje første gong vegen har vore stengd på grunn av ras denne vinteren.",
        "Fylkeskommunen har enno ikkje bestemt kor mange ferjer som skal gå i rute neste år.",
        "Ifølgje NRK har over {num} elevar søkt på den nye linja ved den vidaregåande skulen.",
        "Kommunen meiner at tiltaka er naudsynte for å få økonomien i balanse igjen.",
        "Han vart pågripen av politiet etter ei kort biljakt gjennom byen.",
        "Forskarane har følgt bestanden av villrein i fleire tiår.",
        "Mange foreldre er uroa for at barnehagen skal leggjast ned.",
        "Butikken held stengt resten av veka medan skadane vert utbetra.",
        "Konserten i {place} vart utseld etter berre nokre få minutt.",
        "Etter fleire veker med forhandlingar vart partane samde seint i går kveld.",
        "Sjukehuset har fått kritikk for lange ventetider i akuttmottaket.",
    ),
    "da": (
        "Byrådet i {place} besluttede {day} at bygge en ny skole til {num} millioner kroner.",
        "Politiet beder folk om at holde sig væk fra midtbyen, efter at en bil kørte ind i et butiksvindue.",
        "Borgmesteren siger, at sagen skal behandles igen efter sommerferien.",
        "Der var {num} personer, som måtte evakueres fra boligområdet natten til {day}.",
        "Meteorologerne varsler kraftig blæst og meget regn langs kysten de kommende dage.",
        "Togtrafikken mellem {place} og København er indstillet på grund af en fejl i signalanlægget.",
        "Regeringen vil bruge flere penge på sygehusene i Jylland, oplyser statsministeren.",
        "Holdet vandt kampen med to mål i anden halvleg og rykker dermed en plads op i tabellen.",
        "Elpriserne er steget voldsomt i denne uge, og mange husstande kan mærke det.",
        "Hun fortæller, at hun aldrig havde troet, at virksomheden skulle blive så stor.",
        "Brandvæsenet rykkede ud til en brand i et parcelhus i {place} tidligt {day} morgen.",
        "Det er ikke første gang, at vejen har været spærret på grund af oversvømmelse i vinter.",
        "Regionen har endnu ikke besluttet, hvor mange færger der skal sejle næste år.",
        "Ifølge DR har over {num} elever søgt ind på den nye linje på gymnasiet.",
        "Kommunen mener, at besparelserne er nødvendige for at få økonomien i balance igen.",
        "Han blev anholdt af politiet efter en kort biljagt gennem byen.",
        "Forskerne har fulgt bestanden af krondyr i flere årtier.",
        "Mange forældre er bekymrede for, at børnehaven skal lukkes.",
        "Butikken holder lukket resten af ugen, mens skaderne bliver udbedret.",
        "Koncerten i {place} blev udsolgt efter blot nogle få minutter.",
        "Efter flere ugers forhandlinger blev parterne enige sent i går aftes.",
        "Sygehuset har fået kritik for lange ventetider i akutmodtagelsen.",
    ),
    "sv": (
        "Kommunfullmäktige i {place} beslutade på {day} att bygga en ny skola för {num} miljoner kronor.",
        "Polisen uppmanar allmänheten att hålla sig borta från centrum efter att en bil kört in i ett skyltfönster.",
        "Kommunalrådet säger att ärendet ska behandlas på nytt efter sommaren.",
        "Det var {num} personer som fick evakueras från bostadsområdet natten till {day}.",
        "Meteorologerna varnar för hårda vindar och mycket nederbörd längs kusten de närmaste dagarna.",
        "Tågtrafiken mellan {place} och Stockholm är inställd på grund av ett signalfel.",
        "Regeringen vill satsa mer pengar på sjukhusen i norr, enligt statsministern.",
        "Laget vann matchen med två mål i andra halvlek och klättrar därmed en plats i tabellen.",
        "Elpriserna har stigit kraftigt den här veckan, och många hushåll märker av det.",
        "Hon berättar att hon aldrig hade trott att företaget skulle bli så stort.",
        "Räddningstjänsten larmades till en brand i en villa i {place} tidigt på morgonen.",
        "Det är inte första gången som vägen har varit avstängd på grund av ras den här vintern.",
        "Regionen har ännu inte bestämt hur många färjor som ska trafikera leden nästa år.",
        "Enligt SVT har över {num} elever sökt till den nya linjen på gymnasiet.",
        "Kommunen anser att åtgärderna är nödvändiga för att få ekonomin i balans igen.",
        "Han greps av polisen efter en kort biljakt genom staden.",
        "Forskarna har följt vargstammen i flera decennier.",
        "Många föräldrar är oroliga för att förskolan ska läggas ner.",
        "Butiken håller stängt resten av veckan medan skadorna åtgärdas.",
        "Konserten i {place} sålde slut efter bara några minuter.",
        "Efter flera veckors förhandlingar kom parterna överens sent i går kväll.",
        "Sjukhuset har fått kritik för långa väntetider på akutmottagningen.",
    ),
    "de": (
        "Der Stadtrat von {place} hat am {day} beschlossen, für {num} Millionen Euro eine neue Schule zu bauen.",
        "Die Polizei bittet die Bevölkerung, die Innenstadt zu meiden, nachdem ein Auto in ein Schaufenster fuhr.",
        "Der Bürgermeister sagt, die Angelegenheit werde nach der Sommerpause erneut beraten.",
        "In der Nacht zum {day} mussten {num} Menschen aus dem Wohngebiet evakuiert werden.",
        "Der Wetterdienst warnt in den kommenden Tagen vor starkem Wind und viel Regen an der Küste.",
        "Der Zugverkehr zwischen {place} und Berlin ist wegen einer Signalstörung eingestellt.",
        "Die Bundesregierung will mehr Geld für die Krankenhäuser auf dem Land ausgeben, sagte der Kanzler.",
        "Die Mannschaft gewann mit zwei Toren in der zweiten Halbzeit und klettert damit einen Platz nach oben.",
        "Die Strompreise sind in dieser Woche stark gestiegen, und viele Haushalte spüren das.",
        "Sie erzählt, sie hätte nie gedacht, dass das Unternehmen einmal so groß werden würde.",
        "Die Feuerwehr wurde am frühen Morgen zu einem Brand in einem Einfamilienhaus in {place} gerufen.",
        "Es ist nicht das erste Mal, dass die Straße in diesem Winter wegen eines Erdrutsches gesperrt ist.",
        "Der Landkreis hat noch nicht entschieden, wie viele Fähren im nächsten Jahr fahren sollen.",
        "Nach Angaben des NDR haben sich mehr als {num} Schüler für den neuen Zweig am Gymnasium beworben.",
        "Die Gemeinde hält die Sparmaßnahmen für notwendig, um den Haushalt wieder auszugleichen.",
        "Er wurde nach einer kurzen Verfolgungsjagd durch die Stadt von der Polizei festgenommen.",
        "Die Forscher beobachten den Bestand der Rothirsche seit mehreren Jahrzehnten.",
        "Viele Eltern befürchten, dass die Kita geschlossen wird.",
        "Das Geschäft bleibt für den Rest der Woche geschlossen, während die Schäden behoben werden.",
        "Das Konzert in {place} war nach wenigen Minuten ausverkauft.",
        "Nach wochenlangen Verhandlungen haben sich die Parteien gestern spät am Abend geeinigt.",
        "Das Krankenhaus steht wegen langer Wartezeiten in der Notaufnahme in der Kritik.",
    ),
    "en": (
        "The city council in {place} voted on {day} to build a new school costing {num} million pounds.",
        "Police are asking people to stay away from the town centre after a car crashed into a shop window.",
        "The council leader says the matter will be considered again after the summer.",
        "On {day} night, {num} people had to be evacuated from the housing estate.",
        "Forecasters are warning of strong winds and heavy rain along the coast over the coming days.",
        "Trains between {place} and London have been cancelled because of a signalling fault.",
        "The government wants to spend more money on hospitals in the north, according to the prime minister.",
        "The team won the match with two goals in the second half and climbs one place in the table.",
        "Electricity prices have risen sharply this week, and many households are feeling it.",
        "She says she never thought the company would grow so large.",
        "Firefighters were called to a house fire in {place} early on {day} morning.",
        "It is not the first time this winter that the road has been closed because of a landslide.",
        "The county has not yet decided how many ferries will run next year.",
        "According to the BBC, more than {num} pupils have applied for the new course at the college.",
        "The council says the cuts are necessary to balance the budget again.",
        "He was arrested by police after a short car chase through the city.",
        "Researchers have followed the red deer population for several decades.",
        "Many parents are worried that the nursery will close.",
        "The shop will remain closed for the rest of the week while the damage is repaired.",
        "The concert in {place} sold out within a few minutes.",
        "After weeks of negotiations, the two sides reached an agreement late last night.",
        "The hospital has been criticised for long waiting times in its emergency department.",
    ),
}

_PLACES = {
    "nb": ("Bergen", "Tromsø", "Stavanger", "Drammen", "Bodø", "Hamar"),
    "nn": ("Bergen", "Førde", "Voss", "Ålesund", "Odda", "Volda"),
    "da": ("Aarhus", "Odense", "Aalborg", "Esbjerg", "Roskilde", "Vejle"),
    "sv": ("Göteborg", "Malmö", "Uppsala", "Umeå", "Örebro", "Luleå"),
    "de": ("Hamburg", "Leipzig", "Köln", "Dresden", "Kassel", "Bremen"),
    "en": ("Leeds", "Bristol", "Manchester", "Glasgow", "Cardiff", "York"),
}
_DAYS = {
    "nb": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag"),
    "nn": ("måndag", "tysdag", "onsdag", "torsdag", "fredag"),
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag"),
    "sv": ("måndagen", "tisdagen", "onsdagen", "torsdagen", "fredagen"),
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"),
}
_NUMBERS = ("12", "18", "35", "40", "60", "120", "250")


def short_articles(lang: str, n: int = 100, seed: int = 11, sentences: int = 2) -> list[str]:
    """`n` distinct articles of `sentences` sentences in `lang` (deterministic for a seed)."""
    rng = random.Random(f"{seed}:{lang}")
    pool = _SENTENCES[lang]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        picked = rng.sample(range(len(pool)), sentences)
        slots = {"place": rng.choice(_PLACES[lang]), "day": rng.choice(_DAYS[lang]), "num": rng.choice(_NUMBERS)}
        text = " ".join(pool[i].format(**slots) for i in picked)
        if text not in seen:
            seen.add(text)
            out.append(text)
    return out


def labelled(n: int = 100, seed: int = 11, sentences: int = 2) -> list[tuple[str, str]]:
    """(expected language, text) for `n` articles of `sentences` sentences in each language."""
    return [(lang, text) for lang in LANGUAGES for text in short_articles(lang, n, seed, sentences)]
