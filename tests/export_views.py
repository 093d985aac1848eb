"""Explorer views built as ui/explorer_view.show_explorer builds them, without a Streamlit page:
the offline export's tests (fast and browser) save these."""

from __future__ import annotations

from models import zoo
from models.probe import trace
from models.probe.intervene import edits_from_text, intervene
from ui.explorer_view import SCRIPTS
from ui.intervention import counterfactual_view
from viz.explorer_data import payload
from viz.export_html import explorer_html
from viz.i18n import explorer_strings, label_name, model_title
from viz.theme import theme_for

# 118 characters of Python for the code model: the size the README quotes is measured on it
CODE_118 = 'def add(a, b):\n    """Return the sum."""\n    return (a + b) * [1, 2][0]\n\nprint(add(2, 3), len([1, (2, 3)]))\nxs = 12.5\n'


def view(name: str, text: str, lang: str = "en", *, step: int = 0, unit: int = 0, edits: str = "") -> dict:
    """The payload the component gets, the file's other arguments, and the counterfactual if `edits`."""
    loaded = zoo.load(name)
    tokens = loaded.tokenizer.tokenize(text)
    traced = trace(loaded.model, loaded.tokenizer.encode_tokens(tokens), tokens=tokens)
    strings = explorer_strings(lang)
    data = payload(traced, 0, 0, task=loaded.config.task, label_names=[label_name(n, lang) for n in loaded.label_names],
                   vocab=loaded.tokenizer.vocab, step=step, unit=unit, lang=lang, trace_id=f"{name}-{lang}",
                   theme=theme_for(), words=strings)  # fmt: skip
    data |= {"text": strings, "projector": False, "highlight": None, "trueLabel": None, "plotly": "component/plotly.min.js",
             "unknown": [not loaded.tokenizer.is_known(tok) for tok in tokens]}  # fmt: skip
    counterfactual = None
    if edits:
        parsed = edits_from_text(edits, 16)
        edited = intervene(loaded.model, traced.token_ids, parsed, tokens=traced.tokens, original=traced)
        counterfactual = counterfactual_view(loaded, traced, edited, parsed, 0, 0, lang)
    title = model_title(name, {}, lang)
    return {"data": data, "lang": lang, "title": title, "text": text, "counterfactual": counterfactual}


def html_of(saved: dict) -> str:
    return explorer_html(saved["data"], saved["lang"], scripts=SCRIPTS, title=saved["title"], text=saved["text"],
                         counterfactual=saved["counterfactual"])  # fmt: skip
