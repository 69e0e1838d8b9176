"""Org-ids and the regulators' public pages they point to."""

# Each register's public page for one of its organisations; {value} is the number in the org-id.
REGISTER_PAGES: dict[str, tuple[str, str]] = {
    "GB-CHC": (
        "Charity Commission for England and Wales",
        "https://register-of-charities.charitycommission.gov.uk/charity-search/-/charity-details/{value}",
    ),
    "GB-NIC": (
        "Charity Commission for Northern Ireland",
        "https://www.charitycommissionni.org.uk/charity-details/?regId={value}",
    ),
    "GB-COH": (
        "Companies House",
        "https://find-and-update.company-information.service.gov.uk/company/{value}",
    ),
    "GB-SC": (
        "Scottish Charity Regulator",
        "https://www.oscr.org.uk/about-charities/search-the-register/charity-details?number={value}",
    ),
}


def regulator_page(org_id: str) -> tuple[str, str]:
    """The name of the register an org-id belongs to and the address of its public page ('' if none).

    A linked charity (GB-CHC-<number>-<linked>) is shown on its main charity's page.
    """
    for prefix, (register_name, url) in REGISTER_PAGES.items():
        if org_id.upper().startswith(prefix + "-"):
            value = org_id[len(prefix) + 1 :]
            if prefix == "GB-CHC":
                value = value.split("-", 1)[0]
            return register_name, url.format(value=value)
    return "", ""
