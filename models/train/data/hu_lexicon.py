"""Word lists written for this project (and the MIT `hu-names` / `hu-city` lists where installed).

Sentiment words carry their polarity and the frame they appear in; nouns carry the forms the
templates need; places carry their irregular locatives (Pécsett, Győrben, Szegeden), because
Hungarian town names do not follow one rule.
"""

from __future__ import annotations

import importlib
from functools import cache

# --- sentiment ------------------------------------------------------------------------------
POSITIVE_ADJ = ["jó", "szép", "kiváló", "remek", "csodás", "csodálatos", "izgalmas", "kellemes", "vicces", "érdekes", "nagyszerű", "fantasztikus", "tökéletes", "lenyűgöző", "hangulatos", "barátságos", "kedves", "segítőkész", "udvarias", "gyors", "pontos", "tiszta", "finom", "ízletes", "megbízható", "hasznos", "kényelmes", "korrekt", "profi", "szuper", "klassz", "zseniális", "elbűvölő", "megható", "szórakoztató", "látványos", "gyönyörű", "áttekinthető", "egyszerű", "friss", "bőséges", "ügyes", "türelmes", "figyelmes", "megfizethető", "olcsó", "csendes", "napos", "világos", "logikus", "eredeti", "ötletes", "színvonalas", "szívélyes", "hibátlan", "jópofa", "aranyos", "igényes", "változatos", "rendes", "békés"]
NEGATIVE_ADJ = ["rossz", "csúnya", "unalmas", "szörnyű", "borzalmas", "gyenge", "fárasztó", "szomorú", "pocsék", "zavaros", "lassú", "drága", "koszos", "piszkos", "ehetetlen", "használhatatlan", "bunkó", "udvariatlan", "goromba", "hanyag", "megbízhatatlan", "kiábrándító", "idegesítő", "értelmetlen", "felesleges", "silány", "vacak", "gagyi", "vontatott", "sótlan", "íztelen", "zsúfolt", "zajos", "kényelmetlen", "túlárazott", "hibás", "elavult", "kaotikus", "nevetséges", "rémes", "katasztrofális", "frusztráló", "ócska", "nehézkes", "bonyolult", "esős", "sivár", "lehangoló", "kellemetlen", "büdös", "hideg", "langyos", "rideg", "arrogáns", "figyelmetlen", "átlátszó", "gyatra", "botrányos"]
INTENSIFIERS = ["nagyon", "igazán", "rendkívül", "kifejezetten", "eléggé", "elég", "borzasztóan", "iszonyú", "tök", "teljesen", "abszolút", "hihetetlenül", "különösen", "roppant", "egészen", "kimondottan"]
SOFTENERS = ["kicsit", "kissé", "némileg", "egy kicsit"]

