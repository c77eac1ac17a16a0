"""The fast path gives langdetect's own answers: the same n-grams in the same order, the same languages, the same
probabilities, on texts short and long in the languages the pipeline meets (and a few it must not mistake)."""

from __future__ import annotations

import pytest
from langdetect import DetectorFactory, LangDetectException
from langdetect.detector_factory import init_factory

from newsflow.articles.fast_langdetect import FastDetector, cleaned, ngrams
from tests.support.shorttext import labelled

pytestmark = pytest.mark.no_warehouse

# Written for this test. Short ones are one sentence; the long ones several paragraphs with what real pages
# carry: capitals, figures, a URL and an address, quotes, runs of spaces and line breaks.
NORWEGIAN = (
    "Bystyret i Bergen vedtok tirsdag kveld å utsette byggingen av den nye bybanen til neste år.\n\n"
    "Ifølge rådmannen har kostnadene økt med nesten 40 prosent siden prosjektet ble lagt fram i 2022, og "
    "flere partier krever nå en ny utredning før noe mer blir bestemt. «Vi kan ikke bruke penger vi ikke "
    "har», sa gruppelederen i Høyre til NRK etter møtet.\n\n"
    "Innbyggerne i bydelen har i lang tid klaget over trafikken langs hovedveien, der det i fjor ble "
    "registrert over 18 000 biler i døgnet. Mange mener at en utsettelse bare gjør problemet verre.\n"
    "Les mer på https://www.example.no/nyheter/bybanen eller send tips til tips@example.no."
)
DANISH = (
    "Byrådet i Aarhus besluttede tirsdag aften at udskyde byggeriet af den nye letbane til næste år.\n\n"
    "Ifølge kommunaldirektøren er udgifterne steget med næsten 40 procent, siden projektet blev fremlagt i "
    "2022, og flere partier kræver nu en ny undersøgelse, før der bliver besluttet mere. »Vi kan ikke bruge "
    "penge, vi ikke har,« sagde gruppeformanden for Venstre til DR efter mødet.\n\n"
    "Beboerne i bydelen har længe klaget over trafikken på hovedvejen, hvor der sidste år blev registreret "
    "over 18.000 biler i døgnet. Mange mener, at en udsættelse blot gør problemet større."
)
SWEDISH = (
    "Kommunfullmäktige i Göteborg beslutade på tisdagskvällen att skjuta upp bygget av den nya "
    "spårvägen till nästa år.\n\n"
    "Enligt stadsdirektören har kostnaderna ökat med nästan 40 procent sedan projektet presenterades 2022, "
    "och flera partier kräver nu en ny utredning innan något mer beslutas. – Vi kan inte använda pengar som "
    "vi inte har, sade gruppledaren för Moderaterna till SVT efter mötet.\n\n"
    "De boende i stadsdelen har länge klagat på trafiken längs huvudvägen, där det i fjol registrerades "
    "över 18 000 bilar per dygn."
)
GERMAN = (
    "Der Stadtrat von Leipzig hat am Dienstagabend beschlossen, den Bau der neuen Straßenbahnlinie auf das "
    "nächste Jahr zu verschieben.\n\n"
    "Nach Angaben der Verwaltung sind die Kosten seit der Vorstellung des Projekts im Jahr 2022 um fast 40 "
    "Prozent gestiegen. Mehrere Fraktionen fordern nun ein neues Gutachten, bevor weitere Entscheidungen "
    "fallen. „Wir können kein Geld ausgeben, das wir nicht haben“, sagte der Fraktionsvorsitzende der CDU "
    "nach der Sitzung dem MDR.\n\n"
    "Die Anwohner klagen seit Langem über den Verkehr auf der Hauptstraße, auf der im vergangenen Jahr mehr "
    "als 18.000 Fahrzeuge am Tag gezählt wurden. WEITERE INFORMATIONEN unter https://example.de/stadtrat."
)
ENGLISH = (
    "The city council in Leeds voted on Tuesday evening to postpone construction of the new tram line until "
    "next year.\n\n"
    "According to the council's chief executive, costs have risen by almost 40 percent since the project was "
    "presented in 2022, and several parties are now demanding a fresh review before anything else is decided. "
    '"We cannot spend money we do not have," the Conservative group leader told the BBC after the meeting.\n\n'
    "Residents of the district have long complained about traffic on the main road, where more than 18,000 "
    "vehicles a day were counted last year. Many say a delay will only make the problem worse."
)
FRENCH = (
    "Le conseil municipal de Lyon a décidé mardi soir de reporter à l'année prochaine la construction de la "
    "nouvelle ligne de tramway. Selon la direction générale, les coûts ont augmenté de près de 40 % depuis la "
    "présentation du projet en 2022."
)
DUTCH = (
    "De gemeenteraad van Utrecht heeft dinsdagavond besloten de aanleg van de nieuwe tramlijn uit te stellen "
    "tot volgend jaar. Volgens de gemeentesecretaris zijn de kosten sinds 2022 met bijna 40 procent gestegen."
)
RUSSIAN = (
    "Городской совет Казани во вторник вечером решил отложить строительство новой трамвайной линии до "
    "следующего года. По данным администрации, расходы выросли почти на 40 процентов (see www.example.ru)."
)
GREEK = "Το δημοτικό συμβούλιο της Θεσσαλονίκης αποφάσισε την Τρίτη να αναβάλει την κατασκευή της νέας γραμμής."
VIETNAMESE = "Hội đồng thành phố Hà Nội quyết định hoãn xây dựng tuyến xe điện mới sang năm sau."  # combining marks
SHORT = (
    "Bystyret utsatte bybanen.",
    "Byrådet udskød letbanen.",
    "Kommunen sköt upp spårvägen.",
    "Der Stadtrat vertagte die Straßenbahn.",
    "The council postponed the tram.",
    "NRK  OG  DR  MELDTE  DETTE",
    "Ja takk, det vil jeg gjerne ha til middag i dag",
)
LONG = (NORWEGIAN, DANISH, SWEDISH, GERMAN, ENGLISH)
TEXTS = (
    *LONG,
    *SHORT,
    FRENCH,
    DUTCH,
    RUSSIAN,
    GREEK,
    VIETNAMESE,
    " ".join(LONG),  # past 2,500 characters, several languages
    (GERMAN + " ") * 6,  # past langdetect's own 10,000-character cut
    *(text for text, _ in labelled(5, 2)),
    *(text for text, _ in labelled(3, 6)),
)


