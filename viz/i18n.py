"""Every visible string of the explorer in one catalogue, Hungarian and English.

The page reads it in Python and hands the browser its part (`explorer_strings`), so there is one
place to translate and one test that finds a missing translation.
"""

from __future__ import annotations

import re

from viz.i18n_compare import COMPARE_BROWSER_KEYS, COMPARE_STRINGS
from viz.i18n_translate import TRANSLATE_STRINGS

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
    # the offline export (viz/export_html.py)
    "export_html": {"en": "Download this view (offline HTML)", "hu": "A nézet letöltése (offline HTML)"},
    "export_help": {
        "en": "One HTML file with the data, the scripts and plotly.js inside: it opens in a browser with no Python and "
        "no network (from a USB stick, say) and steps like this page. The explorer's intervention (Switch units off), if one is set, comes with it.",
        "hu": "Egyetlen HTML-fájl, benne az adatokkal, a szkriptekkel és a plotly.js-sel: Python és hálózat nélkül is "
        "megnyílik egy böngészőben (például pendrive-ról), és ugyanúgy léptethető, mint ez az oldal. Ha a felfedezőben "
        "beavatkozás is be van állítva (egységek kikapcsolása), az is benne lesz.",
    },
    "export_where": {
        "en": "{model} · layer {layer} of {layers} · {direction}",
        "hu": "{model} · {layer}. réteg (összesen {layers}) · {direction}",
    },
    "export_saved": {
        "en": "Saved from LSTM Lens: every number was computed by the app when this file was saved; the file only draws them, with no network.",
        "hu": "Az LSTM Lens-ből mentve: minden számot az alkalmazás számolt ki a mentéskor; ez a fájl csak kirajzolja őket, hálózat nélkül.",
    },
    "export_no_script": {"en": "This file needs JavaScript to draw the view.", "hu": "A nézet kirajzolásához JavaScript kell."},
    "export_cf_note": {
        "en": "The edited run as the app showed it when the file was saved (these figures do not step).",
        "hu": "A módosított futás úgy, ahogy az alkalmazás a mentéskor mutatta (ezek az ábrák nem léptethetők).",
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
        "en": "“When the word not appears, the state can learn to negate.” In the Hungarian sentiment model, unit {unit} is the one whose {state} follows the negation scope best (r = {r:.2f} on held-out sentences, {r_natural:.2f} on natural sentences written apart from its training data). On this sentence its {state} is {before:+.2f} before '{marker}', {at:+.2f} at '{marker}' and {last:+.2f} at '{last_token}'. The verdict: {verdict}.",
        "hu": "„Amikor a nem szó megjelenik, az állapot megtanulhatja a tagadást.” A magyar érzelemelemző modellben a(z) {unit}. egység {state} követi legjobban a tagadás hatókörét (r = {r:.2f} a teszt-mondatokon, {r_natural:.2f} a tanítástól külön írt természetes mondatokon). Ebben a mondatban ez az állapot a „{marker}” szó előtt {before:+.2f}, a „{marker}” szónál {at:+.2f}, a(z) „{last_token}” szónál {last:+.2f}. Az ítélet: {verdict}.",
    },
    "lesson_5_state_c": {"en": "cell state C", "hu": "cellaállapota (C)"},
    "lesson_5_state_h": {"en": "hidden state h", "hu": "rejtett állapota (h)"},
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
        "en": "A second LSTM layer reads the first layer's h_t instead of the characters. In the code model the first layer reacts to single characters; the second keeps longer structure: unit {unit} follows the number of open brackets (its {state}, r = {r:+.2f} with the bracket depth on held-out code). Compare the layers, all stacked below the charts.",
        "hu": "A második LSTM réteg az első réteg h_t kimenetét olvassa, nem a karaktereket. A kódmodellben az első réteg egy-egy karakterre reagál; a második hosszabb szerkezetet tart: a(z) {unit}. egység {state} állapota a nyitott zárójelek számát követi (r = {r:+.2f} a zárójelmélységgel, a tanításból kihagyott kódon). Hasonlítsd össze a rétegeket, lent egymás alatt is látod őket.",
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
    "predAxis": {"en": "probability", "hu": "valószínűség"},
    "nextAxis": {"en": "P(the next token)", "hu": "P(a következő jel)"},
    "nextView": {"en": "Next view (V)", "hu": "Következő nézet (V)"},
    "noPred": {
        "en": "This model returns no per-step prediction.",
        "hu": "Ez a modell nem ad lépésenkénti előrejelzést.",
    },
    # ---- every page: navigation, language, URL notes ----
    "language_selector": {"en": "Nyelv / Language", "hu": "Nyelv / Language"},
    "page_explorer": {"en": "Explorer", "hu": "Felfedező"},
    "page_lesson": {"en": "Lesson (óra)", "hu": "Óra"},
    "page_analyse": {"en": "Analyse a file", "hu": "Fájl elemzése"},
    "page_your_model": {"en": "Your model", "hu": "Saját modell"},
    "page_zoo": {"en": "Model zoo", "hu": "Modelltár"},
    "url_not_whole": {
        "en": "?{name}={raw} is not a whole number; {default} is used.",
        "hu": "?{name}={raw} nem egész szám; helyette: {default}.",
    },
    "url_bounds": {"en": "{low} to {high}", "hu": "{low}–{high}"},
    "url_outside": {
        "en": "?{name}={raw} is outside {bounds}; {clamped} is used.",
        "hu": "?{name}={raw} kívül esik a megengedett tartományon ({bounds}); helyette: {clamped}.",
    },
    "url_not_one_of": {
        "en": "?{name}={raw} is not one of {allowed}; {default} is used.",
        "hu": "?{name}={raw} nem ezek egyike: {allowed}; helyette: {default}.",
    },
    # ---- explorer notes ----
    "text_cut": {
        "en": "The text has {count} characters; only the first {limit} are shown.",
        "hu": "A szöveg {count} karakterből áll; csak az első {limit} látszik.",
    },
    "link_upload": {
        "en": "The link names an uploaded model ('{wanted}'); uploaded models exist only in the session that "
        "uploaded them, so {opened} opened instead.",
        "hu": "A hivatkozás egy feltöltött modellt nevez meg ('{wanted}'); a feltöltött modellek csak abban a "
        "munkamenetben léteznek, amelyben feltöltötték őket, ezért helyette ez nyílt meg: {opened}.",
    },
    "link_unknown_model": {
        "en": "There is no model '{wanted}' in the zoo; {opened} opened instead.",
        "hu": "A modelltárban nincs '{wanted}' nevű modell; helyette ez nyílt meg: {opened}.",
    },
    "request_gone": {
        "en": "The model '{model}' is no longer in this session; the explorer shows another.",
        "hu": "A(z) '{model}' modell már nincs ebben a munkamenetben; a felfedező egy másikat mutat.",
    },
    "model_removed": {
        "en": "'{model}' was removed; {opened} opened instead.",
        "hu": "'{model}' el lett távolítva; helyette ez nyílt meg: {opened}.",
    },
    # ---- Analyse a file ----
    "analyse_title": {"en": "Analyse uploaded sentences", "hu": "Feltöltött mondatok elemzése"},
    "analyse_intro": {
        "en": "Upload .txt (one sentence per line), .csv or .tsv (choose the text column and, for accuracy, a label "
        "column) or .jsonl. UTF-8, UTF-16, cp1250 and ISO-8859-2 are recognised, and the CSV delimiter "
        "(comma, semicolon or tab); your file stays in your session.",
        "hu": "Tölts fel .txt fájlt (soronként egy mondat), .csv-t vagy .tsv-t (válaszd ki a szöveg oszlopát, a "
        "pontossághoz a címkéét is) vagy .jsonl-t. Az UTF-8, UTF-16, cp1250 és ISO-8859-2 kódolást és a CSV "
        "elválasztóját (vessző, pontosvessző vagy tabulátor) felismeri; a fájlod a munkamenetedben marad.",
    },
    "analyse_file_label": {"en": "Sentences", "hu": "Mondatok"},
    "analyse_begin": {"en": "Upload a file to begin.", "hu": "A kezdéshez tölts fel egy fájlt."},
    "analyse_file": {"en": "File: {name} ({size} bytes)", "hu": "Fájl: {name} ({size} bájt)"},
    "remove": {"en": "Remove", "hu": "Eltávolítás"},
    "encoding": {"en": "Encoding", "hu": "Kódolás"},
    "detected": {"en": "detected", "hu": "felismert"},
    "delimiter": {"en": "Delimiter", "hu": "Elválasztó"},
    "delimiter_comma": {"en": "comma", "hu": "vessző"},
    "delimiter_semicolon": {"en": "semicolon", "hu": "pontosvessző"},
    "delimiter_tab": {"en": "tab", "hu": "tabulátor"},
    "analyse_summary": {
        "en": "Encoding: {encoding} (detected: {detected})",
        "hu": "Kódolás: {encoding} (felismert: {detected})",
    },
    "analyse_summary_delimiter": {
        "en": " · delimiter: {delimiter} (detected: {detected})",
        "hu": " · elválasztó: {delimiter} (felismert: {detected})",
    },
    "analyse_rows": {"en": "{rows} rows", "hu": "{rows} sor"},
    "text_column": {"en": "Text column", "hu": "A szöveg oszlopa"},
    "label_column": {"en": "Label column (optional)", "hu": "A címke oszlopa (nem kötelező)"},
    "no_column": {"en": "(none)", "hu": "(nincs)"},
    "analyse_run": {"en": "Analyse {count} sentences", "hu": "{count} mondat elemzése"},
    "analysing": {"en": "Analysing…", "hu": "Elemzés…"},
    "analysing_progress": {"en": "Analysing… {done} / {total} sentences", "hu": "Elemzés… {done} / {total} mondat"},
    "cancel": {"en": "Cancel", "hu": "Mégse"},
    "analyse_cancelled": {"en": "Analysis cancelled.", "hu": "Az elemzés megszakadt."},
    "analyse_accuracy": {"en": "Accuracy against the label column", "hu": "Pontosság a címkeoszlophoz mérve"},
    "analyse_filter": {"en": "Filter: sentences containing", "hu": "Szűrés: a mondatban szerepel"},
    "analyse_wrong": {"en": "Only wrong predictions", "hu": "Csak a téves előrejelzések"},
    "column_sentence": {"en": "sentence", "hu": "mondat"},
    "column_prediction": {"en": "prediction", "hu": "előrejelzés"},
    "column_confidence": {"en": "confidence", "hu": "biztosság"},
    "column_label": {"en": "label", "hu": "címke"},
    "column_correct": {"en": "correct", "hu": "helyes"},
    "column_length": {"en": "length", "hu": "hossz"},
    "column_unknown_share": {"en": "unknown share", "hu": "ismeretlen arány"},
    "column_value": {"en": "value", "hu": "érték"},
    "column_token": {"en": "token", "hu": "token"},
    "column_context": {"en": "context", "hu": "szövegkörnyezet"},
    "column_start": {"en": "start", "hu": "kezdet"},
    "analyse_open": {"en": "Open this sentence in the explorer", "hu": "A mondat megnyitása a felfedezőben"},
    "analyse_csv": {"en": "Results as CSV", "hu": "Az eredmények CSV-ben"},
    "corpus_title": {"en": "Across the corpus", "hu": "A teljes korpuszon"},
    "corpus_intro": {
        "en": "Hidden states h of one layer and direction for the first {limit} sentences: where each unit fires "
        "most (RNNVis), and the spans where a set of units is on together (LSTMVis pattern search).",
        "hu": "Egy réteg és irány h rejtett állapotai az első {limit} mondaton: hol a legaktívabb egy-egy egység "
        "(RNNVis), és mely szakaszokon van bekapcsolva együtt egy egységcsoport (LSTMVis-mintakeresés).",
    },
    "corpus_threshold": {"en": "'On' means h above", "hu": "„Bekapcsolt”, ha h nagyobb, mint"},
    "corpus_collecting": {"en": "Collecting hidden states…", "hu": "A rejtett állapotok gyűjtése…"},
    "corpus_top": {"en": "Where unit {unit} is most active", "hu": "Ahol a(z) {unit}. egység a legaktívabb"},
    "pattern_title": {"en": "Pattern search", "hu": "Mintakeresés"},
    "pattern_sentence": {"en": "Sentence (row number)", "hu": "Mondat (sorszám)"},
    "pattern_span": {"en": "Span of steps", "hu": "Lépések szakasza"},
    "pattern_on": {
        "en": "{count} unit(s) on across the span: {units}",
        "hu": "A szakasz egészén bekapcsolt egységek ({count}): {units}",
    },
    "corpus_npz": {
        "en": "Hidden states of layer {layer} as NPZ",
        "hu": "A(z) {layer}. réteg rejtett állapotai NPZ-ben",
    },
    # ---- Your model ----
    "byom_title": {"en": "Bring your own model", "hu": "Hozd a saját modelled"},
    "byom_intro": {
        "en": "Upload a **config.json** and the weights as **.safetensors** (or a **.pt** state dict, read with "
        "`weights_only=True`). `models.zoo.byom.export(...)` writes both from your own embedding → LSTM/GRU/RNN → "
        "linear head; the README describes the format. Nothing you upload can run code, and your model is "
        "visible only in your own session.",
        "hu": "Tölts fel egy **config.json** fájlt és a súlyokat **.safetensors** formában (vagy **.pt** "
        "state dictként, amelyet `weights_only=True` beállítással olvasunk be). A `models.zoo.byom.export(...)` "
        "mindkettőt megírja a saját beágyazás → LSTM/GRU/RNN → lineáris fej modelledből; a formátumot a README "
        "írja le. Semmi, amit feltöltesz, nem futtathat kódot, és a modelled csak a saját munkamenetedben látszik.",
    },
    "byom_limits": {
        "en": "Limits: {parameters} parameters, weights up to {megabytes} MB, {models} models per session; "
        "word tokenizers use a named pattern (words, words_only, tweets).",
        "hu": "Korlátok: {parameters} paraméter, legfeljebb {megabytes} MB súly, munkamenetenként {models} modell; "
        "a szavas tokenizálók névvel megadott mintát használnak (words, words_only, tweets).",
    },
    "byom_config": {"en": "config.json", "hu": "config.json"},
    "byom_weights": {"en": "Weights", "hu": "Súlyok"},
    "byom_need_both": {
        "en": "Upload both files to check the model.",
        "hu": "A modell ellenőrzéséhez töltsd fel mindkét fájlt.",
    },
    "byom_full": {
        "en": "This session already holds {limit} uploaded models, the most it keeps. Remove one below, then "
        "upload again.",
        "hu": "Ebben a munkamenetben már {limit} feltöltött modell van, ennél többet nem tart meg. Távolíts el "
        "egyet lent, aztán töltsd fel újra.",
    },
    "byom_bad": {"en": "This model cannot be used: {error}", "hu": "Ez a modell nem használható: {error}"},
    "byom_loaded": {
        "en": "Loaded {title}: {cell}, {layers} layer(s) × {hidden} units{bidirectional}, vocabulary {vocab}, "
        "task {task}, {parameters} parameters.",
        "hu": "Betöltve: {title}: {cell}, {layers} réteg × {hidden} egység{bidirectional}, szókincs: {vocab}, "
        "feladat: {task}, {parameters} paraméter.",
    },
    "bidirectional": {"en": ", bidirectional", "hu": ", kétirányú"},
    "task_classify": {"en": "classify", "hu": "osztályozás"},
    "task_tag": {"en": "tag", "hu": "címkézés"},
    "task_lm": {"en": "lm", "hu": "nyelvmodell"},
    "byom_open": {"en": "Open it in the explorer", "hu": "Megnyitás a felfedezőben"},
    "byom_session": {
        "en": "Models in this session ({count} of {limit})",
        "hu": "Modellek ebben a munkamenetben ({count} / {limit})",
    },
    # ---- Model zoo ----
    "zoo_title": {"en": "LSTM Lens: the model zoo", "hu": "LSTM Lens: a modelltár"},
    "zoo_intro": {
        "en": "Trained LSTMs (and, for comparison, a GRU and a vanilla RNN) for the tasks of the lecture "
        "*Visszacsatolásos neurális hálózatok*. Each was trained on this machine's CPU by "
        "`python -m models.train NAME` and ships with its card.",
        "hu": "Betanított LSTM-ek (és összehasonlításképp egy GRU és egy egyszerű RNN) a *Visszacsatolásos "
        "neurális hálózatok* előadás feladataihoz. Mindegyiket ennek a gépnek a processzora tanította a "
        "`python -m models.train NÉV` paranccsal, és mindegyikhez modellkártya tartozik.",
    },
    "zoo_empty": {
        "en": "No trained models found in models/zoo. Train them with `python -m models.train all`.",
        "hu": "A models/zoo mappában nincs betanított modell. A `python -m models.train all` paranccsal tanítsd be őket.",
    },
    "zoo_architecture": {
        "en": "{cell} · {layers} layer(s) × {hidden} units{bidirectional} · {parameters} parameters",
        "hu": "{cell} · {layers} réteg × {hidden} egység{bidirectional} · {parameters} paraméter",
    },
    "zoo_bidirectional": {"en": " · bidirectional", "hu": " · kétirányú"},
    "zoo_card": {"en": "Model card", "hu": "Modellkártya (angolul, ahogy a tanítás megírta)"},
    # ---- model cards (viz/cards.py) ----
    "this_model": {"en": "this model", "hu": "ez a modell"},
    "baseline_majority_class": {"en": "majority class", "hu": "leggyakoribb osztály"},
    "baseline_lexicon_ignoring_negation": {"en": "lexicon ignoring negation", "hu": "szólista, tagadás nélkül"},
    "baseline_unigram": {"en": "unigram", "hu": "karaktergyakoriság (unigram)"},
    "baseline_all_O": {"en": "all O", "hu": "minden szó O"},
    "metric_accuracy": {"en": "accuracy", "hu": "pontosság"},
    "metric_token_accuracy": {"en": "token accuracy", "hu": "tokenpontosság"},
    "metric_entity_f1": {"en": "entity f1", "hu": "névfelismerési F1"},
    "metric_bits_per_char": {"en": "bits per char", "hu": "bit/karakter"},
    "metric_title": {"en": "{metric} on the test split ({better})", "hu": "{metric} a teszthalmazon ({better})"},
    "lower_is_better": {"en": "lower is better", "hu": "a kisebb a jobb"},
    "higher_is_better": {"en": "higher is better", "hu": "a nagyobb a jobb"},
    "natural_accuracy": {"en": "accuracy {v:.3f}", "hu": "pontosság {v:.3f}"},
    "natural_accuracy_negated": {"en": "negated sentences {v:.3f}", "hu": "tagadó mondatok {v:.3f}"},
    "natural_accuracy_positive_vs_negative": {
        "en": "positive vs negative {v:.3f}",
        "hu": "pozitív kontra negatív {v:.3f}",
    },
    "natural_person_f1": {"en": "person F1 {v:.3f}", "hu": "személynevek F1 {v:.3f}"},
    "natural_entity_f1": {"en": "all entities F1 {v:.3f}", "hu": "minden név F1 {v:.3f}"},
    "natural_bits_per_char": {"en": "{v:.3f} bits per character", "hu": "{v:.3f} bit karakterenként"},
    "natural_card_in_string_unit_r": {
        "en": "the card's string unit r = {v:+.2f}",
        "hu": "a kártya sztringegysége r = {v:+.2f}",
    },
    "natural_unknown_token_share": {"en": "unknown tokens {v:.1%}", "hu": "ismeretlen tokenek {v:.1%}"},
    "natural_prose": {"en": "{v:.3f} bits per character on held-out modern prose", "hu": "{v:.3f} bit karakterenként félretett modern prózán"},
    "natural_modern_prompts": {
        "en": "{v:.0%} of modern prompts continued in modern Hungarian",
        "hu": "a mai mondatok folytatásának {v:.0%}-a mai magyar szöveg",
    },
    "natural_best_string_unit": {"en": "best string unit r = {v:+.2f}", "hu": "legjobb sztringegység r = {v:+.2f}"},
    "natural_best_found_string_unit": {
        "en": "best string unit among those not taught r = {v:+.2f}",
        "hu": "a nem tanított egységek közül a legjobb sztringegység r = {v:+.2f}",
    },
    "natural_line": {
        "en": "Natural text ({size} {unit}, never trained on): {parts}",
        "hu": "Természetes szöveg ({size} {unit}, a modell sosem tanult rajta): {parts}",
    },
    "natural_sentences": {"en": "sentences", "hu": "mondat"},
    "natural_other_writers": {
        "en": "Sets by other writers who never saw the training data: {sets}",
        "hu": "Más szerzők mondatai, akik nem látták a tanítóadatot: {sets}",
    },
    "natural_characters": {"en": "characters", "hu": "karakter"},
    # ---- zoo models: titles and descriptions (an uploaded model keeps its own) ----
    "model_sentiment_en": {"en": "Sentiment (English, many-to-one)", "hu": "Érzelemelemzés (angol, sok-az-egyhez)"},
    "model_sentiment_en_about": {
        "en": "Reads a sentence or a tweet piece by piece; the verdict after every prefix.",
        "hu": "Egy angol mondatot vagy tweetet olvas darabonként; minden előtag után ítéletet mond.",
    },
    "model_sentiment_hu": {"en": "Sentiment with negation (Hungarian)", "hu": "Érzelemelemzés tagadással (magyar)"},
    "model_sentiment_hu_about": {
        "en": "Everyday Hungarian sentences; 'nem', 'sosem', 'egyáltalán nem' and 'de' change the verdict.",
        "hu": "Hétköznapi magyar mondatok; a „nem”, a „sosem”, az „egyáltalán nem” és a „de” megfordíthatja az ítéletet.",
    },
    "model_ner_hu": {"en": "Named entities (Hungarian, bidirectional)", "hu": "Névfelismerés (magyar, kétirányú)"},
    "model_ner_hu_about": {
        "en": "Tags every piece of every word: 0 = O, 1 = PER, 2 = LOC, 3 = ORG, whatever its suffix.",
        "hu": "Minden szó minden darabját címkézi, bármi a toldaléka: 0 = O (nem név), 1 = SZEM (személy), "
        "2 = HELY, 3 = SZERV (szervezet).",
    },
    "model_code_chars": {
        "en": "Characters of Python code (language model)",
        "hu": "Python-kód karakterenként (nyelvmodell)",
    },
    "model_code_chars_about": {
        "en": "Predicts the next character of Python's standard-library source. Unit 75 of layer 1 (h) was taught \"inside a string\" beside the prediction; every other unit found what it tracks by itself.",
        "hu": "A Python standard könyvtárának forráskódjában jósolja meg a következő karaktert. Az 1. réteg 75-ös egységét (h) a jóslás mellett arra is tanítottuk, hogy jelezze, ha sztringen belül vagyunk; a többi egység magától találta meg, mit követ.",
    },
    "model_bible_chars": {
        "en": "Characters of Hungarian prose (language model)",
        "hu": "Magyar próza karakterenként (nyelvmodell)",
    },
    "model_bible_chars_about": {
        "en": "Predicts the next character of Hungarian prose: the RÚF Bible and modern instructions. Unit 153 (h) was taught whether the text is modern (1) or Biblical (0) beside the prediction.",
        "hu": "Magyar próza következő karakterét jósolja meg: a RÚF Bibliából és mai használati útmutatókból tanult. A 153-as egységet (h) a jóslás mellett arra is tanítottuk, hogy jelezze, mai (1) vagy bibliai (0) a szöveg.",
    },
    "model_dna_motif": {"en": "DNA motif (many-to-one)", "hu": "DNS-motívum (sok-az-egyhez)"},
    "model_dna_motif_about": {
        "en": "Does the sequence contain the motif CCCTGT? The verdict after every base.",
        "hu": "Szerepel-e a szekvenciában a CCCTGT motívum? Ítélet minden bázis után.",
    },
    "model_recall_rnn": {"en": "Long-range recall (RNN)", "hu": "Hosszú távú emlékezés (RNN)"},
    "model_recall_gru": {"en": "Long-range recall (GRU)", "hu": "Hosszú távú emlékezés (GRU)"},
    "model_recall_lstm": {"en": "Long-range recall (LSTM)", "hu": "Hosszú távú emlékezés (LSTM)"},
    "model_recall_about": {
        "en": "Remember the first digit across 4-99 distracting letters; RNN, GRU and LSTM trained alike.",
        "hu": "Az első számjegyet kell megjegyeznie 4–99 zavaró betűn át; az RNN, a GRU és az LSTM egyformán tanult.",
    },
    # ---- label names (the models' classes and tags) ----
    "label_negative": {"en": "negative", "hu": "negatív"},
    "label_neutral": {"en": "neutral", "hu": "semleges"},
    "label_positive": {"en": "positive", "hu": "pozitív"},
    "label_no motif": {"en": "no motif", "hu": "nincs motívum"},
    "label_motif": {"en": "motif", "hu": "motívum"},
    "label_O": {"en": "O", "hu": "O"},
    "label_PER": {"en": "PER", "hu": "SZEM"},
    "label_LOC": {"en": "LOC", "hu": "HELY"},
    "label_ORG": {"en": "ORG", "hu": "SZERV"},
    # ---- latent variables (what a unit is correlated with) ----
    "latent_negated": {"en": "negated", "hu": "tagadott"},
    "latent_clause": {"en": "clause", "hu": "tagmondat"},
    "latent_entity": {"en": "entity", "hu": "név"},
    "latent_in_string": {"en": "in string", "hu": "sztringben"},
    "latent_in_comment": {"en": "in comment", "hu": "megjegyzésben"},
    "latent_bracket_depth": {"en": "bracket depth", "hu": "zárójelmélység"},
    "latent_indent": {"en": "indent", "hu": "behúzás"},
    "latent_in_motif": {"en": "in motif", "hu": "motívumban"},
    "latent_motif_start": {"en": "motif start", "hu": "motívum kezdete"},
    "latent_gap": {"en": "gap", "hu": "távolság"},
    # interventions (explorer)
    "iv_title": {"en": "Switch units off: intervene and watch what changes", "hu": "Kapcsolj ki egységeket: beavatkozás, és ami utána változik"},
    "iv_intro": {
        "en": "Choose units of the layer and direction shown above, what to change and from which step. The model "
        "reruns exactly from there with its own weights; the original and the edited run are drawn side by side.",
        "hu": "Válassz egységeket a fent látható rétegből és irányból, azt, hogy mit változtass, és melyik lépéstől. "
        "A modell onnantól a saját súlyaival pontosan újrafut; az eredeti és a módosított futás egymás mellett látszik.",
    },
    "iv_units": {"en": "Units", "hu": "Egységek"},
    "iv_units_help": {"en": "Unit numbers, e.g. 13 or 13, 14 or 20-25", "hu": "Egységek sorszáma, pl. 13 vagy 13, 14 vagy 20-25"},
    "iv_what": {"en": "Change", "hu": "Változtatás"},
    "iv_set_c": {"en": "set the cell state C", "hu": "a C cellaállapot beállítása"},
    "iv_set_h": {"en": "set the hidden state h", "hu": "a h rejtett állapot beállítása"},
    "iv_f1": {"en": "forget gate f = 1 (keep everything)", "hu": "felejtőkapu f = 1 (mindent megtart)"},
    "iv_f0": {"en": "forget gate f = 0 (forget everything)", "hu": "felejtőkapu f = 0 (mindent elfelejt)"},
    "iv_i0": {"en": "input gate i = 0 (write nothing)", "hu": "bemeneti kapu i = 0 (semmit sem ír be)"},
    "iv_o0": {"en": "output gate o = 0 (show nothing)", "hu": "kimeneti kapu o = 0 (semmit sem mutat)"},
    "iv_z1": {"en": "update gate z = 1 (keep the old state)", "hu": "frissítőkapu z = 1 (a régi állapot marad)"},
    "iv_z0": {"en": "update gate z = 0 (take the new candidate)", "hu": "frissítőkapu z = 0 (az új jelölt lép be)"},
    "iv_r0": {"en": "reset gate r = 0 (ignore the past)", "hu": "visszaállító kapu r = 0 (a múltat figyelmen kívül hagyja)"},
    "iv_value": {"en": "Value (for states)", "hu": "Érték (állapotnál)"},
    "iv_value_zero": {"en": "0", "hu": "0"},
    "iv_value_typed": {"en": "typed", "hu": "beírt"},
    "iv_value_mean": {"en": "mean", "hu": "átlag"},
    "iv_typed_value": {"en": "Typed value", "hu": "Beírt érték"},
    "iv_step": {"en": "Step t", "hu": "t. lépés"},
    "iv_scope": {"en": "When", "hu": "Mikor"},
    "iv_scope_from": {"en": "from step t on", "hu": "a t. lépéstől kezdve"},
    "iv_scope_at": {"en": "at step t only", "hu": "csak a t. lépésben"},
    "iv_add": {"en": "Add the edit", "hu": "Beavatkozás hozzáadása"},
    "iv_units_bad": {
        "en": "Units must be numbers from 0 to {top}, such as 13 or 13, 14 or 20-25; got “{typed}”.",
        "hu": "Az egységek 0 és {top} közötti számok lehetnek, pl. 13 vagy 13, 14 vagy 20-25; ezt kaptam: „{typed}”.",
    },
    "iv_too_many": {"en": "At most {limit} edits at once: remove one first.", "hu": "Egyszerre legfeljebb {limit} beavatkozás lehet: előbb törölj egyet."},
    "iv_no_sample": {
        "en": "The mean needs the model's held-out sample, which only zoo models ship. Choose 0 or a typed value.",
        "hu": "Az átlaghoz a modell félretett mintája kell, ez csak a gyűjtemény modelljeinél van meg. Válaszd a 0-t vagy egy beírt értéket.",
    },
    "iv_patch_title": {"en": "Patching: take the state from another sentence", "hu": "Foltozás: állapot átvétele egy másik mondatból"},
    "iv_patch_text": {"en": "Sentence B", "hu": "B mondat"},
    "iv_patch_from": {"en": "Step in B", "hu": "Lépés B-ben"},
    "iv_patch_to": {"en": "Step here", "hu": "Lépés itt"},
    "iv_patch_state": {"en": "State", "hu": "Állapot"},
    "iv_patch": {"en": "Put B's state here", "hu": "B állapotának beillesztése"},
    "iv_patch_short": {"en": "Sentence B has {tokens} tokens; step {step} does not exist there.", "hu": "A B mondat {tokens} tokenből áll; {step}. lépés nincs benne."},
    "iv_patched_values": {"en": "the values from sentence B", "hu": "a B mondat értékei"},
    "iv_from_step": {"en": "from step {step} on", "hu": "a(z) {step}. lépéstől"},
    "iv_at_step": {"en": "at step {step} only", "hu": "csak a(z) {step}. lépésben"},
    "iv_where": {"en": "layer {layer}, {direction}", "hu": "{layer}. réteg, {direction}"},
    "iv_edit_line": {"en": "{target} of unit(s) {units} = {value}, {scope} ({where})", "hu": "{target}, egység(ek): {units} = {value}, {scope} ({where})"},
    "iv_url_bad": {"en": "The edits in the link could not be read and were left out: {error}", "hu": "A hivatkozásban lévő beavatkozásokat nem sikerült beolvasni, kimaradtak: {error}"},
    "iv_skipped": {"en": "Left out, it does not fit this model or text: {problem}", "hu": "Kimaradt, mert nem illik ehhez a modellhez vagy szöveghez: {problem}"},
    "iv_result": {"en": "Intervention: the original run and the edited run", "hu": "Beavatkozás: az eredeti és a módosított futás"},
    "iv_remove": {"en": "Remove", "hu": "Törlés"},
    "iv_clear": {"en": "Remove every edit", "hu": "Minden beavatkozás törlése"},
    "iv_failed": {"en": "The edited run failed: {error}", "hu": "A módosított futás nem sikerült: {error}"},
    "iv_original": {"en": "original", "hu": "eredeti"},
    "iv_edited": {"en": "edited", "hu": "módosított"},
    "iv_verdict_changed": {
        "en": "The verdict changed: {before} ({p_before}) → {after}; the probability of {before} is now {p_after}.",
        "hu": "Megváltozott a döntés: {before} ({p_before}) → {after}; a(z) {before} valószínűsége most {p_after}.",
    },
    "iv_verdict_same": {
        "en": "The verdict stays {before}: its probability {p_before} → {p_after}.",
        "hu": "A döntés marad: {before}; valószínűsége {p_before} → {p_after}.",
    },
    "iv_pred_title": {"en": "Prediction after every prefix", "hu": "Előrejelzés minden előtag után"},
    "iv_probability": {"en": "probability", "hu": "valószínűség"},
    "iv_tags_changed": {"en": "{count} of {total} tags changed.", "hu": "{total} címkéből {count} változott meg."},
    "iv_tags_title": {"en": "Tag of every token: original and edited (changed ones outlined)", "hu": "Minden token címkéje: eredeti és módosított (a változók bekeretezve)"},
    "iv_bits": {"en": "Bits per character over this text: {before} → {after}", "hu": "Bit karakterenként ezen a szövegen: {before} → {after}"},
    "iv_next_title": {"en": "Probability of the character that really came next", "hu": "A ténylegesen következő karakter valószínűsége"},
    "iv_delta_title": {"en": "Change in {state}: edited − original", "hu": "{state} változása: módosított − eredeti"},
    "iv_unit_axis": {"en": "unit", "hu": "egység"},
    "iv_spread_title": {"en": "Where the change spread (mean |Δh|)", "hu": "Hová terjedt a változás (átlagos |Δh|)"},
    "iv_download": {"en": "Download the edited run (NPZ)", "hu": "A módosított futás letöltése (NPZ)"},
    # lesson: interventions
    "lesson_9": {"en": "9. Switch units off: proof that they carry the negation", "hu": "9. Egységek kikapcsolása: bizonyíték, hogy ők viszik a tagadást"},
    "lesson_10": {"en": "10. Clamp the forget gate: memory kept or lost", "hu": "10. A felejtőkapu rögzítése: megmarad vagy elvész az emlék"},
    "lesson_9_flipped": {
        "en": "Seeing a unit light up at “nem” is a correlation. The proof is to switch it off. In “{text}” the model says "
        "**{before}** ({p}). Units are switched off one more at a time (C and h set to 0 at every step), each time the one "
        "that, beside those already off, moves the verdict most; with **{count}** off (units {units}) the verdict turns "
        "into **{after}**: the probability of {before} falls to {p_after}. The charts show both runs and where the cell "
        "state changed.",
        "hu": "Ha egy egység felvillan a „nem”-nél, az még csak együttjárás. A bizonyíték: kikapcsoljuk. A(z) „{text}” "
        "mondatra a modell ítélete **{before}** ({p}). Egyenként kapcsolunk ki újabb egységeket (C és h minden lépésben "
        "0): mindig azt, amelyik a már kikapcsoltak mellett a legjobban mozdítja az ítéletet. **{count}** egység "
        "kikapcsolása (egységek: {units}) **{after}** ítéletre fordítja: a(z) {before} valószínűsége {p_after}-ra esik. "
        "Az ábrák mindkét futást és a cellaállapot változását mutatják.",
    },
    "lesson_9_kept": {
        "en": "In “{text}” the model says **{before}** ({p}). Switching off {count} units one at a time, each the one that "
        "moves it most beside those already off (units {units}), lowers the probability of {before} only to {p_after}: the verdict stays. This model spreads the "
        "negation over more units than that.",
        "hu": "A(z) „{text}” mondatra a modell ítélete **{before}** ({p}). {count} egység egyenkénti kikapcsolása, mindig "
        "a már kikapcsoltak mellett legnagyobb hatásúé (egységek: {units}), a(z) {before} valószínűségét csak {p_after}-ra viszi le: az ítélet marad. Ez a modell ennél "
        "több egységre osztja szét a tagadást.",
    },
    "lesson_9_double_flipped": {
        "en": "A harder case, “{text}” (a negated negative word), turns too once {count} units are off "
        "(the probability of {before} goes from {p} to {p_after}).",
        "hu": "Nehezebb eset a(z) „{text}” (tagadott negatív szó): ez is megfordul {count} egység kikapcsolásával "
        "(a(z) {before} valószínűsége {p} helyett {p_after}).",
    },
    "lesson_9_double_kept": {
        "en": "A harder case, “{text}” (a negated negative word), does not turn even with {count} units off: the "
        "probability of {before} only goes from {p} to {p_after}. Negation here is carried by many units at once; try "
        "more units in the explorer's panel “Switch units off”.",
        "hu": "Nehezebb eset a(z) „{text}” (tagadott negatív szó): ez {count} egység kikapcsolásával sem fordul meg, "
        "a(z) {before} valószínűsége csak {p} helyett {p_after}. Itt a tagadást sok egység együtt hordozza; próbálj "
        "több egységet a felfedező „Kapcsolj ki egységeket” paneljén.",
    },
    "lesson_10_text": {
        "en": "The recall LSTM reads the key **{symbol}**, then {distractors} distractor symbols, and must name the key at "
        "the end. As trained it answers **{plain}** (probability of the key {p_plain}). Clamp the forget gate of every "
        "unit to **f = 1** from the second symbol on (keep everything): it answers **{kept}** ({p_kept}). Clamp it to "
        "**f = 0** (forget everything, at every step from the second symbol on): it answers **{lost}**, and the key gets only {p_lost}. The cell "
        "state C is the memory, and f decides whether it survives.",
        "hu": "A felidéző LSTM elolvassa a **{symbol}** kulcsot, utána {distractors} zavaró jelet, és a végén meg kell "
        "neveznie a kulcsot. Betanítva a válasza **{plain}** (a kulcs valószínűsége {p_plain}). Rögzítsük minden egység "
        "felejtőkapuját **f = 1**-re a második jeltől (mindent megtart): a válasz **{kept}** ({p_kept}). Rögzítsük "
        "**f = 0**-ra (a második jeltől minden lépésben mindent elfelejt): a válasz **{lost}**, a kulcs csak {p_lost} valószínűséget "
        "kap. A C cellaállapot az emlékezet, és f dönti el, megmarad-e.",
    },
    # analyse: interventions
    "ablate_title": {"en": "Switch units off across the file", "hu": "Egységek kikapcsolása az egész fájlon"},
    "ablate_classify_only": {"en": "Switching units off across a file compares verdicts, so it works with classifiers (one verdict per sentence).", "hu": "Az egységek kikapcsolása a fájlon ítéleteket hasonlít össze, ezért osztályozó modellekkel működik (mondatonként egy ítélet)."},
    "ablate_intro": {
        "en": "The units of the layer and direction chosen above are switched off (C and h = 0 at every step) in the first {limit} sentences; the model reruns exactly, and the sentences are ranked by how far the probability of their verdict fell.",
        "hu": "A fent választott réteg és irány egységeit az első {limit} mondatban kikapcsoljuk (C és h minden lépésben 0); a modell pontosan újrafut, a mondatokat pedig aszerint rendezzük, mennyit esett az ítéletük valószínűsége.",
    },
    "ablate_run": {"en": "Switch these units off in {count} sentences", "hu": "Ezeknek az egységeknek a kikapcsolása {count} mondatban"},
    "ablate_running": {"en": "Rerunning every sentence with the units off…", "hu": "Minden mondat újrafuttatása a kikapcsolt egységekkel…"},
    "ablate_flipped": {"en": "With unit(s) {units} off, **{count}** of {total} verdicts flip.", "hu": "A(z) {units} egység(ek) kikapcsolásával {total} ítéletből **{count}** fordul meg."},
    "ablate_accuracy": {"en": "Accuracy with the units off", "hu": "Pontosság a kikapcsolt egységekkel"},
    "ablate_before": {"en": "verdict", "hu": "ítélet"},
    "ablate_p_before": {"en": "its probability", "hu": "valószínűsége"},
    "ablate_after": {"en": "verdict with units off", "hu": "ítélet kikapcsolt egységekkel"},
    "ablate_p_after": {"en": "first verdict's probability now", "hu": "az első ítélet valószínűsége most"},
    "ablate_flip": {"en": "flipped", "hu": "megfordult"},
    "importance_title": {"en": "Unit importance: accuracy when each unit is switched off", "hu": "Egységek fontossága: a pontosság, ha egyenként kikapcsoljuk őket"},
    "importance_needs_labels": {"en": "The importance table needs a label column with the classes of this model (choose it above).", "hu": "A fontossági táblához a modell osztályait tartalmazó címkeoszlop kell (fent választható)."},
    "importance_run": {"en": "Compute the table: {units} units over {count} labelled sentences", "hu": "A tábla kiszámítása: {units} egység, {count} címkézett mondat"},
    "importance_progress": {"en": "Switching units off: {done} of {total} passes", "hu": "Egységek kikapcsolása: {total} futásból {done} kész"},
    "importance_baseline": {"en": "Accuracy with every unit on", "hu": "Pontosság minden egységgel"},
    "importance_accuracy": {"en": "accuracy with this unit off", "hu": "pontosság e nélkül az egység nélkül"},
    "importance_drop": {"en": "accuracy drop", "hu": "pontosságcsökkenés"},
    "importance_changed": {"en": "sentences judged differently", "hu": "másképp ítélt mondatok"},
    "importance_top_k": {"en": "How many of the most important units", "hu": "A legfontosabb egységek közül ennyi"},
    "importance_ablate_top": {"en": "Switch off the top {k} units of this table across the file", "hu": "A tábla első {k} egységének kikapcsolása az egész fájlon"},
    "iv_top_step": {"en": "Next characters after step", "hu": "A következő karakterek ennyi lépés után"},
    "importance_csv": {"en": "Download the table (CSV)", "hu": "A tábla letöltése (CSV)"},
    # corpus stores (ui/analyse_store.py, issue 13)
    "store_title": {"en": "Big corpora: corpus stores", "hu": "Nagy korpuszok: korpusztárak"},
    "store_intro": {
        "en": "A store keeps one layer's C and h for every token of a corpus of any size, with per-unit statistics, "
        "so the views below read and never recompute. Indexing runs in the background; stores are kept in {root}. "
        "Correlations with latent variables use the first {latents} sentences.",
        "hu": "Egy tár egy réteg C és h értékét őrzi a tetszőleges méretű korpusz minden tokenjére, egységenkénti "
        "statisztikákkal, így a lenti nézetek csak olvasnak, nem számolnak újra. Az indexelés a háttérben fut; a tárak "
        "helye: {root}. A látens változókkal vett korreláció az első {latents} mondatból készül.",
    },
    "store_index_title": {"en": "Index a corpus", "hu": "Korpusz indexelése"},
    "store_zoo_only": {"en": "Only models of the zoo can be indexed in the background.", "hu": "A háttérben csak a modellgyűjtemény modelljei indexelhetők."},
    "store_source": {"en": "Corpus", "hu": "Korpusz"},
    "store_source_upload": {"en": "the uploaded file ({name})", "hu": "a feltöltött fájl ({name})"},
    "store_source_path": {"en": "a file on the server", "hu": "fájl a kiszolgálón"},
    "store_path": {"en": "Path of a .txt, .csv, .tsv, .jsonl or .parquet file", "hu": "Egy .txt, .csv, .tsv, .jsonl vagy .parquet fájl útvonala"},
    "store_path_help": {"en": "For files too big to upload: any size is read line by line.", "hu": "A feltöltéshez túl nagy fájlokhoz: bármekkora fájl soronként olvasható."},
    "store_gates": {"en": "Also store the gates i, f, g, o", "hu": "Az i, f, g, o kapuk tárolása is"},
    "store_start": {"en": "Start indexing", "hu": "Indexelés indítása"},
    "store_bad_path": {"en": "No .txt, .csv, .tsv, .jsonl or .parquet file at '{path}'.", "hu": "Nincs .txt, .csv, .tsv, .jsonl vagy .parquet fájl itt: „{path}”."},
    "store_started": {"en": "Indexing started in the background.", "hu": "Az indexelés elindult a háttérben."},
    "store_progress": {"en": "{name}: {done} sentences, {tokens} tokens, {seconds} s", "hu": "{name}: {done} mondat, {tokens} token, {seconds} mp"},
    "store_state_finished": {"en": "finished", "hu": "kész"},
    "store_state_cancelled": {"en": "cancelled; Resume goes on where it stopped", "hu": "megszakítva; a Folytatás ott folytatja, ahol abbamaradt"},
    "store_state_failed": {"en": "failed", "hu": "hiba miatt leállt"},
    "store_state_stopped": {"en": "stopped; Resume goes on where it stopped", "hu": "leállt; a Folytatás ott folytatja, ahol abbamaradt"},
    "store_no_log": {"en": "The job left no message.", "hu": "A feladat nem hagyott üzenetet."},
    "store_resume": {"en": "Resume", "hu": "Folytatás"},
    "store_browse": {"en": "Browse a store", "hu": "Egy tár böngészése"},
    "store_none": {"en": "No finished store yet.", "hu": "Még nincs kész tár."},
    "store_choose": {"en": "Store", "hu": "Tár"},
    "store_label": {
        "en": "{model}, layer {layer}, direction {direction} · {file} · {sentences} sentences, {tokens} tokens · {created}",
        "hu": "{model}, {layer}. réteg, {direction}. irány · {file} · {sentences} mondat, {tokens} token · {created}",
    },
    "store_state": {"en": "State", "hu": "Állapot"},
    "store_stat_mean": {"en": "mean", "hu": "átlag"},
    "store_stat_std": {"en": "standard deviation", "hu": "szórás"},
    "store_stat_min": {"en": "minimum", "hu": "minimum"},
    "store_stat_max": {"en": "maximum", "hu": "maximum"},
    "store_stat_on_share": {"en": "share of tokens with h > {threshold}", "hu": "a tokenek aránya, ahol h > {threshold}"},
    "store_histogram": {"en": "{state} of unit {unit} over all {tokens} tokens", "hu": "A(z) {unit}. egység {state} értéke mind a(z) {tokens} tokenen"},
    "store_tokens_axis": {"en": "tokens (log scale)", "hu": "tokenek (logaritmikus skála)"},
    "store_latents": {"en": "Correlation with latent variables (first {count} sentences)", "hu": "Korreláció a látens változókkal (az első {count} mondat)"},
    "store_no_latents": {"en": "This model defines no latent variables to correlate with.", "hu": "Ez a modell nem határoz meg látens változót, amellyel korrelálni lehetne."},
    "store_top": {"en": "Where {state} of unit {unit} is highest", "hu": "Ahol a(z) {unit}. egység {state} értéke a legnagyobb"},
    "store_sentence": {"en": "sentence {n}", "hu": "{n}. mondat"},
    "store_contexts_csv": {"en": "Top contexts (CSV)", "hu": "A legerősebb környezetek (CSV)"},
    "store_pattern_intro": {
        "en": "Pick a span of one sentence: the units with h > {threshold} throughout it are searched for in all {tokens} tokens of the store.",
        "hu": "Válassz egy szakaszt egy mondatból: a végig h > {threshold} értékű egységeket a tár mind a(z) {tokens} tokenjében keressük.",
    },
    "store_matches": {"en": "{count} matching spans; the first {shown} are shown.", "hu": "{count} illeszkedő szakasz; az első {shown} látható."},
    "store_stats_download": {"en": "Per-unit statistics (Parquet)", "hu": "Egységenkénti statisztikák (Parquet)"},
    "store_pick": {"en": "Open in the explorer", "hu": "Megnyitás a felfedezőben"},
}
CATALOGUE.update(TRANSLATE_STRINGS)  # the translation page and lesson step (viz/i18n_translate.py)
CATALOGUE.update(COMPARE_STRINGS)  # the compare page (viz/i18n_compare.py)