# nouns: (nominative, accusative, inessive) — the forms the templates use
NOUNS: list[tuple[str, str, str]] = [
    ("film", "filmet", "filmben"), ("könyv", "könyvet", "könyvben"), ("előadás", "előadást", "előadásban"),
    ("koncert", "koncertet", "koncertben"), ("étterem", "éttermet", "étteremben"),
    ("szálloda", "szállodát", "szállodában"), ("hotel", "hotelt", "hotelben"),
    ("kiszolgálás", "kiszolgálást", "kiszolgálásban"), ("vacsora", "vacsorát", "vacsorában"),
    ("ebéd", "ebédet", "ebédben"), ("pizza", "pizzát", "pizzában"), ("kávé", "kávét", "kávéban"),
    ("sorozat", "sorozatot", "sorozatban"), ("játék", "játékot", "játékban"),
    ("telefon", "telefont", "telefonban"), ("alkalmazás", "alkalmazást", "alkalmazásban"),
    ("tanár", "tanárt", "tanárban"), ("óra", "órát", "órában"), ("vizsga", "vizsgát", "vizsgában"),
    ("iskola", "iskolát", "iskolában"), ("csapat", "csapatot", "csapatban"), ("meccs", "meccset", "meccsben"),
    ("utazás", "utazást", "utazásban"), ("vonat", "vonatot", "vonatban"), ("busz", "buszt", "buszban"),
    ("bolt", "boltot", "boltban"), ("webshop", "webshopot", "webshopban"),
    ("szállítás", "szállítást", "szállításban"), ("termék", "terméket", "termékben"),
    ("orvos", "orvost", "orvosban"), ("rendelő", "rendelőt", "rendelőben"), ("tanfolyam", "tanfolyamot", "tanfolyamban"),
    ("kirándulás", "kirándulást", "kirándulásban"), ("kiállítás", "kiállítást", "kiállításban"),
    ("album", "albumot", "albumban"), ("dal", "dalt", "dalban"), ("színdarab", "színdarabot", "színdarabban"),
    ("regény", "regényt", "regényben"), ("szoba", "szobát", "szobában"), ("reggeli", "reggelit", "reggeliben"),
    ("leves", "levest", "levesben"), ("süti", "sütit", "sütiben"), ("laptop", "laptopot", "laptopban"),
    ("frissítés", "frissítést", "frissítésben"), ("ügyfélszolgálat", "ügyfélszolgálatot", "ügyfélszolgálatban"),
    ("pincér", "pincért", "pincérben"), ("futár", "futárt", "futárban"), ("nyaralás", "nyaralást", "nyaralásban"),
    ("buli", "bulit", "buliban"), ("rendezvény", "rendezvényt", "rendezvényben"), ("munka", "munkát", "munkában"),
    ("főnök", "főnököt", "főnökben"), ("szomszéd", "szomszédot", "szomszédban"), ("kávézó", "kávézót", "kávézóban"),
    ("edzés", "edzést", "edzésben"), ("strand", "strandot", "strandon"), ("fesztivál", "fesztivált", "fesztiválon"),
    ("mozi", "mozit", "moziban"), ("cukrászda", "cukrászdát", "cukrászdában"), ("szolgáltatás", "szolgáltatást", "szolgáltatásban"),
]  # fmt: skip
OUR_NOUNS = ["időnk", "napunk", "esténk", "vacsoránk", "hetünk", "hétvégénk", "nyaralásunk", "szomszédunk"]

