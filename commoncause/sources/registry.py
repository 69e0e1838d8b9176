"""Which importer handles which source kind. Importers are loaded lazily by dotted path.

The register's own sources are listed here; an app above `sources` that brings a source kind of its
own (grants, places, services) adds it with `importer_add` from its `AppConfig.ready()`.
"""

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from commoncause.sources.base import ImportContext, Importer

IMPORTERS: dict[str, str] = {
    "ccew": "commoncause.sources.ccew:import_ccew",
    "ccni": "commoncause.sources.ccni:import_ccni",
    "oscr": "commoncause.sources.oscr:import_oscr",
    "csv": "commoncause.sources.orglist:import_orglist",
    "companies": "commoncause.sources.companies:import_companies",
}


def importer_add(kind: str, dotted_path: str) -> None:
    """Make `import_source <kind>` call the importer at `dotted_path` ("package.module:function")."""
    module_name, colon, function_name = dotted_path.partition(":")
    if not (module_name and colon and function_name):
        raise ValueError(f"An importer is named as 'package.module:function', not {dotted_path!r}.")
    IMPORTERS[kind] = dotted_path


def with_options(importer: Callable[..., None], **options: object) -> Importer:
    """The importer with keyword options of its own kind given (`mapping_path` for csv, `skip_invalid`
    for 360giving)."""

    def run(path: Path, ctx: ImportContext) -> None:
        importer(path, ctx, **options)

    return run


def importer_for(kind: str) -> Importer:
    """Return the importer function for a source kind; unknown kinds raise KeyError."""
    module_name, _, function_name = IMPORTERS[kind].partition(":")
    return getattr(import_module(module_name), function_name)
