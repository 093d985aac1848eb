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
    "out_of_range": {
        "en": "Step {step} and unit {unit} were asked for; this text has {tokens} steps and the layer {units} units, "
        "so the nearest ones are shown.",
        "hu": "A {step}. lépést és a {unit}. egységet kérted; ennek a szövegnek {tokens} lépése, a rétegnek {units} "
        "egysége van, ezért a legközelebbieket mutatjuk.",
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
    # the guided lesson
    "lesson_title": {
        "en": "Guided lesson: recurrent networks and the LSTM",
        "hu": "Vezetett óra: visszacsatolásos hálózatok és az LSTM",
    },
    "lesson_step": {"en": "Step", "hu": "Lépés"},
    "lesson_prev": {"en": "← Previous step", "hu": "← Előző lépés"},
    "lesson_next": {"en": "Next step →", "hu": "Következő lépés →"},
    "lesson_1": {"en": "1. Words as vectors", "hu": "1. Szavak vektorként"},
    "lesson_1_text": {
        "en": "A network reads numbers, not words. One-hot vectors give every word its own axis: no two words are similar. Embeddings place words in a space where meaning is distance: king and queen differ mainly in the 'gender' coordinate. A sentence becomes a sequence of such vectors x_1, ..., x_T.",
        "hu": "A hálózat számokat olvas, nem szavakat. Az 1-hot vektor minden szónak saját tengelyt ad: két szó sem hasonlít egymásra. A beágyazás olyan térbe helyezi a szavakat, ahol a jelentés távolság: a király és a királynő főként a „nem” koordinátában tér el. A mondat ilyen vektorok sorozata lesz: x_1, ..., x_T.",
    },
    "lesson_onehot": {"en": "One-hot vectors (from the slides)", "hu": "1-hot vektorok (a diákról)"},
    "lesson_embedding": {"en": "Embedding vectors (from the slides)", "hu": "Beágyazóvektorok (a diákról)"},
    "lesson_sequence": {
        "en": "The sentence as token ids, the model's input",
        "hu": "A mondat tokenazonosítókként: a modell bemenete",
    },
    "lesson_2": {"en": "2. The plain RNN cell", "hu": "2. Az egyszerű RNN cella"},
    "lesson_2_text": {
        "en": "The RNN keeps one state and updates it at every token: h_t = tanh(W_h·h_{t−1} + W_x·x_t + b_h). The same weights serve every step. Here a vanilla RNN tries to remember the first digit across the letters that follow: step through and watch h_t.",
        "hu": "Az RNN egyetlen állapotot tart, és minden tokennél frissíti: h_t = tanh(W_h·h_{t−1} + W_x·x_t + b_h). Minden lépés ugyanazokat a súlyokat használja. Itt egy egyszerű RNN próbálja megjegyezni az első számjegyet az utána jövő betűk során: lépkedj, és figyeld h_t-t.",
    },
    "lesson_3": {"en": "3. Vanishing gradients", "hu": "3. Eltűnő gradiensek"},
    "lesson_3_text": {
        "en": "Training sends the error back through every step. How much can the loss at the end still say about an early input? Below: the size of ∂L/∂x_t for the same long input, for the zoo's RNN, GRU and LSTM, trained alike. The RNN's gradient fades towards the start; the gates of the GRU and the LSTM carry it.",
        "hu": "Tanításkor a hiba minden lépésen át visszaáramlik. Mennyit mondhat még a végső költség egy korai bemenetről? Lent: ∂L/∂x_t nagysága ugyanarra a hosszú bemenetre, a zoo egyformán tanított RNN, GRU és LSTM modelljére. Az RNN gradiense a kezdet felé elhal; a GRU és az LSTM kapui átviszik.",
    },
    "lesson_grad_title": {
        "en": "|∂L/∂x_t| relative to the last step",
        "hu": "|∂L/∂x_t| az utolsó lépéshez viszonyítva",
    },
    "lesson_grad_x": {"en": "input position t", "hu": "bemeneti pozíció t"},
    "lesson_grad_y": {"en": "gradient size (log scale)", "hu": "gradiens nagysága (logaritmikus)"},
    "lesson_4": {"en": "4. The LSTM cell, part by part", "hu": "4. Az LSTM cella részenként"},
    "lesson_4_text": {
        "en": "The LSTM adds a cell state C_t, a long-term memory changed only through gates. Choose a part: the highlighted piece of the diagram and its live numbers follow the slides' equations.",
        "hu": "Az LSTM cellaállapotot (C_t) is visz: hosszú távú memóriát, amely csak kapukon keresztül változik. Válassz egy részt: a kiemelt rész és az élő számok a diák egyenleteit követik.",
    },
    "lesson_part": {"en": "Part of the cell", "hu": "A cella része"},
    "part_forget": {
        "en": "Forget gate: f_t = σ(W_f·[h_{t−1}, x_t] + b_f) decides what of C_{t−1} to keep (1) or erase (0).",
        "hu": "Felejtési kapu: f_t = σ(W_f·[h_{t−1}, x_t] + b_f) dönti el, mit tartson meg (1) vagy töröljön (0) C_{t−1}-ből.",
    },
    "part_input": {
        "en": "Input gate and candidate: i_t = σ(W_i·[h_{t−1}, x_t] + b_i) chooses what to write, C̃_t = tanh(W_C̃·[h_{t−1}, x_t] + b_C̃) is what could be written.",
        "hu": "Bemeneti kapu és jelölt: i_t = σ(W_i·[h_{t−1}, x_t] + b_i) választja ki, mit írjon be, C̃_t = tanh(W_C̃·[h_{t−1}, x_t] + b_C̃) az, ami beíródhat.",
    },
    "part_cell": {
        "en": "New cell state: C_t = f_t ⊗ C_{t−1} ⊕ i_t ⊗ C̃_t, what was kept plus what was written.",
        "hu": "Új cellaállapot: C_t = f_t ⊗ C_{t−1} ⊕ i_t ⊗ C̃_t, a megtartott és a beírt rész összege.",
    },
    "part_output": {
        "en": "Output gate and hidden state: o_t = σ(W_o·[h_{t−1}, x_t] + b_o), h_t = o_t ⊙ tanh(C_t). The slides write tanh(C̃_t) here: a small slip, the new cell state C_t is meant.",
        "hu": "Kimeneti kapu és rejtett állapot: o_t = σ(W_o·[h_{t−1}, x_t] + b_o), h_t = o_t ⊙ tanh(C_t). A diákon itt tanh(C̃_t) áll: apró elírás, az új cellaállapotra, C_t-re gondoltak.",
    },
    "lesson_5": {"en": "5. Negation: the word 'nem'", "hu": "5. Tagadás: a „nem” szó"},
    "lesson_5_text": {
        "en": "“When the word not appears, the state can learn to negate.” In the Hungarian sentiment model, unit {unit} is the one whose cell state follows the negation scope best (r = {r:.2f} on held-out sentences, {r_natural:.2f} on natural sentences written apart from its training data). On this sentence its cell state C is {before:+.2f} before '{marker}', {at:+.2f} at '{marker}' and {last:+.2f} at '{last_token}'. The verdict: {verdict}.",
        "hu": "„Amikor a nem szó megjelenik, az állapot megtanulhatja a tagadást.” A magyar érzelemelemző modellben a(z) {unit}. egység cellaállapota követi legjobban a tagadás hatókörét (r = {r:.2f} a teszt-mondatokon, {r_natural:.2f} a tanítástól külön írt természetes mondatokon). Ebben a mondatban a C cellaállapota a „{marker}” szó előtt {before:+.2f}, a „{marker}” szónál {at:+.2f}, a „{last_token}” szónál {last:+.2f}. Az ítélet: {verdict}.",
    },
    "lesson_6": {
        "en": "6. Named entities, read in both directions",
        "hu": "6. Nevek felismerése, mindkét irányból olvasva",
    },
    "lesson_6_text": {
        "en": "The slides' example: “Tegnap Józsi letörölte a termelési adatbázist.” → [0, 1, 0, 0, 0, 0]. A bidirectional LSTM reads the sentence left to right and right to left; each word's tag uses both. Switch the direction to see the backward reader.",
        "hu": "A diák példája: „Tegnap Józsi letörölte a termelési adatbázist.” → [0, 1, 0, 0, 0, 0]. A kétirányú LSTM balról jobbra és jobbról balra is elolvassa a mondatot; minden szó címkéje mindkettőt használja. Válts irányt, és nézd a visszafelé olvasót.",
    },
    "lesson_7": {"en": "7. Layers", "hu": "7. Rétegek"},
    "lesson_7_text": {
        "en": "A second LSTM layer reads the first layer's h_t instead of the characters. In the code model the first layer reacts to single characters; the second keeps longer structure: one of its units counts open brackets (r = 0.89 with the bracket depth). Compare the layers, all stacked below the charts.",
        "hu": "A második LSTM réteg az első réteg h_t kimenetét olvassa, nem a karaktereket. A kódmodellben az első réteg egy-egy karakterre reagál; a második hosszabb szerkezetet tart: egyik egysége a nyitott zárójeleket számolja (r = 0,89 a zárójelmélységgel). Hasonlítsd össze a rétegeket, lent egymás alatt is látod őket.",
    },
    "lesson_8": {"en": "8. Generation", "hu": "8. Szöveggenerálás"},
    "lesson_8_text": {
        "en": "A character model predicts the next character; sampling from that prediction, one character at a time, writes text. A low temperature picks the likeliest characters, a high one takes risks. The explorer below shows the gates as the model reads what it wrote.",
        "hu": "A karaktermodell a következő karaktert jósolja; ebből mintavételezve, karakterenként szöveget ír. Alacsony hőmérsékleten a legvalószínűbb karaktereket választja, magason kockáztat. Lent a kapukat látod, ahogy a modell elolvassa, amit írt.",
    },
    "temperature": {"en": "Temperature", "hu": "Hőmérséklet"},
    "prompt": {"en": "Beginning", "hu": "Kezdet"},
    "seed": {"en": "Sample number", "hu": "Minta sorszáma"},
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
    "expected": {"en": "Expected label (yours)", "hu": "Várt címke (a tiéd)"},
    "expected_tags": {
        "en": "Expected tags, one per word ({labels})",
        "hu": "Várt címkék, szavanként egy ({labels})",
    },
    "expected_tags_bad": {
        "en": "Expected tags are whole numbers from 0 to {count}, separated by spaces.",
        "hu": "A várt címkék 0 és {count} közötti egész számok, szóközzel elválasztva.",
    },
    "expected_tags_count": {
        "en": "The text has {words} words (punctuation aside) but {tags} expected tags were typed.",
        "hu": "A szövegben {words} szó van (írásjelek nélkül), de {tags} várt címkét adtál meg.",
    },
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