# verbs whose subject is the thing judged: (affirmative, negated, polarity)
VERBS_SUBJECT = [
    ("tetszett", "nem tetszett", 1), ("tetszik", "nem tetszik", 1), ("bejött", "nem jött be", 1),
    ("megérte", "nem érte meg", 1), ("ízlett", "nem ízlett", 1), ("jól sikerült", "nem sikerült jól", 1),
    ("működik", "nem működik", 1), ("lenyűgözött", "nem nyűgözött le", 1), ("felvidított", "nem vidított fel", 1),
    ("untatott", "nem untatott", 0), ("idegesített", "nem idegesített", 0), ("felbosszantott", "nem bosszantott fel", 0),
    ("elromlott", "nem romlott el", 0), ("lefagyott", "nem fagyott le", 0), ("késett", "nem késett", 0),
    ("csalódást okozott", "nem okozott csalódást", 0), ("kiakasztott", "nem akasztott ki", 0),
    ("rosszul sikerült", "nem sikerült rosszul", 0), ("elszomorított", "nem szomorított el", 0),
]  # fmt: skip
# verbs that take the thing judged as object (accusative): (affirmative, negated, polarity)
VERBS_OBJECT = [
    ("imádtam", "nem imádtam", 1), ("szerettem", "nem szerettem", 1), ("élveztem", "nem élveztem", 1),
    ("élveztük", "nem élveztük", 1), ("ajánlom", "nem ajánlom", 1), ("szeretem", "nem szeretem", 1),
    ("imádom", "nem imádom", 1), ("kedveltem", "nem kedveltem", 1), ("megszerettem", "nem szerettem meg", 1),
    ("utáltam", "nem utáltam", 0), ("utálom", "nem utálom", 0), ("gyűlöltem", "nem gyűlöltem", 0),
    ("megbántam", "nem bántam meg", 0), ("sajnáltam", "nem sajnáltam", 0),
]  # fmt: skip
# intransitive: the speaker's state: (affirmative, negated, polarity)
VERBS_SELF = [
    ("jól éreztem magam", "nem éreztem jól magam", 1), ("jól szórakoztam", "nem szórakoztam jól", 1),
    ("elégedett vagyok", "nem vagyok elégedett", 1), ("elégedettek voltunk", "nem voltunk elégedettek", 1),
    ("örülök", "nem örülök", 1), ("boldog voltam", "nem voltam boldog", 1), ("sokat nevettünk", "nem nevettünk", 1),
    ("csalódtam", "nem csalódtam", 0), ("csalódtunk", "nem csalódtunk", 0), ("unatkoztam", "nem unatkoztam", 0),
    ("szenvedtem", "nem szenvedtem", 0), ("bosszankodtam", "nem bosszankodtam", 0),
    ("mérges vagyok", "nem vagyok mérges", 0), ("elégedetlen vagyok", "nem vagyok elégedetlen", 0),
    ("dühös voltam", "nem voltam dühös", 0), ("aggódtam", "nem aggódtam", 0), ("idegeskedtem", "nem idegeskedtem", 0),
]  # fmt: skip
POSITIVE_NOUNS = ["élmény", "öröm", "siker", "csoda", "kikapcsolódás", "meglepetés", "felüdülés", "jó döntés"]
NEGATIVE_NOUNS = ["csalódás", "katasztrófa", "kudarc", "pénzkidobás", "időpazarlás", "rémálom", "átverés", "tragédia"]
PROBLEM_NOUNS = ["gond", "probléma", "baj", "hiba", "panasz", "fennakadás"]  # "semmi gond nem volt" is praise
PHRASES_POSITIVE = [
    "Mindenkinek ajánlom!", "Csak ajánlani tudom.", "Még egyszer biztosan eljövünk.", "Ötcsillagos!",
    "Megérte minden forintot.", "Köszönjük, minden rendben volt.", "Szívből ajánlom.", "Visszajárunk!",
    "Le a kalappal!", "Így kell ezt csinálni.", "Minden a helyén volt.", "Gyorsan és pontosan megérkezett.",
]  # fmt: skip
PHRASES_NEGATIVE = [
    "Senkinek nem ajánlom.", "Soha többé!", "Kidobott pénz.", "Ide többet nem jövünk.", "Kerüljétek el!",
    "Ez vicc.", "Hát ez gáz.", "Pénzkidobás volt az egész.", "Egy csillagot sem érdemel.", "Soha többé nem rendelek innen.",
    "Két órát vártunk.", "Azóta sem válaszoltak.",
]  # fmt: skip
OPENERS = [
    "Tegnap", "Ma", "Múlt héten", "Szerintem", "Őszintén szólva", "Hát", "Amúgy", "Összességében", "Végül is",
    "Az igazat megvallva", "Sajnos", "Szerencsére", "Meglepő módon", "Most", "Idén", "Ezúttal",
]  # fmt: skip
OPENER_POLARITY = {"Sajnos": 0, "Szerencsére": 1}  # openers that lean: used only with a matching clause
CONTRAST = ["de", "de", "viszont", "azonban", "ám"]
NEGATORS_ADJ = [["nem"], ["nem"], ["egyáltalán", "nem"], ["sosem"], ["egyáltalán", "nem"], ["soha", "nem"], ["nem", "igazán"]]
NEGATORS_VERB = [[], [], ["egyáltalán"], ["sosem"], ["soha"], ["igazán"]]  # before the negated verb phrase


