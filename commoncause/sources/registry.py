"""Which importer handles which source kind. Importers are loaded lazily by dotted path."""

from importlib import import_module

from commoncause.sources.base import Importer

IMPORTERS: dict[str, str] = {
    "ccew": "commoncause.sources.ccew:import_ccew",
    "ccni": "commoncause.sources.ccni:import_ccni",
    "oscr": "commoncause.sources.oscr:import_oscr",
    "csv": "commoncause.sources.orglist:import_orglist",
    "companies": "commoncause.sources.companies:import_companies",
    "360giving": "commoncause.sources.threesixty:import_threesixty",
}


def importer_for(kind: str) -> Importer:
    """Return the importer function for a source kind; unknown kinds raise KeyError."""
    module_name, _, function_name = IMPORTERS[kind].partition(":")
    return getattr(import_module(module_name), function_name)
