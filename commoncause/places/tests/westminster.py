"""The demo council's real geography and organisations, loaded as `make run` loads them: Westminster's
wards, LSOAs, LSOA → ward lookup, IMD 2019 (domains and population), the postcodes of the demo's
organisations, and the register sample's charities, placed in their wards."""

from pathlib import Path

from django.core.management import call_command

from commoncause.places.services import organisations_place

DATA = Path(__file__).resolve().parents[3] / "data"
GEO = DATA / "geo"
WESTMINSTER = "E09000033"
CHURCH_STREET = "E05013794"  # its most deprived ward
ST_JAMESS = "E05013806"  # where most of the sample's charities are based
GEOGRAPHY = (
    ("wards", GEO / "boundaries" / "E09000033_ward.geojson"),
    ("lsoa", GEO / "boundaries" / "E09000033_lsoa11.geojson"),
    ("lsoa", GEO / "lookups" / "lsoa_to_ward25_E09000033_derived.csv"),
    ("imd", GEO / "imd2019" / "File_2_-_IoD2019_Domains_of_Deprivation_E09000033.csv"),
    ("imd", GEO / "imd2019" / "File_6_-_IoD2019_Population_Denominators_E09000033.csv"),
    ("postcodes", GEO / "postcodes" / "charity_postcodes.csv"),
)


def load_westminster(*, organisations: bool = True) -> None:
    for kind, path in GEOGRAPHY:
        call_command("import_source", kind, str(path), no_progress=True)
    if organisations:
        call_command(
            "import_source", "csv", str(DATA / "demo" / "ukcat_sample_ccew_2000.csv"), no_progress=True
        )
        organisations_place()