# --- names and places -----------------------------------------------------------------------
FIRST_NAMES = ["Józsi", "Anna", "Péter", "Kati", "Gábor", "Zsófi", "Bence", "Eszter", "Laci", "Judit", "Tamás", "Réka", "Balázs", "Nóra", "Ádám", "Lili", "Máté", "Dóra", "Zoli", "Erzsi", "Ferkó", "Vera", "Csaba", "Ildikó", "Gergő", "Boglárka", "Marci", "Panni", "Szilvia", "Szilvi", "Gyuri", "Pisti", "Marcsi", "Dávid", "Kata", "Kinga", "Botond", "Levente", "Dániel", "Viktória", "Viki", "Orsi", "Orsolya", "Gréta", "Hanna", "Luca", "Zsuzsa", "Zsuzsi", "Ágnes", "Ági", "Krisztina", "Kriszti", "Tímea", "Timi", "Andrea", "Andi", "Mónika", "Móni", "Edit", "Erika", "Melinda", "Petra", "Fanni", "Flóra", "Noémi", "Emese", "Enikő", "Bernadett", "Ramóna", "Klára", "Margit", "Ilona", "Irén", "Piroska", "Rozi", "Mari", "Juli", "Sára", "Dorina", "Zita", "Vivien", "István", "Pista", "József", "Jóska", "Sándor", "Sanyi", "Ferenc", "Feri", "Attila", "Zoltán", "Tibor", "Lajos", "Imre", "Miklós", "Mihály", "Misi", "András", "Bandi", "Róbert", "Robi", "Norbert", "Norbi", "Krisztián", "Roland", "Richárd", "Márk", "Milán", "Olivér", "Barnabás", "Barni", "Benedek", "Bálint", "Szabolcs", "Zsolt", "Viktor", "Károly", "Karcsi", "Ernő", "Dezső", "Győző", "Jenő", "Kálmán", "Béla", "Öcsi", "Örs", "Kristóf", "Patrik", "Erik", "Áron", "Vince", "Zalán", "Hunor", "Csongor", "Tas", "Kornél", "Ottó", "Gusztáv", "Gusztáv", "Henrik", "Mátyás", "Benjámin", "Noel", "Dominik", "Zente", "Nimród", "Sebestyén", "Tódor", "Jázmin", "Liliána", "Villő", "Hajnalka", "Virág", "Boróka"]
SURNAMES = ["Kovács", "Nagy", "Szabó", "Tóth", "Horváth", "Varga", "Kiss", "Molnár", "Németh", "Farkas", "Balogh", "Papp", "Takács", "Juhász", "Lakatos", "Mészáros", "Oláh", "Simon", "Rácz", "Fekete", "Szilágyi", "Török", "Fehér", "Balázs", "Gál", "Kis", "Szűcs", "Kocsis", "Orsós", "Pintér", "Fodor", "Szalai", "Sipos", "Magyar", "Lukács", "Gulyás", "Biró", "Király", "Katona", "László", "Jakab", "Bogdán", "Balog", "Sándor", "Boros", "Fazekas", "Kelemen", "Antal", "Somogyi", "Orosz", "Fülöp", "Veres", "Vincze", "Hegedűs", "Budai", "Deák", "Pap", "Bálint", "Illés", "Pál", "Vass", "Szőke", "Fábián", "Vörös", "Lengyel", "Bognár", "Bodnár", "Jónás", "Szücs", "Hajdu", "Halász", "Máté", "Székely", "Gáspár", "Kozma", "Pásztor", "Bakos", "Dudás", "Major", "Hegyi", "Virág", "Orbán", "Barta", "Berki", "Csizmadia", "Kardos", "Erdős", "Vida", "Bartha", "Csonka", "Szekeres"]
FOREIGN_NAMES = ["John", "Maria", "Hans", "Pierre", "Sofia", "Marco", "Emma", "Lukas", "Olga", "Ivan", "Yuki", "Ahmed", "Carlos", "Elena", "Tom", "Sarah"]

