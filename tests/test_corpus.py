"""Uploaded files: encodings, formats and a table of hostile inputs; batched analysis."""

from __future__ import annotations

import json

import pytest

from models import zoo
from models.batch import accuracy, analyse
from models.corpus import MAX_SENTENCE_CHARS, UploadError, detect_encoding, read_table, sentences
from models.probe import trace

HUNGARIAN = "Árvíztűrő tükörfúrógép: őű ŐŰ\nEz egy rossz film volt.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HUNGARIAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + HUNGARIAN.encode("utf-8"), "utf-8-sig"),
        (HUNGARIAN.encode("utf-16"), "utf-16"),
        (HUNGARIAN.encode("cp1250") + "„idézet” – Š".encode("cp1250"), "cp1250"),
        (HUNGARIAN.encode("iso-8859-2"), None),  # Latin-2 and cp1250 agree on every Hungarian letter
    ],
)
def test_encodings_are_detected_and_hungarian_letters_survive(data, expected) -> None:
    if expected:
        assert detect_encoding(data) == expected
    table = read_table("x.txt", data)
    assert table.rows[0]["text"] == "Árvíztűrő tükörfúrógép: őű ŐŰ"


def test_latin2_specific_letters_choose_latin2() -> None:
    data = "Łódź és Ščasný, Ąę".encode("iso-8859-2")
    assert detect_encoding(data) == "iso-8859-2"
    assert read_table("x.txt", data).rows[0]["text"] == "Łódź és Ščasný, Ąę"


def test_encoding_can_be_overridden() -> None:
    data = "őű".encode("cp1250")
    table = read_table("x.txt", data, encoding="iso-8859-2")
    assert table.encoding == "iso-8859-2" and table.detected in ("cp1250", "iso-8859-2")


def test_csv_with_labels_and_jsonl() -> None:
    table = read_table("s.csv", 'text,label\n"Jó, szép",1\nrossz,0\n'.encode())
    chosen = sentences(table, "text", "label")
    assert chosen.texts == ["Jó, szép", "rossz"] and chosen.labels == ["1", "0"]
    lines = "\n".join(json.dumps({"sentence": s, "n": i}) for i, s in enumerate(["a b", "c"]))
    table = read_table("s.jsonl", lines.encode())
    assert table.columns == ["sentence", "n"] and sentences(table, "sentence").texts == ["a b", "c"]
    tsv = read_table("s.tsv", b"t\tl\nx y\tpos\n")
    assert tsv.rows == [{"t": "x y", "l": "pos"}]


HOSTILE = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \n \n", "empty"),
    ("binary.txt", bytes(range(256)) * 20, "binary"),
    ("pdf.csv", b"%PDF-1.4\x00\x01\x02\x03" * 50, "binary"),
    ("ragged.csv", b"a,b\n1,2\n3\n", "Row 3 has 1 fields"),
    ("twice.csv", b"a,a\n1,2\n", "twice"),
    ("bad.jsonl", b'{"a": 1}\n{oops\n', "Line 2 is not valid JSON"),
    ("list.jsonl", b"[1, 2]\n", "not a JSON object"),
    ("data.xlsx", b"PK\x03\x04 something", "not supported"),
    ("header.csv", b"a,b\n", "no rows"),
]


@pytest.mark.parametrize(("name", "data", "message"), HOSTILE)
def test_hostile_files_get_a_clear_message(name, data, message) -> None:
    with pytest.raises(UploadError, match=message):
        read_table(name, data)


def test_long_lines_are_cut_and_controls_removed() -> None:
    data = ("x" * 1_048_576 + "\n" + "a\x07b\x1b[31m c\n" + "<img src=x onerror=alert(1)>\n").encode()
    chosen = sentences(read_table("big.txt", data), "text")
    assert len(chosen.texts[0]) == MAX_SENTENCE_CHARS
    assert chosen.texts[1] == "ab[31m c"
    assert chosen.texts[2] == "<img src=x onerror=alert(1)>"  # kept as text; every view escapes it
    assert any("cut" in n for n in chosen.notes) and any("Control" in n for n in chosen.notes)


def test_unknown_column_and_empty_column() -> None:
    table = read_table("s.csv", b"text,label\n ,1\n")
    with pytest.raises(UploadError, match="no column"):
        sentences(table, "nope")
    with pytest.raises(UploadError, match="has no text"):
        sentences(table, "text")


def test_batched_analysis_matches_the_probe_and_scores_labels() -> None:
    model = zoo.load("sentiment_hu")
    texts = ["Ez egy rossz film volt.", "Milyen szép időnk van ma!", "zzz qqq", "😀 🚀"]
    labels = ["negatív", "1", "0", ""]
    done = []
    results = analyse(model, texts, labels, progress=lambda d, t: done.append((d, t)), batch_size=2)
    assert [r.sentence for r in results] == texts
    assert [r.prediction for r in results[:2]] == ["negatív", "pozitív"]
    assert results[0].correct and results[1].correct and results[3].correct is None
    assert results[2].unknown_share == 1.0
    assert done[-1] == (4, 4)
    probs = trace(model.model, model.tokenizer.encode(texts[0])).probs[-1]
    assert results[0].confidence == pytest.approx(float(probs.max()), abs=1e-5)
    assert accuracy(results) is not None


def test_tagger_labels_as_lecture_indices_and_cancel() -> None:
    model = zoo.load("ner_hu")
    results = analyse(model, ["Tegnap Józsi letörölte a termelési adatbázist."], ["[0, 1, 0, 0, 0, 0]"])
    assert results[0].prediction == "O PER O O O O" and results[0].correct
    assert analyse(model, ["a", "b"], should_stop=lambda: True) == []
