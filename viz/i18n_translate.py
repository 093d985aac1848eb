"""The translation page's and lesson step's strings, Hungarian and English; viz/i18n.py merges them
into its CATALOGUE (one catalogue, one test for missing translations)."""

from __future__ import annotations

TRANSLATE_STRINGS: dict[str, dict[str, str]] = {
    "page_translate": {"en": "Translation", "hu": "Fordítás"},
    "model_translate_de_hu": {"en": "German → Hungarian, no attention", "hu": "Német → magyar, figyelem nélkül"},
    "model_translate_de_hu_attention": {"en": "German → Hungarian, with attention", "hu": "Német → magyar, figyelemmel"},
    "model_translate_about": {
        "en": "Encoder–decoder LSTM (many-to-many): the lecture's translation example. Open it on the Translation page.",
        "hu": "Kódoló–dekódoló LSTM (sok-a-sokhoz): az előadás fordítási példája. A Fordítás oldalon nézheted meg.",
    },
    "metric_chrf": {"en": "chrF", "hu": "chrF"},
    "baseline_word_by_word": {"en": "word-by-word dictionary", "hu": "szóról szóra szótár"},
    "tl_title": {"en": "Translation: the encoder–decoder, step by step", "hu": "Fordítás: a kódoló–dekódoló lépésről lépésre"},
    "tl_intro": {
        "en": "An encoder LSTM reads the German sentence word by word; its final h and C start a decoder LSTM, "
        "which writes Hungarian one word at a time, each word fed back as its next input. The attention model "
        "also looks back at every German word at every step.",
        "hu": "A kódoló LSTM szóról szóra beolvassa a német mondatot; végső h és C állapotával indul a dekódoló "
        "LSTM, amely szavanként írja a magyar mondatot, és minden leírt szót visszakap következő bemenetként. "
        "A figyelemmel dolgozó modell minden lépésben visszanéz minden német szóra is.",
    },
    "tl_model": {"en": "Model", "hu": "Modell"},
    "tl_model_translate_de_hu": {"en": "without attention (h and C are all it gets)", "hu": "figyelem nélkül (csak h és C jut át)"},
    "tl_model_translate_de_hu_attention": {"en": "with attention (Luong)", "hu": "figyelemmel (Luong)"},
    "tl_source": {"en": "German sentence", "hu": "Német mondat"},
    "tl_mode": {"en": "Decoding", "hu": "Dekódolás"},
    "tl_mode_greedy": {"en": "free running, greedy", "hu": "szabad futás, mohó"},
    "tl_mode_beam": {"en": "free running, beam search", "hu": "szabad futás, nyalábkeresés"},
    "tl_mode_forced": {"en": "teacher forcing", "hu": "tanári kényszerítés"},
    "tl_beam_size": {"en": "Beam width", "hu": "Nyalábszélesség"},
    "tl_reference": {"en": "Hungarian reference, fed to the decoder", "hu": "Magyar referencia, ezt kapja a dekódoló"},
    "tl_reference_needed": {
        "en": "Teacher forcing feeds the decoder a reference translation: type one.",
        "hu": "A tanári kényszerítés egy referenciafordítást ad a dekódolónak: írj be egyet.",
    },
    "tl_output": {"en": "Translation", "hu": "Fordítás"},
    "tl_forced_output": {"en": "Fed to the decoder (teacher forcing)", "hu": "A dekódoló bemenete (tanári kényszerítés)"},
    "tl_empty": {"en": "Type a German sentence.", "hu": "Írj be egy német mondatot."},
    "tl_unknown": {
        "en": "Not in the German vocabulary, read as <unk>: {words}",
        "hu": "Nincs a német szókincsben, <unk>-ként olvassa: {words}",
    },
    "tl_reference_unknown": {
        "en": "Not in the Hungarian vocabulary, fed as <unk>: {words}",
        "hu": "Nincs a magyar szókincsben, <unk>-ként kapja: {words}",
    },
    "tl_failed": {"en": "This sentence could not be translated: {error}", "hu": "Ezt a mondatot nem sikerült lefordítani: {error}"},
    "tl_missing": {
        "en": "The translation models are not trained yet: run python -m models.train.translate.",
        "hu": "A fordító modellek még nincsenek betanítva: futtasd a python -m models.train.translate parancsot.",
    },
    "tl_encoder": {"en": "1. The encoder reads the German sentence", "hu": "1. A kódoló beolvassa a német mondatot"},
    "tl_state": {"en": "Gate or state", "hu": "Kapu vagy állapot"},
    "tl_name_i": {"en": "i: input gate", "hu": "i: bemeneti kapu"},
    "tl_name_f": {"en": "f: forget gate", "hu": "f: felejtőkapu"},
    "tl_name_g": {"en": "C̃: candidate", "hu": "C̃: jelölt"},
    "tl_name_o": {"en": "o: output gate", "hu": "o: kimeneti kapu"},
    "tl_name_c": {"en": "C: cell state", "hu": "C: cellaállapot"},
    "tl_name_h": {"en": "h: hidden state", "hu": "h: rejtett állapot"},
    "tl_encoder_heat": {"en": "Encoder: {name}, every unit after every German word", "hu": "Kódoló: {name}, minden egység minden német szó után"},
    "tl_handover": {
        "en": "The decoder starts from the encoder's last column: h and C after “{word}”.",
        "hu": "A dekódoló a kódoló utolsó oszlopából indul: a „{word}” utáni h és C állapotból.",
    },
    "tl_decoder": {"en": "2. The decoder writes Hungarian", "hu": "2. A dekódoló magyarul ír"},
    "tl_step": {"en": "Decoder step", "hu": "Dekódolási lépés"},
    "tl_step_caption": {
        "en": "Step {step} of {steps}: the decoder reads “{fed}” and writes “{written}”.",
        "hu": "{steps} lépésből a(z) {step}.: a dekódoló a(z) „{fed}” szót kapja, és a(z) „{written}” szót írja.",
    },
    "tl_forced_caption": {
        "en": "Teacher forcing: “{written}” is fed on whatever the model prefers; its own first choice here is “{choice}”.",
        "hu": "Tanári kényszerítés: a(z) „{written}” szót kapja tovább, bármit választana; a saját első választása itt: „{choice}”.",
    },
    "tl_top": {"en": "The 5 likeliest next words at step {step}", "hu": "Az 5 legvalószínűbb következő szó a(z) {step}. lépésben"},
    "tl_attention": {"en": "Attention: where each Hungarian word looks in the German", "hu": "Figyelem: hová néz a német mondatban az egyes magyar szavak írásakor"},
    "tl_no_attention": {
        "en": "This model has no attention: all it knows of the German sentence is the encoder's final h and C, which start the decoder.",
        "hu": "Ennek a modellnek nincs figyelme: a német mondatból csak a kódoló végső h és C állapotát ismeri, ezekkel indul a dekódoló.",
    },
    "tl_decoder_heat": {"en": "Decoder: {name}, every unit at every step", "hu": "Dekódoló: {name}, minden egység minden lépésben"},
    "tl_unit": {"en": "Unit", "hu": "Egység"},
    "tl_equations": {
        "en": "The decoder's cell at step {step}, unit {unit}:",
        "hu": "A dekódoló cellája a(z) {step}. lépésben, {unit}. egység:",
    },
    "tl_beams": {"en": "Beam search: the {width} best hypotheses after each step", "hu": "Nyalábkeresés: a {width} legjobb jelölt minden lépés után"},
    "tl_beam_step": {"en": "step", "hu": "lépés"},
    "tl_beam_rank": {"en": "rank", "hu": "helyezés"},
    "tl_beam_text": {"en": "hypothesis", "hu": "jelölt"},
    "tl_beam_score": {"en": "log-probability", "hu": "log-valószínűség"},
    "tl_bottleneck": {
        "en": "On generated sentences of {words} or more German tokens (words and punctuation) the model without attention falls behind: exact match {plain:.0%} without attention, {attention:.0%} with it (the cards).",
        "hu": "A legalább {words} tokenes (szó és írásjel) generált német mondatokon lemarad a figyelem nélküli modell: pontos egyezés {plain:.0%} figyelem nélkül, {attention:.0%} figyelemmel (a modellkártyák szerint).",
    },
    "tl_scores": {
        "en": "On {sentences} hand-written pairs it never saw: chrF {chrf:.1f}, exact match {exact:.0%} (word-by-word dictionary: chrF {baseline:.1f}).",
        "hu": "{sentences} kézzel írt, sosem látott mondatpáron: chrF {chrf:.1f}, pontos egyezés {exact:.0%} (szóról szóra szótárral: chrF {baseline:.1f}).",
    },
    # the lesson's last step
    "lesson_11": {"en": "11. Translation: the bottleneck and attention", "hu": "11. Fordítás: a szűk keresztmetszet és a figyelem"},
    "lesson_11_text": {
        "en": "The slides' example, “Willst du mit mir tanzen?” → “Szeretnél velem táncolni?”, is many-to-many: an "
        "encoder LSTM reads the German, and its final h and C are all a decoder LSTM gets before it writes the "
        "Hungarian. Everything about the sentence must fit in those two vectors. Attention lets the decoder look "
        "back at every encoder state at every step. Type a long sentence and compare the two models, trained alike.",
        "hu": "A diák példája, „Willst du mit mir tanzen?” → „Szeretnél velem táncolni?”, sok-a-sokhoz feladat: a "
        "kódoló LSTM beolvassa a német mondatot, és a végső h és C állapota minden, amit a dekódoló LSTM kap, mielőtt "
        "megírja a magyart. A mondatból mindennek bele kell férnie ebbe a két vektorba. A figyelem minden lépésben "
        "visszanézhet a kódoló minden állapotára. Írj be egy hosszú mondatot, és hasonlítsd össze a két, egyformán "
        "tanított modellt.",
    },
    "lesson_11_long": {"en": "A long German sentence", "hu": "Egy hosszú német mondat"},
    "lesson_11_reference": {"en": "Reference", "hu": "Referencia"},
    "lesson_11_result": {"en": "{model}: {output}", "hu": "{model}: {output}"},
    "lesson_11_open": {"en": "Step through it on the Translation page.", "hu": "Lépésenként a Fordítás oldalon nézheted végig."},
}
