"""The labelled set and how automatic links are counted against it (precision and recall)."""

from pathlib import Path
from typing import Any

from commoncause.funding.threesixty.files import grants_in_file
from commoncause.linkage.evaluation import (
    Evaluation,
    Query,
    evaluate,
    grant_queries,
    labelled_grant_files,
    real_evaluation,
)
from commoncause.linkage.index import MatchIndex, make_entry

REPO = Path(__file__).resolve().parents[3]
ALWF = REPO / "tests/data/grants/alwf-360giving-grants-2021-02.json"


def _query(name: str, truth: str, **facts: str) -> Query:
    return Query(entry=make_entry(key=f"file#{truth}", name=name, **facts), truth=truth, source="file")


def test_each_record_counts_as_linked_rightly_wrongly_queued_or_missed() -> None:
    index = MatchIndex(
        [
            make_entry(key="a", org_id="GB-CHC-1017560", name="Clean Break", postcode="NW5 2LB"),
            make_entry(key="b", org_id="GB-NIC-100002", name="Cancer Lifeline", postcode="BT14 7PJ"),
            make_entry(key="c", org_id="GB-SC-SC019787", name="Scottish Opera", aliases=["GB-SC-SC019787"]),
            make_entry(key="d", org_id="GB-CHC-1107328", name="Clic Sargent Cancer Care for Children"),
        ]
    )
    result = evaluate(
        index,
        [
            _query("Clean Break", "GB-CHC-1017560", postcode="NW5 2LB"),  # linked, rightly
            _query("Scottish Opera", "GB-SC-SC999999"),  # linked, but its body is not in the register
            _query("Clic Sargent", "GB-CHC-1107328"),  # queued with the right body first: missed
            _query("Zzyzx Quilting Circle", "GB-CHC-1"),  # kept apart, rightly
        ],
    )
    assert (result.positives, result.negatives) == (2, 2)
    assert (result.right, result.wrong, result.queued, result.queued_right) == (1, 1, 1, 1)
    assert result.mistakes == [("Scottish Opera", "GB-SC-SC999999", "GB-SC-SC019787 Scottish Opera")]
    assert result.missed == [
        ("Clic Sargent", "GB-CHC-1107328", "queue: Clic Sargent Cancer Care for Children")
    ]
    assert result.precision == 0.5
    assert result.recall == 0.5
    assert result.as_dict()["records"] == 4


def test_a_body_known_under_two_registers_numbers_counts_under_either() -> None:
    index = MatchIndex(
        [
            make_entry(
                key="GB-CHC-1082947",
                org_id="GB-CHC-1082947",
                name="Crisis UK",
                aliases=["GB-CHC-1082947", "GB-SC-SC040094"],
            )
        ]
    )
    result = evaluate(index, [_query("Crisis UK", "GB-SC-SC040094")])
    assert (result.positives, result.right) == (1, 1)


def test_with_no_links_precision_is_perfect_and_with_no_positives_recall_is_nothing() -> None:
    empty = Evaluation()
    assert (empty.precision, empty.recall) == (1.0, 0.0)


def test_each_funders_recipient_with_a_registers_id_is_one_query_with_the_id_hidden() -> None:
    recipient = {
        "id": "gb-chc-1017560",
        "name": "Clean Break",
        "postalCode": "NW5 2LB",
        "url": "cleanbreak.org.uk",
    }
    grants: dict[str, list[dict[str, Any]]] = {
        "one.json": [
            {"recipientOrganization": [recipient]},
            {"recipientOrganization": [recipient]},  # a second grant to the same body
            {"recipientOrganization": [{"id": "360G-ALWF-12", "name": "Larch Street Lunch Club"}]},
            {"recipientOrganization": []},
            {},
        ],
        "two.json": [{"recipientOrganization": [recipient]}],
    }
    queries = grant_queries(grants)
    assert [(query.source, query.truth) for query in queries] == [
        ("one.json", "GB-CHC-1017560"),
        ("two.json", "GB-CHC-1017560"),
    ]
    entry = queries[0].entry
    assert (entry.name, entry.postcode, entry.domain, entry.org_id) == (
        "Clean Break",
        "NW52LB",
        "cleanbreak.org.uk",
        "",
    )


def test_a_funders_file_in_two_forms_is_read_once() -> None:
    names = [path.name for path in labelled_grant_files(REPO)]
    assert "alwf-360giving-grants-2021-02.json" in names
    assert "alwf-360giving-grants-2021-02.xlsx" not in names
    assert "abct-360giving-grants-2021.xlsx" in names


def test_background_organisations_holding_a_labelled_number_are_left_out() -> None:
    """A generated register reuses real numbers: its record must not stand in for (or crowd) the real one."""
    grants = {ALWF.name: grants_in_file(ALWF)}
    # Were it kept, two organisations would go by the funder's name and neither would be linked alone.
    impostor = make_entry(
        key="fake", org_id="GB-NIC-101104", name="Ulster Youth Orchestra", org_ids=["GB-NIC-101104"]
    )
    stranger = make_entry(key="new", org_id="GB-CHC-9999999", name="Zzyzx Quilting Circle")
    alone = real_evaluation(REPO, grants)
    assert real_evaluation(REPO, grants, background=[impostor, stranger]).as_dict() == alone.as_dict()