@pytest.fixture(scope="module")
def factory() -> object:
    DetectorFactory.seed = 0  # as the pipeline seeds it
    init_factory()
    from langdetect.detector_factory import _factory

    return _factory


def _langdetect(factory: object, text: str) -> list[tuple[str, float]]:
    detector = factory.create()  # type: ignore[attr-defined]
    detector.append(text)
    return [(found.lang, found.prob) for found in detector.get_probabilities()]


@pytest.mark.parametrize("text", TEXTS, ids=[text[:24] for text in TEXTS])
def test_the_same_languages_and_probabilities(factory: object, text: str) -> None:
    expected = _langdetect(factory, text)
    got = [(found.lang, found.prob) for found in FastDetector(factory).probabilities(text)]
    assert [lang for lang, _ in got] == [lang for lang, _ in expected]
    assert [prob for _, prob in got] == pytest.approx([prob for _, prob in expected], abs=1e-12)


@pytest.mark.parametrize("text", TEXTS, ids=[text[:24] for text in TEXTS])
def test_the_same_ngrams_in_the_same_order(factory: object, text: str) -> None:
    detector = factory.create()  # type: ignore[attr-defined]
    detector.append(text)
    detector.cleaning_text()
    assert cleaned(text) == detector.text
    assert ngrams(cleaned(text), factory.word_lang_prob_map) == detector._extract_ngrams()  # type: ignore[attr-defined]


def test_the_expected_languages(factory: object) -> None:
    fast = FastDetector(factory)
    found = [fast.probabilities(text)[0].lang for text in (*LONG, FRENCH, DUTCH, RUSSIAN, GREEK, VIETNAMESE)]
    assert found == ["no", "da", "sv", "de", "en", "fr", "nl", "ru", "el", "vi"]


def test_one_detector_answers_every_text_as_a_fresh_one(factory: object) -> None:
    # The detector keeps each word's n-grams between texts: what it learnt from one text changes no other answer.
    fast = FastDetector(factory)
    first = [[(f.lang, f.prob) for f in fast.probabilities(text)] for text in TEXTS]
    assert first == [[(f.lang, f.prob) for f in FastDetector(factory).probabilities(text)] for text in TEXTS]


def test_a_text_without_features_is_refused_as_langdetect_refuses_it(factory: object) -> None:
    with pytest.raises(LangDetectException) as theirs:
        _langdetect(factory, "12 345 -- 678 !!")
    with pytest.raises(LangDetectException) as ours:
        FastDetector(factory).probabilities("12 345 -- 678 !!")
    assert ours.value.code == theirs.value.code


def test_the_word_memo_starting_again_changes_no_answer(factory: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.articles import fast_langdetect

    monkeypatch.setattr(fast_langdetect, "WORDS_KEPT", 10)
    fast = FastDetector(factory)
    got = [[(f.lang, f.prob) for f in fast.probabilities(text)] for text in TEXTS]
    assert len(fast._words) <= 10 + max(len(text.split()) for text in TEXTS)
    expected = [_langdetect(factory, text) for text in TEXTS]
    assert [[lang for lang, _ in found] for found in got] == [[lang for lang, _ in found] for found in expected]
    assert [p for found in got for _, p in found] == pytest.approx(
        [p for found in expected for _, p in found], abs=1e-12
    )
