"""Words for the local web: filler paragraphs, titles and anchor texts, deterministic per seed.

Non-English vocabularies hold text that is representable in the charset of the sites that use
it (windows-1251, Shift_JIS, ISO-8859-1), so a wrong decode shows up in anchors.
"""

from __future__ import annotations

import random
from typing import TypedDict

WORDS = (
    "the a of and to in that for on with as by at from about into over after before under "
    "city council market report study team season garden library river museum energy water "
    "school student research policy budget election weather travel recipe bread coffee music "
    "festival harbour village railway bridge history science network software hardware data "
    "privacy security climate forest mountain coast island summer winter spring autumn local "
    "national global weekly daily early late new old small large quiet busy public private "
    "open closed bright dark green blue red golden silver ancient modern rural urban simple "
    "announced reported said found showed opened closed visited planned expected improved "
    "reviewed measured published launched collected described explained discussed approved "
    "people families visitors readers writers farmers engineers teachers doctors volunteers "
    "year month week morning evening afternoon night decade century moment plan idea answer "
    "question result change growth decline record number share price cost value risk chance"
).split()

TOPICS = (
    "Local Elections", "River Cleanup", "Summer Festival", "Railway Upgrade", "Library Hours",
    "Garden Tips", "Coffee Guide", "Museum Night", "Budget Review", "Climate Study",
    "Harbour Works", "Bread Recipes", "School Results", "Bridge Repairs", "Forest Walks",
    "Data Privacy", "Open Source", "Energy Prices", "Music Awards", "Travel Notes",
    "Island Ferries", "Winter Storms", "Science Fair", "Market Report", "Village Fete",
    "Mountain Trails", "Software Release", "Security Update", "Water Quality", "Night Sky",
)

CATEGORIES = ("news", "sport", "culture", "science", "travel", "food", "tech", "opinion")

GENERIC_ANCHORS = (
    "click here", "read more", "this article", "here", "source", "more on this",
    "according to this report", "see also", "full story", "this page",
)



class Native(TypedDict):
    categories: tuple[str, ...]
    anchors: tuple[str, ...]
    sentence: str


#: Per language: category names, anchor phrases and a sentence of native text.
NATIVE: dict[str, Native] = {
    "fr": {
        "categories": ("actualités", "société", "économie", "culture"),
        "anchors": ("Élection à Besançon", "Café de la Gare", "Fête de l'été à Genève",
                    "Prix du blé et de l'orge", "Théâtre à Nîmes", "Forêt et rivière"),
        "sentence": "Les élèves ont présenté leurs travaux à la fête du château, où l'été "
                    "s'achève déjà; à Besançon, on préfère le café crème.",
    },
    "ru": {
        "categories": ("новости", "спорт", "культура", "наука"),
        "anchors": ("Новости дня", "Погода в Москве", "Выборы в городе", "Наука и жизнь",
                    "Театр и кино", "Зимний фестиваль"),
        "sentence": "Сегодня в городе прошёл большой фестиваль, и жители обсуждали погоду, "
                    "новые книги и выборы.",
    },
    "ja": {
        "categories": ("ニュース", "スポーツ", "文化", "科学"),
        "anchors": ("東京の天気", "桜の季節", "新しい図書館", "日本の鉄道", "夏祭りの写真",
                    "科学の記事"),
        "sentence": "今日は東京で桜が満開になり、多くの人が公園で写真を撮りました。",
    },
    "de": {
        "categories": ("nachrichten", "bücher", "kultur", "reisen"),
        "anchors": ("Bücher über Straßenbahnen", "Café am Größtenteich", "Öffnungszeiten",
                    "Schöne Grüße aus München", "Übersicht der Lesungen"),
        "sentence": "Im Café gibt es Bücher über Straßen, Flüsse und die Geschichte der Stadt; "
                    "die Öffnungszeiten ändern sich im Frühjahr.",
    },
}


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(3, 6)))


def title(rng: random.Random) -> str:
    return f"{rng.choice(TOPICS)}: {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} " \
           f"{rng.choice(WORDS)}"


def slugify(text: str) -> str:
    out = "".join(c.lower() if c.isascii() and c.isalnum() else "-" for c in text)
    return "-".join(part for part in out.split("-") if part)


class Filler:
    """A pool of paragraphs built once; pages pick from it (fast, deterministic)."""

    def __init__(self, seed: int, size: int = 400) -> None:
        rng = random.Random(f"filler:{seed}")
        self.pool = [paragraph(rng) for _ in range(size)]

    def pick(self, rng: random.Random, n: int) -> list[str]:
        return [self.pool[rng.randrange(len(self.pool))] for _ in range(n)]

    def pad(self, rng: random.Random, kb: int) -> list[str]:
        """Paragraphs adding up to about ``kb`` kilobytes."""
        out: list[str] = []
        size = 0
        while size < kb * 1024:
            p = self.pool[rng.randrange(len(self.pool))]
            out.append(p)
            size += len(p) + 8
        return out
