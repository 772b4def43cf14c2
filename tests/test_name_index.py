"""The Aho-Corasick name index under the catalog and agency scans: offsets in characters,
leftmost-longest or overlapping as asked, and text Rust cannot take (lone surrogates)."""

from lawgraph.extract.name_index import NameIndex


def test_longest_matches_do_not_overlap_and_prefer_the_longer_name():
    idx = NameIndex(["保密法", "中华人民共和国保密法", "民法典"], ["s", "full", "civil"], longest=True)
    text = "学习中华人民共和国保密法和民法典"
    got = [(text[s:e], v) for s, e, v in idx.matches(text)]
    assert got == [("中华人民共和国保密法", "full"), ("民法典", "civil")]


def test_overlapping_mode_reports_every_name():
    idx = NameIndex(["政府", "人民政府", "外事办公室"], [1, 2, 3], longest=False)
    text = "区人民政府外事办公室"
    got = sorted((s, e, v) for s, e, v in idx.matches(text))
    assert got == [(1, 5, 2), (3, 5, 1), (5, 10, 3)]


def test_offsets_survive_lone_surrogates_and_astral_characters():
    idx = NameIndex(["保密法"], [0], longest=True)
    text = "\ud800𠀀保密法\udfff保密法"
    assert [(s, e) for s, e, _ in idx.matches(text)] == [(2, 5), (6, 9)]
    assert text[2:5] == "保密法"


def test_an_empty_index_matches_nothing():
    assert list(NameIndex([], [], longest=True).matches("保密法")) == []


def test_windows_find_exactly_what_one_pass_finds(monkeypatch):
    import random

    from lawgraph.extract import name_index

    names = ["法", "保密法", "中华人民共和国保密法", "民法典", "政府", "人民政府", "区人民政府外事办公室"]
    rng = random.Random(3)
    pieces = names + ["，", "的", "中华", "人民", "区"]
    text = "".join(rng.choice(pieces) for _ in range(3000))
    for longest in (True, False):
        idx = NameIndex(names, list(range(len(names))), longest=longest)
        order = list if longest else sorted  # overlapping matches come window by window
        whole = order(idx.matches(text))
        for window in (1, 2, 7, 64):
            monkeypatch.setattr(name_index, "WINDOW", window)
            assert order(idx.matches(text)) == whole, (longest, window)
        monkeypatch.undo()


def test_a_caller_can_stop_early_without_the_rest_being_searched(monkeypatch):
    from lawgraph.extract import name_index

    monkeypatch.setattr(name_index, "WINDOW", 10)
    calls = []
    idx = NameIndex(["保密法"], [0], longest=True)
    real = idx._find
    monkeypatch.setattr(idx, "_find", lambda t, o: calls.append(1) or real(t, o))
    first = next(idx.matches("保密法" * 100_000))
    assert first == (0, 3, 0) and len(calls) == 1
