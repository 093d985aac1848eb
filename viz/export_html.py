"""One explorer view as one self-contained HTML file: it opens from a USB stick, with no Python and no network.

The file holds the explorer's own page, styles and scripts (viz/explorer/), plotly.js from the
installed plotly package, and the payload the app sends the component, as JSON. A short bootstrap
(viz/explorer/offline.js) hands that payload to the same mount function Streamlit calls, so the
file steps exactly like the app and there is no second copy of the drawing code. An intervention
travels as its verdict line, its edits, the top-5 table of a language model and static Plotly
figures, all built in Python (viz/counterfactual.py). Pure: no Streamlit, no torch.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Sequence
from pathlib import Path

import plotly
import plotly.io as pio

from viz.counterfactual import CounterfactualView
from viz.i18n import tr

ASSETS = Path(__file__).resolve().parent / "explorer"
PLOTLY_JS = Path(plotly.__file__).resolve().parent / "package_data" / "plotly.min.js"
BOOTSTRAP = "offline.js"
PAGE_CSS = """
body { margin: 0; background: #f6f8fa; color: #1b1f24; font-family: "DejaVu Sans", Arial, sans-serif; }
.lx-offline { max-width: 1360px; margin: 0 auto; padding: 12px 20px 40px; background: white; }
.lx-offline h1 { font-size: 1.7rem; margin: 0.3rem 0; }
.lx-offline h2 { font-size: 1.35rem; margin: 1.2rem 0 0.4rem; }
.lx-offline h3 { font-size: 1.1rem; margin: 0.6rem 0; }
.lx-offline-meta, .lx-offline-note { color: #57606a; margin: 0.25rem 0; }
.lx-offline-text { white-space: pre-wrap; font-family: "DejaVu Sans Mono", monospace; background: #f6f8fa;
  border: 1px solid #d8dee4; border-radius: 8px; padding: 6px 10px; margin: 0.5rem 0; max-height: 8em; overflow: auto; }
.lx-cf-table { border-collapse: collapse; font-family: "DejaVu Sans Mono", monospace; margin: 0.5rem 0; }
.lx-cf-table th, .lx-cf-table td { border: 1px solid #d8dee4; padding: 3px 10px; text-align: left; white-space: pre; }
.lx-cf-figures { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; }
.lx-cf-figure:first-child, .lx-cf-figure:last-child { grid-column: 1 / -1; }
"""


@functools.cache
def plotly_js() -> str:
    """The installed plotly package's own plotly.min.js (the version the figures were built for)."""
    return PLOTLY_JS.read_text(encoding="utf-8")


def component_sources(scripts: Sequence[str]) -> dict[str, str]:
    """The explorer component's page, styles and scripts (joined in the given order into one module)."""
    return {
        "html": (ASSETS / "explorer.html").read_text(encoding="utf-8"),
        "css": (ASSETS / "explorer.css").read_text(encoding="utf-8"),
        "js": script_module(scripts),
    }


def script_module(scripts: Sequence[str]) -> str:
    """The explorer's scripts joined in the given order into one ES module (the last one exports)."""
    return "\n".join((ASSETS / name).read_text(encoding="utf-8") for name in scripts)


def script_json(value: object) -> str:
    """JSON to sit inside <script type="application/json">: every "<" written as \\u003c, so no text
    in it (a sentence with "</script>" or "<!--") can end the element or change how it is read."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def inline_script(code: str) -> str:
    """JavaScript to sit inside <script>: a "</script" or "<!--" in a string becomes "<\\/script",
    "<\\!--", which JavaScript reads the same and HTML does not take for the element's end."""
    return re.sub(r"<(/script|!--)", lambda m: "<\\" + m.group(1), code, flags=re.IGNORECASE)


def figure_json(figure) -> dict:
    """A Plotly figure as plotly.js reads it (arrays as Plotly's base64 typed arrays)."""
    return json.loads(pio.to_json(figure, validate=False))


def explorer_html(
    data: dict,
    lang: str,
    *,
    scripts: Sequence[str],
    title: str,
    text: str,
    counterfactual: CounterfactualView | None = None,
) -> str:
    """The whole file for one explorer view.

    data: the payload the explorer component receives (ui/explorer_view.show_explorer), unchanged
    but for the address of plotly.js, which the file carries itself. title: the model's title in
    `lang`; text: the sentence as the user typed it. Every string shown is from viz/i18n.py or is
    the user's own text, escaped.
    """
    sources = component_sources(scripts)
    direction = tr("forward" if data["direction"] == 0 else "backward", lang)
    where = tr("export_where", lang, model=title, layer=data["layer"] + 1, layers=data["layers"], direction=direction)
    saved = {"explorer": {**data, "plotly": ""}, "counterfactual": None}
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{html.escape(lang)}">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>LSTM Lens · {html.escape(title)}</title>",
        f"<style>{PAGE_CSS}</style>",
        f"<style>{sources['css']}</style>",
        "</head>",
        '<body><main class="lx-offline">',
        f"<h1>{html.escape(tr('explorer_title', lang))}</h1>",
        f'<p class="lx-offline-meta" data-testid="lx-offline-meta">{html.escape(where)}</p>',
        f'<p class="lx-offline-text" data-testid="lx-offline-text">{html.escape(text)}</p>',
        f'<p class="lx-offline-note">{html.escape(tr("keys_help", lang))} {html.escape(tr("export_saved", lang))}</p>',
        f"<noscript><p>{html.escape(tr('export_no_script', lang))}</p></noscript>",
        f'<div id="lx-host">{sources["html"]}</div>',
    ]
    if counterfactual is not None:
        saved["counterfactual"] = [figure_json(fig) for fig in counterfactual.figures]
        parts.append(_counterfactual_html(counterfactual, lang))
    parts += [
        "</main>",
        f'<script type="application/json" id="lx-offline-data">{script_json(saved)}</script>',
        f"<script>{inline_script(plotly_js())}</script>",
        '<script type="module">',
        inline_script(sources["js"] + "\n" + (ASSETS / BOOTSTRAP).read_text(encoding="utf-8")),
        "</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _counterfactual_html(view: CounterfactualView, lang: str) -> str:
    """The intervention: its edits, the verdict line, the top-5 table; the figures are drawn in the file."""
    edits = "".join(f"<li>{html.escape(line)}</li>" for line in view.edits)
    out = [
        '<section class="lx-counterfactual" data-testid="lx-counterfactual">',
        f"<h2>{html.escape(tr('iv_result', lang))}</h2>",
        f'<p class="lx-offline-note">{html.escape(tr("export_cf_note", lang))}</p>',
        f"<ol>{edits}</ol>",
        f'<h3 data-testid="lx-cf-headline">{html.escape(view.headline)}</h3>',
    ]
    if view.table:
        columns = list(view.table[0])
        head = "".join(f"<th>{html.escape(c)}</th>" for c in columns)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(row[c])}</td>" for c in columns) + "</tr>" for row in view.table)
        out.append(f"<p>{html.escape(view.table_title)}</p>")
        out.append(f'<table class="lx-cf-table" data-testid="lx-cf-table"><tr>{head}</tr>{rows}</table>')
    out.append('<div class="lx-cf-figures" id="lx-counterfactual-figures"></div></section>')
    return "\n".join(out)
