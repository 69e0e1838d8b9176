"""How names and queries are folded so that small differences in spelling do not matter."""

from commoncause.register.search.text import fold, index_text, name_key, query_terms


def test_ampersand_is_read_as_and():
    assert index_text("Age & Care") == index_text("age and care")


def test_ltd_is_read_as_limited():
    assert name_key("Kids Kabin Drumaroad Ltd") == name_key("KIDS KABIN DRUMAROAD LIMITED")


def test_apostrophes_and_full_stops_do_not_matter():
    assert name_key("St. John's Church") == name_key("st johns church")
    assert name_key("St John’s Church") == name_key("st johns church")


def test_accents_are_dropped():
    assert fold("Café Crème Coöperative") == "cafe creme cooperative"


def test_plurals_match_singulars():
    assert index_text("Charities Groups") == index_text("charity group")
    assert index_text("bus class") == "bus class"


def test_stop_words_are_dropped_from_queries_with_other_words():
    assert query_terms("The Trust for the Homeless") == ["trust", "homeless"]
    assert query_terms("the") == ["the"]
