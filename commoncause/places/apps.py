from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "commoncause.places"
    label = "places"
    verbose_name = "Places"

    def ready(self) -> None:
        from commoncause.members.areas import area_catalogue_set
        from commoncause.places.area_catalogue import PlacesAreaCatalogue
        from commoncause.places.demo import demo_said
        from commoncause.places.nearby import PLACES
        from commoncause.places.services import PLACE_FACET, demo_organisations_place
        from commoncause.register.extensions import facet_source_add, place_source_set
        from commoncause.sources.demo import demo_file_add, demo_finish_add
        from commoncause.sources.registry import importer_add

        # Importing wards or postcodes maps the old wards to the current ones they overlap (overlap.py).
        importer_add("wards", "commoncause.places.overlap:import_wards_and_overlaps")
        importer_add("lsoa", "commoncause.places.importers.boundaries:import_lsoa")
        importer_add("imd", "commoncause.places.importers.deprivation:import_deprivation")
        importer_add("postcodes", "commoncause.places.overlap:import_postcodes_and_overlaps")

        # The demo council, Westminster (E09000033): its wards, LSOAs, deprivation and the postcodes of
        # the demo's organisations, which are then placed in their wards.
        for kind, path in DEMO_GEOGRAPHY:
            demo_file_add(kind, path)
        demo_finish_add(demo_organisations_place)
        demo_finish_add(demo_said)
        # Search's area filter finds an organisation by where it is, as well as by where it works.
        facet_source_add(PLACE_FACET)
        # The members' area picker finds councils, wards, regions and nations here.
        area_catalogue_set(PlacesAreaCatalogue())
        # Search near a postcode, old wards' codes standing for today's wards, a council's wards.
        place_source_set(PLACES)
        # The account page links each council's officers to the state of its local sector.
        from commoncause.accounts.account_page import ACCOUNT_PAGE
        from commoncause.places.views.report import ACCOUNT_REPORTS_SECTION

        ACCOUNT_PAGE.add(ACCOUNT_REPORTS_SECTION)


DEMO_GEOGRAPHY = (
    ("wards", "geo/boundaries/E09000033_ward.geojson"),
    ("lsoa", "geo/boundaries/E09000033_lsoa11.geojson"),
    ("lsoa", "geo/lookups/lsoa_to_ward25_E09000033_derived.csv"),
    ("imd", "geo/imd2019/File_2_-_IoD2019_Domains_of_Deprivation_E09000033.csv"),
    ("imd", "geo/imd2019/File_6_-_IoD2019_Population_Denominators_E09000033.csv"),
    ("postcodes", "geo/postcodes/charity_postcodes.csv"),
)
