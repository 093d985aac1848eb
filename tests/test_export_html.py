"""The offline export (viz/export_html.py) without a browser: one file, nothing loaded from elsewhere,
the payload inside as the page sent it, user text as text, both languages, and its size."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from tests.export_views import CODE_118, html_of, view
from tests.negation import flip_edits
from viz.export_html import figure_json, inline_script, plotly_js, script_json
from viz.i18n import tr

pytestmark = pytest.mark.fast

FLIP = flip_edits()  # lesson step 9's units, found on the shipped model: the verdict flips
NASTY = 'Nem tetszett <img src=x onerror=alert(1)> a "film" </script><!-- & </p>'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> by its type."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts.append((dict(attrs), ""))

    def handle_data(self, data) -> None:
        if self.tags and self.tags[-1][0] == "script" and self.scripts:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        else:
            self.text.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    tags.close()
    return tags


def saved_json(html: str) -> dict:
    tags = parsed(html)
    found = [text for attrs, text in tags.scripts if attrs.get("id") == "lx-offline-data"]
    assert len(found) == 1 and all(attrs.get("type") == "application/json" for attrs, _ in tags.scripts if attrs.get("id"))
    return json.loads(found[0])


@pytest.fixture(scope="module")
def sentiment() -> dict:
    return view("sentiment_hu", "A film egyáltalán nem volt unalmas.", "hu", step=3, unit=94)


def test_one_file_that_loads_nothing_from_elsewhere(sentiment) -> None:
    html = html_of(sentiment)
    tags = parsed(html)
    loading = [(tag, attrs) for tag, attrs in tags.tags if {"src", "href", "data", "srcset"} & set(attrs)]
    assert not loading, loading  # no <script src>, <link href>, <img src>, <iframe>, <object data>
    assert not [tag for tag, _ in tags.tags if tag in ("link", "iframe", "object", "embed", "base", "img")]
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    assert styles and not any(re.search(r"@import|url\(", style) for style in styles)
    kinds = [attrs.get("type") for attrs, _ in tags.scripts]
    assert kinds == ["application/json", None, "module"]  # the payload, plotly.js, the explorer and its bootstrap
    assert plotly_js() in html  # the installed package's own plotly.min.js, whole
    assert html.count("</script>") == 3  # nothing inside a script ends it early


def test_the_payload_round_trips_as_the_page_sent_it(sentiment) -> None:
    saved = saved_json(html_of(sentiment))
    sent = json.loads(json.dumps(sentiment["data"]))
    assert saved["explorer"] == {**sent, "plotly": ""}  # plotly.js travels in the file, not by its address
    assert saved["counterfactual"] is None
    assert saved["explorer"]["step"] == 3 and saved["explorer"]["unit"] == 94


def test_html_in_the_sentence_is_shown_as_text() -> None:
    saved = view("sentiment_hu", NASTY, "en")
    html = html_of(saved)
    assert "<img" not in html and "<!-- &" not in html  # neither in the page nor in the JSON
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;/script&gt;&lt;!-- &amp; &lt;/p&gt;" in html
    shown = "".join(parsed(html).text)
    assert NASTY in shown  # the text paragraph, escaped, reads back as the sentence
    assert saved_json(html)["explorer"]["tokens"] == saved["data"]["tokens"]  # the JSON reads back unchanged
    assert json.loads(script_json("</script><!--")) == "</script><!--" and "<" not in script_json("</script><!--")


def test_inline_scripts_cannot_end_their_element() -> None:
    code = 'const a = "</script>"; const b = "<!--"; const c = "</SCRIPT >";'
    safe = inline_script(code)
    assert "</script" not in safe.lower() and "<!--" not in safe
    assert safe == 'const a = "<\\/script>"; const b = "<\\!--"; const c = "<\\/SCRIPT >";'


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_the_file_is_in_the_chosen_language(lang) -> None:
    saved = view("sentiment_hu", "Nem tetszett a film.", lang, edits=FLIP)
    html = html_of(saved)
    assert f'<html lang="{lang}">' in html
    for key in ("explorer_title", "export_saved", "iv_result", "export_cf_note"):
        assert tr(key, lang).split(":")[0] in html, key
    other = "en" if lang == "hu" else "hu"
    assert tr("explorer_title", other) not in html
    assert saved_json(html)["explorer"]["text"]["heatTitle"] == tr("heatTitle", lang)


def test_an_intervention_comes_with_its_verdict_and_figures() -> None:
    saved = view("sentiment_hu", "Nem tetszett a film.", "en", edits=FLIP)
    cf = saved["counterfactual"]
    html = html_of(saved)
    assert cf.headline.startswith("The verdict changed") and cf.headline in html
    for line in cf.edits:
        assert line in html
    figures = saved_json(html)["counterfactual"]
    assert len(figures) == 4  # both prediction lines, ΔC, Δh, the spread: as the page shows them
    assert figures == [json.loads(json.dumps(figure_json(f))) for f in cf.figures]
    assert [f["layout"]["title"]["text"] for f in figures][1:3] == ["Change in C: edited − original", "Change in h: edited − original"]


def test_a_language_models_intervention_carries_its_top_five() -> None:
    saved = view("code_chars", CODE_118, "hu", edits="h:0:0:0+1+2:0:0:from")
    html = html_of(saved)
    cf = saved["counterfactual"]
    assert cf.table and len(cf.table) == 5 and 'data-testid="lx-cf-table"' in html
    assert tr("iv_original", "hu") in html and cf.table_title in html


def test_file_sizes(capsys) -> None:
    """The sizes the README quotes: plotly.js (4.8 MB) is most of a short sentence's file."""
    sizes = {}
    for name, text in (("code_chars", CODE_118), ("sentiment_hu", "A film egyáltalán nem volt unalmas.")):
        saved = view(name, text, "en")
        sizes[name] = len(html_of(saved).encode("utf-8"))
    assert len(CODE_118) == 118
    plotly_size = len(plotly_js().encode("utf-8"))
    assert sizes["sentiment_hu"] < plotly_size + 400_000
    assert sizes["code_chars"] < plotly_size + 4_000_000
    with capsys.disabled():
        print({name: f"{size / 1e6:.2f} MB" for name, size in sizes.items()}, f"plotly.js {plotly_size / 1e6:.2f} MB")