BROWSER_KEYS = [
    "speed", "perSecond", "cellTitle", "barsTitle", "heatTitle", "sortBy", "predTitle", "satTitle", "colouredBy",
    "unit", "index", "activity", "variance", "correlation", "forgotten", "written", "token", "truth", "left", "right",
    "slip", "noPred", "stackTitle", "layerWord", "satSentence", "satSample", "predAxis", "nextAxis", "nextView",
    *COMPARE_BROWSER_KEYS,  # the GRU and RNN diagrams' words, in the explorer too
]  # fmt: skip


def tr(key: str, lang: str, **values: object) -> str:
    """The string for `key` in `lang`, formatted with `values`."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry["en"]
    if not values:
        return text
    text = text.format(**values)
    return hungarian_articles(text) if lang == "hu" else text


_ARTICLE = re.compile(r"\b([Aa])\(z\) ([„\"'(]?)(\S+)")
_VOWELS = "aáeéiíoóöőuúüű"


def _starts_with_vowel_sound(word: str) -> bool:
    """Whether a Hungarian reader says `word` beginning with a vowel: "5." is "ötödik", "1000" "ezer".
    Only the leading digits count: a grouped "1 234" or "1,5" is said from its first group ("ezer...",
    "egy egész..."), which starts the same way as the whole number."""
    digits = re.match(r"[0-9]+", word)
    if digits is None:
        return word[:1].lower() in _VOWELS
    lead = digits.group(0)
    if lead[0] == "5":  # öt, ötven, ötszáz, ötezer
        return True
    return lead[0] == "1" and len(lead) in (1, 4, 7)  # egy, ezer, egymillió (not tíz, száz, tízezer)


def hungarian_articles(text: str) -> str:
    """Each "a(z) X" written as "a X" or "az X", as the word or number after it is said: a
    formatted value decides which, so the catalogue cannot, and a projected "a(z)" reads as a form."""

    def article(match: re.Match) -> str:
        a, quote, word = match.groups()
        return f"{a}{'z' if _starts_with_vowel_sound(word) else ''} {quote}{word}"

    return _ARTICLE.sub(article, text)


def explorer_strings(lang: str) -> dict[str, str]:
    return {key: tr(key, lang) for key in BROWSER_KEYS}


LABEL_ALIASES = {"negatív": "negative", "pozitív": "positive"}  # sentiment_hu names its classes in Hungarian
RECALL_MODELS = ("recall_rnn", "recall_gru", "recall_lstm")


def _named(prefix: str, name: str, lang: str) -> str:
    """`name` shown in `lang` where the catalogue knows it; any other name (an uploaded model's) as it is."""
    key = f"{prefix}_{name}"
    return tr(key, lang) if key in CATALOGUE else name


def label_name(name: str, lang: str) -> str:
    """A class or tag name ("positive", "negatív", "PER", "motif") in `lang`."""
    return _named("label", LABEL_ALIASES.get(name, name), lang)


def latent_name(name: str, lang: str) -> str:
    """A latent variable ("negated", "in_string", "bracket_depth") in `lang`."""
    return _named("latent", name, lang)


def model_title(name: str, meta: dict, lang: str) -> str:
    """A zoo model's title in `lang`; an uploaded model's own title (from `meta`) otherwise."""
    key = f"model_{name}"
    return tr(key, lang) if key in CATALOGUE else meta.get("title", name)


def model_description(name: str, meta: dict, lang: str) -> str:
    key = "model_recall_about" if name in RECALL_MODELS else f"model_{name}_about"
    return tr(key, lang) if key in CATALOGUE else meta.get("description", "")


def number(value: int, lang: str) -> str:
    """A whole number with thousands grouped: 9,000 in English, 9 000 in Hungarian (a narrow no-break space)."""
    grouped = f"{value:,}"
    return grouped if lang == "en" else grouped.replace(",", "\u202f")


def decimal(value: float, lang: str, digits: int = 2) -> str:
    """A number with `digits` decimals: 0.29 in English, 0,29 in Hungarian (decimal comma)."""
    text = f"{value:.{digits}f}"
    return text if lang == "en" else text.replace(".", ",")
