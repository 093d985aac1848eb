"""Uploaded files: encodings, formats and a table of hostile inputs; batched analysis."""

from __future__ import annotations

import json

import pytest

from models import zoo
from models.corpus.batch import accuracy, analyse
from models.corpus.upload import (
    MAX_SENTENCE_CHARS,
    UploadError,
    detect_delimiter,
    detect_encoding,
    read_table,
    sentences,
)
from models.probe import trace

pytestmark = pytest.mark.fast

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
    ("deep.jsonl", b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n", "Line 1 is nested too deeply"),
    ("digits.jsonl", b'{"text": "a"}\n{"text": ' + b"7" * 5000 + b"}\n", "Line 2 holds a value that cannot be read"),
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
    texts = ["Ez egy rossz film volt.", "Milyen szép időnk van ma!", "☃ ✈", "😀 🚀"]  # symbols no tokenizer knows
    labels = ["negatív", "1", "0", ""]
    done = []
    results = analyse(model, texts, labels, progress=lambda d, t: done.append((d, t)), batch_size=2)
    assert [r.sentence for r in results] == texts
    assert [r.prediction for r in results[:2]] == ["negatív", "pozitív"]
    assert results[0].correct and results[1].correct and results[3].correct is None
    assert results[2].unknown_share == 1.0 and results[3].unknown_share == 1.0
    assert done[-1] == (4, 4)
    probs = trace(model.model, model.tokenizer.encode(texts[0])).probs[-1]
    assert results[0].confidence == pytest.approx(float(probs.max()), abs=1e-5)
    assert accuracy(results) is not None


def test_tagger_labels_as_lecture_indices_and_cancel() -> None:
    model = zoo.load("ner_hu")
    results = analyse(model, ["Tegnap Józsi letörölte a termelési adatbázist."], ["[0, 1, 0, 0, 0, 0]"])
    assert results[0].prediction == "O PER O O O O" and results[0].correct
    assert analyse(model, ["a", "b"], should_stop=lambda: True) == []


# ---- 4. Hungarian Excel CSV: cp1250, `;`, commas inside sentences ----
EXCEL = 'szöveg;címke\n"Jó, sőt kiváló film";pozitív\nRossz, unalmas, hosszú;negatív\nŐszintén: nem volt jó.;negatív\n'


@pytest.mark.parametrize(
    ("name", "data", "delimiter", "columns"),
    [
        ("excel.csv", EXCEL.encode("cp1250"), ";", ["szöveg", "címke"]),
        ("excel.txt.csv", EXCEL.replace("\n", "\r\n").encode("cp1250"), ";", ["szöveg", "címke"]),
        ("comma.csv", b'text,label\n"a, b",1\nc,0\n', ",", ["text", "label"]),
        ("tabs.csv", b"text\tlabel\na, b; c\t1\n", "\t", ["text", "label"]),
        ("tabs.tsv", b"text\tlabel\na\t1\n", "\t", ["text", "label"]),
        ("one.csv", b"sentence\nJust words here\nAnd more\n", ",", ["sentence"]),
    ],
)
def test_csv_dialect_is_read_from_the_content(name, data, delimiter, columns) -> None:
    table = read_table(name, data)
    assert (table.delimiter, table.detected_delimiter, table.columns) == (delimiter, delimiter, columns)


def test_hungarian_excel_file_reads_as_two_columns() -> None:
    table = read_table("excel.csv", EXCEL.encode("cp1250"))
    assert table.encoding == "cp1250"
    chosen = sentences(table, "szöveg", "címke")
    assert chosen.texts == ["Jó, sőt kiváló film", "Rossz, unalmas, hosszú", "Őszintén: nem volt jó."]
    assert chosen.labels == ["pozitív", "negatív", "negatív"] and not chosen.notes


@pytest.mark.parametrize(
    ("delimiter", "message"), [(",", "Row 3 has 3 fields.*delimiter is comma"), ("|", "Unknown delimiter")]
)
def test_a_delimiter_override_is_obeyed_and_explained(delimiter, message) -> None:
    with pytest.raises(UploadError, match=message):
        read_table("excel.csv", EXCEL.encode("cp1250"), delimiter=delimiter)
    assert read_table("excel.csv", EXCEL.encode("cp1250"), delimiter="\t").columns == ["szöveg;címke"]


def test_delimiter_of_a_single_line() -> None:
    assert detect_delimiter("a;b", ",") == ";" and detect_delimiter("just text", "\t") == "\t"


# ---- 5. encodings: per line for mixed files, UTF-16 without a BOM ----
MIXED_LINES = ["Árvíztűrő tükörfúrógép", "Ez egy rossz film volt.", "Őszintén: nem volt jó.", "Szép napunk van, öröm!"]


def _mixed(encodings: list[str], newline: bytes = b"\n") -> bytes:
    """MIXED_LINES, line k in encodings[k]."""
    return newline.join(line.encode(encoding) for line, encoding in zip(MIXED_LINES, encodings, strict=True))


@pytest.mark.parametrize(
    ("data", "encoding", "repaired"),
    [
        (_mixed(["utf-8", "utf-8", "cp1250", "cp1250"]), "utf-8 + cp1250", 2),
        (_mixed(["cp1250", "utf-8", "utf-8", "utf-8"], b"\r\n"), "utf-8 + cp1250", 1),
        ("\n".join(MIXED_LINES).encode("utf-16-le"), "utf-16-le", 0),
        ("\n".join(MIXED_LINES).encode("utf-16-be"), "utf-16-be", 0),
        ("\n".join(MIXED_LINES).encode("cp1250"), "cp1250", 0),
    ],
)
def test_each_line_decodes_right_and_repairs_are_counted(data, encoding, repaired) -> None:
    assert detect_encoding(data) == encoding
    table = read_table("mixed.txt", data)
    assert [row["text"] for row in table.rows] == MIXED_LINES
    assert table.encoding == encoding
    if repaired:
        assert table.notes == [f"{repaired} line(s) were not valid UTF-8 and were read as cp1250."]
    else:
        assert not table.notes


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_can_be_chosen(encoding) -> None:
    data = "szöveg,címke\nJó film,1\n".encode(encoding)
    table = read_table("s.csv", data, encoding=encoding)
    assert table.rows == [{"szöveg": "Jó film", "címke": "1"}]


def test_a_mixed_file_read_as_plain_utf8_says_where() -> None:
    data = "jó\n".encode() + "rossz ő\n".encode("cp1250")
    with pytest.raises(UploadError, match="not valid utf-8 \\(line 2"):
        read_table("x.txt", data, encoding="utf-8")


# ---- 6. silent changes: skipped .jsonl rows are counted, never shown as "null" ----
def test_jsonl_rows_that_are_not_sentences_are_skipped_and_counted() -> None:
    lines = [
        {"text": "jó film", "label": 1},
        {"text": None, "label": 0},
        {"text": {"nested": "object"}},
        {"text": ["a", "list"]},
        {"sentence": "no text field"},
        {"text": 42, "label": True},
        {"text": "   "},
        {"text": "rossz film"},
    ]
    table = read_table("s.jsonl", "\n".join(json.dumps(x) for x in lines).encode())
    chosen = sentences(table, "text", "label")
    assert chosen.texts == ["jó film", "42", "rossz film"]
    assert chosen.labels == ["1", "true", ""]
    assert "null" not in chosen.texts
    assert chosen.notes == [
        "1 row(s) without a 'text' field were skipped.",
        "1 row(s) with null in 'text' were skipped.",
        "2 row(s) with an object or a list in 'text' were skipped.",
        "1 row(s) with an empty 'text' were skipped.",
        "1 sentence(s) have no label in 'label'; they are not scored.",
    ]
