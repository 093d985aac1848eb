"""Every visible string of the explorer in one catalogue, Hungarian and English.

The page reads it in Python and hands the browser its part (`explorer_strings`), so there is one
place to translate and one test that finds a missing translation.
"""

from __future__ import annotations

LANGUAGES = {"en": "English", "hu": "Magyar"}

CATALOGUE: dict[str, dict[str, str]] = {
    # page
    "explorer_title": {"en": "Explorer: watch the LSTM read", "hu": "Felfedező: így olvas az LSTM"},
    "model": {"en": "Model", "hu": "Modell"},
    "example": {"en": "Lecture example", "hu": "Példa az előadásból"},
    "text": {"en": "Text to read", "hu": "A beolvasandó szöveg"},
    "layer": {"en": "Layer", "hu": "Réteg"},
    "direction": {"en": "Direction", "hu": "Irány"},
    "forward": {"en": "forward (left to right)", "hu": "előre (balról jobbra)"},
    "backward": {"en": "backward (right to left)", "hu": "hátra (jobbról balra)"},
    "language": {"en": "Language", "hu": "Nyelv"},
    "projector": {"en": "Projector mode", "hu": "Kivetítő mód"},
    "projector_exit": {"en": "Leave projector mode", "hu": "Kilépés a kivetítő módból"},
    "palette_alt": {"en": "Second palette (colour-blind safe)", "hu": "Második színskála (színtévesztőknek is)"},
    "empty_text": {"en": "Type a sentence to read.", "hu": "Írj be egy mondatot."},
    "too_long": {
        "en": "The explorer shows at most {limit} tokens; this text has {count}. Shorten it.",
        "hu": "A felfedező legfeljebb {limit} tokent mutat; ez a szöveg {count} tokenből áll. Rövidítsd le.",
    },
    "unknown_tokens": {
        "en": "{count} of {total} tokens are unknown to this model (dashed) and are read as <unk>.",
        "hu": "{total} tokenből {count} ismeretlen a modell számára (szaggatott keret), <unk>-ként olvassa.",
    },
    "trace_failed": {
        "en": "This text could not be traced: {error}",
        "hu": "Ezt a szöveget nem sikerült végigkövetni: {error}",
    },
    "download_csv": {"en": "Trace of this layer as CSV", "hu": "A réteg nyomkövetése CSV-ben"},
    "download_npz": {"en": "Whole trace as NPZ", "hu": "A teljes nyomkövetés NPZ-ben"},
    "keys_help": {
        "en": "Keys: ← → step · Home / End · space plays and pauses · click a token, a heatmap cell or a bar.",
        "hu": "Billentyűk: ← → lépés · Home / End · szóköz: lejátszás és szünet · kattints egy tokenre, hőtérkép-cellára vagy oszlopra.",
    },
    "exactness": {
        "en": "Every number is from the probe's trace, checked against nn.LSTM (max abs difference {error:.1e}).",
        "hu": "Minden szám a szonda nyomkövetéséből való, az nn.LSTM kimenetével ellenőrizve (legnagyobb eltérés {error:.1e}).",
    },
    # the browser component
    "speed": {"en": "speed", "hu": "sebesség"},
    "perSecond": {"en": "tokens/s", "hu": "token/mp"},
    "cellTitle": {"en": "The cell at step t", "hu": "A cella a t. lépésben"},
    "barsTitle": {"en": "Every unit at step t", "hu": "Minden egység a t. lépésben"},
    "heatTitle": {"en": "Units × time", "hu": "Egységek × idő"},
    "sortBy": {"en": "sort units by", "hu": "egységek sorrendje"},
    "predTitle": {"en": "What the model concludes after each prefix", "hu": "Mire jut a modell az egyes előtagok után"},
    "satTitle": {"en": "Gate saturation over the sentence", "hu": "Kapuk telítődése a mondaton"},
    "colouredBy": {"en": "Input coloured by this unit's", "hu": "A bemenet színezése az egység értéke szerint:"},
    "unit": {"en": "Unit", "hu": "Egység"},
    "index": {"en": "index", "hu": "sorszám"},
    "activity": {"en": "activity at t", "hu": "aktivitás t-ben"},
    "variance": {"en": "variance over the sentence", "hu": "szórásnégyzet a mondaton"},
    "correlation": {"en": "correlation with", "hu": "korreláció ezzel:"},
    "forgotten": {"en": "forgotten (1−f)·C₍t−1₎", "hu": "elfelejtve (1−f)·C₍t−1₎"},
    "written": {"en": "written i·C̃", "hu": "beírva i·C̃"},
    "token": {"en": "token", "hu": "token"},
    "truth": {"en": "true", "hu": "valódi"},
    "left": {"en": "fraction of steps < 0.1", "hu": "lépések aránya < 0,1"},
    "right": {"en": "fraction of steps > 0.9", "hu": "lépések aránya > 0,9"},
    "slip": {
        "en": "The slides write h_t = o_t ⊗ tanh(C̃_t); PyTorch and the standard LSTM use the new cell state: h_t = o_t ⊙ tanh(C_t).",
        "hu": "A diákon h_t = o_t ⊗ tanh(C̃_t) szerepel; a PyTorch és a szokásos LSTM az új cellaállapotot használja: h_t = o_t ⊙ tanh(C_t).",
    },
    "satSentence": {"en": "this sentence", "hu": "ez a mondat"},
    "satSample": {"en": "the model's held-out sample", "hu": "a modell teszt-mintája"},
    "stackTitle": {"en": "All layers and directions at once (h_t)", "hu": "Minden réteg és irány egyszerre (h_t)"},
    "layerWord": {"en": "layer", "hu": "réteg"},
    "noPred": {
        "en": "This model returns no per-step prediction.",
        "hu": "Ez a modell nem ad lépésenkénti előrejelzést.",
    },
}

BROWSER_KEYS = [
    "speed", "perSecond", "cellTitle", "barsTitle", "heatTitle", "sortBy", "predTitle", "satTitle", "colouredBy",
    "unit", "index", "activity", "variance", "correlation", "forgotten", "written", "token", "truth", "left", "right",
    "slip", "noPred", "stackTitle", "layerWord", "satSentence", "satSample",
]  # fmt: skip


def tr(key: str, lang: str, **values: object) -> str:
    """The string for `key` in `lang`, formatted with `values`."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def explorer_strings(lang: str) -> dict[str, str]:
    return {key: tr(key, lang) for key in BROWSER_KEYS}
