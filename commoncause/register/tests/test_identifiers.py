"""Org-ids link to the public page of the register they come from."""

from commoncause.register.identifiers import regulator_page


def test_charity_number_links_to_the_charity_commission_page() -> None:
    name, url = regulator_page("GB-CHC-1024664")
    assert name == "Charity Commission for England and Wales"
    assert url.endswith("/charity-details/1024664")


def test_linked_charity_links_to_its_main_charitys_page() -> None:
    assert regulator_page("GB-CHC-208791-2")[1].endswith("/charity-details/208791")


def test_northern_ireland_and_company_numbers_link_to_their_registers() -> None:
    assert regulator_page("GB-NIC-100002")[1].endswith("regId=100002")
    assert regulator_page("GB-COH-NI070807")[1].endswith("/company/NI070807")


def test_local_identifiers_have_no_public_page() -> None:
    assert regulator_page("GB-LOCAL-0a1b2c3d4e") == ("", "")
