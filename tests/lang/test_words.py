"""storyline.lang.words: one loader for the per-language word lists."""

from __future__ import annotations

import pytest

from storyline.lang import (
    LANG_DIR,
    WordListError,
    available,
    available_tables,
    handles,
    mapping,
    table,
    words,
)


def test_every_list_loads_as_a_nonempty_frozenset() -> None:
    names = available("en")
    assert len(names) > 50
    for name in names:
        entries = words(name)
        assert isinstance(entries, frozenset) and entries, name
        assert all(e == e.strip() and "\t" not in e for e in entries), name


def test_every_list_names_its_source() -> None:
    for path in sorted((LANG_DIR / "en").glob("*.txt")):
        assert path.read_text(encoding="utf-8").startswith(f"# {path.stem}:"), path.name
        assert "Source:" in path.read_text(encoding="utf-8").splitlines()[0], path.name


def test_tags_select_one_use_of_a_merged_list() -> None:
    every = words("reporting_verbs")
    quotes = words("reporting_verbs", tag="quote_complement")
    events = words("reporting_verbs", tag="event_report")
    assert {"say", "tell"} <= quotes & events
    assert quotes < every and events < every and quotes != events
    assert words("reporting_verbs") is every  # cached


def test_module_names_are_loaded_from_the_lists() -> None:
    from storyline.events import cues, details
    from storyline.quotes import lexicon

    assert lexicon.REPORTING_VERBS == words("reporting_verbs", tag="quote_complement")
    assert cues.REPORT_VERBS == words("reporting_verbs", tag="event_report")
    assert "civilian" in details.PEOPLE_NOUNS and "civilian" in words("people_nouns")


def test_a_missing_list_or_language_is_an_error_naming_the_file() -> None:
    with pytest.raises(WordListError, match="no_such_list"):
        words("no_such_list")
    with pytest.raises(WordListError, match="'xx'"):
        words("reporting_verbs", lang="xx")


def test_pipeline_language_setting() -> None:
    assert handles(None) and handles("en") and not handles("de")
    assert handles("de", "de") and not handles("en", "de")


def test_every_table_loads_with_one_row_width_and_names_its_source() -> None:
    names = available_tables("en")
    assert "instruments" in names
    for name in names:
        rows = table(name)
        assert rows and len({len(row) for row in rows}) == 1, name
        assert all(cell == cell.strip() for row in rows for cell in row), name
        head = (LANG_DIR / "en" / f"{name}.tsv").read_text(encoding="utf-8").splitlines()[0]
        assert head.startswith(f"# {name}:") and "Source:" in head, name


def test_one_instrument_table_feeds_coding_and_event_details() -> None:
    from storyline.events import coding, details

    lexicon = coding.instrument_lexicon()
    assert lexicon["ballistic missiles"].code == "195" and lexicon["car bomb"].mode == "explosives"
    assert "strike" not in lexicon  # a weapon noun only with a modifier ("drone strike"), no code alone
    assert {"drone", "strike", "weapon", "tear gas"} <= details.WEAPONS
    assert "drones" not in details.WEAPONS  # the noun use reads lemmas
    assert details.WEAPONS == coding.instrument_words("noun")


def test_a_missing_table_is_an_error_naming_the_file() -> None:
    with pytest.raises(WordListError, match="no_such_table"):
        table("no_such_table")
    with pytest.raises(WordListError, match="'xx'"):
        mapping("instruments", lang="xx")


def test_module_tables_are_loaded_from_the_tables() -> None:
    from storyline.events import cues, facilities
    from storyline.quantities import component as quantities
    from storyline.quotes import slots
    from storyline.time import component as time

    assert mapping("months")["sept"] == "9" and time.MONTHS["sept"] == 9
    assert quantities.UNITS["twelve"] == 12 and "a" not in quantities.UNITS
    assert time.SMALL_NUMBERS["a"] == 1 and "twenty" not in time.SMALL_NUMBERS
    assert quantities.SCALES["mln"] == 1_000_000 and quantities.VAGUE["dozens"] == 12
    assert slots.VAGUE["several"] == (3, 9) and slots.VAGUE["many"][1] == float("inf")
    assert quantities.QUALIFIERS["exactly"] is True and quantities.QUALIFIERS["at least"] is False
    assert quantities.CURRENCY_WORDS["dlrs"] == "USD" and quantities.CURRENCY_WORDS["dinar"] is None
    assert quantities.CURRENCY_SYMBOLS["£"] == "GBP"
    assert facilities.FACILITY_FAMILIES["airbase"] == "base"
    assert cues.INTERVENTION_OBJECTS["provide"] == words("protection_nouns")
    assert "cognizance" in cues.INTERVENTION_OBJECTS["take"]
    assert time.WEEKDAYS.index("monday") == 0 and time.WEEKDAYS.index("sunday") == 6


def test_word_sets_moved_out_of_the_code_keep_their_base_lists() -> None:
    from storyline.actors import context, lexicon
    from storyline.events import cues

    assert cues.REQUEST_VERBS < cues.OBJECT_CONTROL_VERBS and "compel" in cues.OBJECT_CONTROL_VERBS
    assert cues.ANIMALS < cues.NATURAL_CAUSES and "earthquake" in cues.NATURAL_CAUSES
    assert cues.PROTECTION_NOUNS < cues.ACTION_NOUNS and "bandobast" in cues.ACTION_NOUNS
    assert "peacekeepers" in context.FOREIGN_WORDS and "turkey" in lexicon._COMMON_WORDS


def test_one_count_category_table_feeds_quantities_casualties_and_claims() -> None:
    from storyline.events import details
    from storyline.quantities import component as quantities
    from storyline.quotes import slots

    assert quantities.VERB_CATEGORIES["kill"] == details.CASUALTY_VERBS["kill"] == slots.KILL_VERBS["kill"]
    assert set(quantities.KILL_VERBS) == {w for w, c in quantities.VERB_CATEGORIES.items() if c == "killed"}
    assert quantities.VERB_CATEGORIES["flee"] == "displaced" and "flee" not in details.CASUALTY_VERBS
    assert details.CASUALTY_NOUNS["casualty"] == ("killed", "injured")
    assert (
        slots.KILL_NOUNS["casualties"] == "casualties"
        and quantities.NOUN_CATEGORIES["refugee"] == "displaced"
    )
    assert quantities.STATE_CATEGORIES["unaccounted"] == "missing"