# places with the forms Hungarians use: (nominative, locative "where", illative "to", elative "from")
PLACES: list[tuple[str, str, str, str]] = [
    ("Budapest", "Budapesten", "Budapestre", "Budapestről"), ("Szeged", "Szegeden", "Szegedre", "Szegedről"),
    ("Debrecen", "Debrecenben", "Debrecenbe", "Debrecenből"), ("Pécs", "Pécsett", "Pécsre", "Pécsről"),
    ("Győr", "Győrben", "Győrbe", "Győrből"), ("Eger", "Egerben", "Egerbe", "Egerből"),
    ("Miskolc", "Miskolcon", "Miskolcra", "Miskolcról"), ("Sopron", "Sopronban", "Sopronba", "Sopronból"),
    ("Kecskemét", "Kecskeméten", "Kecskemétre", "Kecskemétről"), ("Veszprém", "Veszprémben", "Veszprémbe", "Veszprémből"),
    ("Nyíregyháza", "Nyíregyházán", "Nyíregyházára", "Nyíregyházáról"), ("Szolnok", "Szolnokon", "Szolnokra", "Szolnokról"),
    ("Székesfehérvár", "Székesfehérváron", "Székesfehérvárra", "Székesfehérvárról"),
    ("Szombathely", "Szombathelyen", "Szombathelyre", "Szombathelyről"), ("Tatabánya", "Tatabányán", "Tatabányára", "Tatabányáról"),
    ("Kaposvár", "Kaposváron", "Kaposvárra", "Kaposvárról"), ("Zalaegerszeg", "Zalaegerszegen", "Zalaegerszegre", "Zalaegerszegről"),
    ("Békéscsaba", "Békéscsabán", "Békéscsabára", "Békéscsabáról"), ("Szentendre", "Szentendrén", "Szentendrére", "Szentendréről"),
    ("Vác", "Vácott", "Vácra", "Vácról"), ("Siófok", "Siófokon", "Siófokra", "Siófokról"), ("Tihany", "Tihanyban", "Tihanyba", "Tihanyból"),
    ("Bécs", "Bécsben", "Bécsbe", "Bécsből"), ("London", "Londonban", "Londonba", "Londonból"),
    ("Berlin", "Berlinben", "Berlinbe", "Berlinből"), ("Párizs", "Párizsban", "Párizsba", "Párizsból"),
    ("Róma", "Rómában", "Rómába", "Rómából"), ("Prága", "Prágában", "Prágába", "Prágából"),
    ("Kolozsvár", "Kolozsváron", "Kolozsvárra", "Kolozsvárról"), ("Pozsony", "Pozsonyban", "Pozsonyba", "Pozsonyból"),
    ("Magyarország", "Magyarországon", "Magyarországra", "Magyarországról"),
    ("Ausztria", "Ausztriában", "Ausztriába", "Ausztriából"), ("Németország", "Németországban", "Németországba", "Németországból"),
    ("Olaszország", "Olaszországban", "Olaszországba", "Olaszországból"), ("Erdély", "Erdélyben", "Erdélybe", "Erdélyből"),
    ("Balaton", "a Balatonon", "a Balatonra", "a Balatonról"), ("Duna", "a Dunán", "a Dunára", "a Dunáról"),
    ("Tisza", "a Tiszán", "a Tiszára", "a Tiszáról"), ("Mátra", "a Mátrában", "a Mátrába", "a Mátrából"),
    ("Bükk", "a Bükkben", "a Bükkbe", "a Bükkből"), ("Hortobágy", "a Hortobágyon", "a Hortobágyra", "a Hortobágyról"),
    ("Margitsziget", "a Margitszigeten", "a Margitszigetre", "a Margitszigetről"),
    ("Andrássy út", "az Andrássy úton", "az Andrássy útra", "az Andrássy útról"),
]  # fmt: skip
# organisations: (nominative, "at" form, accusative)
ORGS: list[tuple[str, str, str]] = [
    ("Mol", "a Molnál", "a Molt"), ("OTP", "az OTP-nél", "az OTP-t"), ("Magyar Telekom", "a Magyar Telekomnál", "a Magyar Telekomot"),
    ("Richter", "a Richternél", "a Richtert"), ("MÁV", "a MÁV-nál", "a MÁV-ot"), ("Magyar Nemzeti Bank", "a Magyar Nemzeti Banknál", "a Magyar Nemzeti Bankot"),
    ("ELTE", "az ELTE-n", "az ELTE-t"), ("BME", "a BME-n", "a BME-t"), ("Szegedi Tudományegyetem", "a Szegedi Tudományegyetemen", "a Szegedi Tudományegyetemet"),
    ("Ferencváros", "a Ferencvárosnál", "a Ferencvárost"), ("Vidi", "a Vidinél", "a Vidit"), ("Posta", "a Postánál", "a Postát"),
    ("Tesco", "a Tescónál", "a Tescót"), ("Spar", "a Sparnál", "a Spart"), ("Audi", "az Audinál", "az Audit"),
    ("Google", "a Google-nél", "a Google-t"), ("Microsoft", "a Microsoftnál", "a Microsoftot"), ("BKV", "a BKV-nál", "a BKV-t"),
    ("Wizz Air", "a Wizz Airnél", "a Wizz Airt"), ("Nemzeti Színház", "a Nemzeti Színházban", "a Nemzeti Színházat"),
    ("Magyar Posta", "a Magyar Postánál", "a Magyar Postát"), ("Vöröskereszt", "a Vöröskeresztnél", "a Vöröskeresztet"),
]  # fmt: skip


def _package_list(module: str, attribute: str) -> list[str]:
    """A name list from an installed MIT package (hu-names, hu-city), or [] when it is absent."""
    try:
        return list(getattr(importlib.import_module(module), attribute))
    except (ImportError, AttributeError):
        return []


@cache
def first_names() -> list[str]:
    """Our list plus hu-names' `keresztnevek` (MIT), deduplicated, order kept."""
    return list(dict.fromkeys(FIRST_NAMES + _package_list("hu_names", "keresztnevek")))


@cache
def surnames() -> list[str]:
    return list(dict.fromkeys(SURNAMES + _package_list("hu_names", "vezeteknevek")))


@cache
def towns() -> list[str]:
    """hu-city's `telepulesek` (MIT): used only before postpositions, which leave them uninflected."""
    return _package_list("hu_city", "telepulesek")
