from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "commoncause.places"
    label = "places"
    verbose_name = "Places"

    def ready(self) -> None:
        from commoncause.sources.registry import importer_add

        importer_add("wards", "commoncause.places.importers.boundaries:import_wards")
        importer_add("lsoa", "commoncause.places.importers.boundaries:import_lsoa")
        importer_add("imd", "commoncause.places.importers.deprivation:import_deprivation")
        importer_add("postcodes", "commoncause.places.importers.postcodes:import_postcodes")
