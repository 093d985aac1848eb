"""The compare page's strings (RNN, GRU and LSTM side by side), Hungarian and English.

Merged into viz.i18n.CATALOGUE, so tests/test_i18n.py checks them with every other string. The
keys the browser draws (diagram captions, the prediction words) are in COMPARE_BROWSER_KEYS.
"""

from __future__ import annotations

COMPARE_STRINGS: dict[str, dict[str, str]] = {
    "page_compare": {"en": "Compare RNN, GRU, LSTM", "hu": "RNN, GRU, LSTM összevetése"},
    "compare_title": {"en": "Compare: RNN, GRU and LSTM read the same input", "hu": "Összevetés: az RNN, a GRU és az LSTM ugyanazt olvassa"},
    "compare_intro": {
        "en": "Every model reads your input one symbol at a time; one step control (or ← →) steps them all at once. "
        "Each panel shows its cell with this step's values for one unit, and what the model answers after reading "
        "up to here. The recall models must name the first digit at the end: watch which one still remembers it.",
        "hu": "Mindegyik modell jelenként olvassa a bemenetedet; egyetlen léptető (vagy a ← →) mindet egyszerre "
        "lépteti. Minden panel a cellát mutatja egy egység e lépésbeli értékeivel, és azt, amit a modell eddig "
        "olvasva válaszolna. A felidéző modelleknek a végén az első számjegyet kell megnevezniük: figyeld, melyik "
        "emlékszik rá még.",
    },
    "compare_models": {"en": "Models (they must share a tokenizer)", "hu": "Modellek (közös tokenizálóval)"},
    "compare_text": {"en": "Your input", "hu": "A bemeneted"},
    "compare_text_help": {
        "en": "The recall models read a digit 1-8, then letters a-h; e.g. 5abcdefghabcdefgh. Press Enter to read it.",
        "hu": "A felidéző modellek egy 1-8 számjegyet, majd a-h betűket olvasnak; pl. 5abcdefghabcdefgh. Enterrel olvastatod be.",
    },
    "compare_need_two": {"en": "Choose at least two models to compare.", "hu": "Válassz legalább két modellt az összevetéshez."},
    "compare_too_many": {"en": "At most {limit} models can be compared at once.", "hu": "Egyszerre legfeljebb {limit} modell vethető össze."},
    "compare_tokenizers_differ": {
        "en": "These models read text differently, so their steps would not line up: {others} does not share the "
        "tokenizer of {first}. Choose models of one family, e.g. the three recall models.",
        "hu": "Ezek a modellek másképp olvassák a szöveget, így a lépéseik nem esnének egybe: {others} tokenizálója "
        "nem egyezik a(z) {first} modellével. Egy család modelljeit válaszd, pl. a három felidéző modellt.",
    },
    "compare_steps_differ": {
        "en": "{first} and {other} read this input as different tokens, so they cannot be stepped together.",
        "hu": "A(z) {first} és a(z) {other} különböző tokenekként olvassa ezt a bemenetet, ezért nem léptethetők együtt.",
    },
    "compare_unknown": {
        "en": "{count} of {total} symbols are unknown to these models and are read as <unk> (dashed): {symbols}. "
        "They know: {known}.",
        "hu": "{total} jelből {count} ismeretlen ezeknek a modelleknek, <unk>-ként olvassák (szaggatott keret): "
        "{symbols}. Ezeket ismerik: {known}.",
    },
    "compare_too_long": {
        "en": "The comparison shows at most {limit} symbols; this input has {count}. Shorten it.",
        "hu": "Az összevetés legfeljebb {limit} jelet mutat; ez a bemenet {count} jelből áll. Rövidítsd le.",
    },
    "compare_empty": {"en": "Type an input for the models to read.", "hu": "Írj be egy bemenetet, amit a modellek elolvasnak."},
    "compare_failed": {"en": "{model} could not read this input: {error}", "hu": "A(z) {model} nem tudta elolvasni ezt a bemenetet: {error}"},
    "compare_truth_note": {
        "en": "The right answer for this input is {label}: the first digit.",
        "hu": "Erre a bemenetre a helyes válasz {label}: az első számjegy.",
    },
    "compare_exactness": {
        "en": "Every number is from each model's probe trace, checked against nn.RNN, nn.GRU and nn.LSTM's own "
        "output (max abs difference {error:.1e}).",
        "hu": "Minden szám a modellek szondás nyomkövetéséből való, az nn.RNN, nn.GRU és nn.LSTM saját kimenetével "
        "ellenőrizve (legnagyobb eltérés {error:.1e}).",
    },
    "compare_keys_help": {
        "en": "Keys: ← → step every model · Home / End · space plays and pauses · click a symbol. Each panel's unit "
        "can be changed in its header.",
        "hu": "Billentyűk: ← → minden modell lép · Home / End · szóköz: lejátszás és szünet · kattints egy jelre. A "
        "panelek fejlécében az egység választható.",
    },
    # the browser's words (COMPARE_BROWSER_KEYS)
    "answer": {"en": "answer after this step", "hu": "válasz e lépés után"},
    "answerRight": {"en": "right", "hu": "helyes"},
    "answerWrong": {"en": "wrong", "hu": "hibás"},
    "wordReset": {"en": "reset", "hu": "visszaállító"},
    "wordUpdate": {"en": "update", "hu": "frissítő"},
    "wordCandidate": {"en": "candidate", "hu": "jelölt"},
    "wordKept": {"en": "kept", "hu": "megtartott"},
    "wordWritten": {"en": "new", "hu": "új"},
    "wordMemory": {"en": "memory: W_h·h_{t−1} + b_h", "hu": "emlékezet: W_h·h_{t−1} + b_h"},
    "wordInput": {"en": "input: W_x·x_t + b_x", "hu": "bemenet: W_x·x_t + b_x"},
    "wordNext": {"en": "next step", "hu": "következő lépés"},
}

COMPARE_BROWSER_KEYS = [
    "answer", "answerRight", "answerWrong", "wordReset", "wordUpdate", "wordCandidate", "wordKept", "wordWritten", "wordMemory",
    "wordInput", "wordNext",
]  # fmt: skip
