"""Ward placement against the ONS postcode lookup, on the shipped postcodes inside the councils whose
ward boundaries are shipped (Sunderland, Telford and Wrekin, Westminster).

- `place_ward_agreement`: the share of postcodes whose ward, as the product places them (the lookup
  first, then the point in a current ward), is the ward the lookup gives, where that is a current ward;
- `place_ward_polygon_agreement`: the same with the lookup withheld (the point alone, against the
  generalised boundaries); `place_ward_polygon_misses` and `…_misses_near_edge` (within 200 m of the
  lookup ward's edge), and the farthest miss in metres.

    DATABASE_URL=sqlite:///… python -m bench.places      # prints one JSON object
"""

from __future__ import annotations

import json
import os
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEO = REPO / "data" / "geo"
COUNCILS = ("E08000024", "E06000020", "E09000033")


def measure() -> dict[str, float]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.core.management import call_command

    from commoncause.places.evaluation import ward_agreement
    from commoncause.places.models import Postcode
    from commoncause.places.placement import WardFinder, current_wards

    call_command("migrate", "--no-input", verbosity=0)
    for council in COUNCILS:
        call_command(
            "import_source", "wards", str(GEO / "boundaries" / f"{council}_ward.geojson"), no_progress=True
        )
    for name in ("nspl_nov2021_sample_E08000024_E06000020.csv", "charity_postcodes.csv"):
        call_command("import_source", "postcodes", str(GEO / "postcodes" / name), no_progress=True)
    finder = WardFinder(current_wards())
    live = list(Postcode.objects.filter(terminated__isnull=True))
    with_lookup = ward_agreement(live, finder, by_polygon_only=False)
    alone = ward_agreement(live, finder, by_polygon_only=True)
    return {
        "place_ward_postcodes": with_lookup.postcodes,
        "place_ward_agreement": round(with_lookup.rate, 4),
        "place_ward_polygon_agreement": round(alone.rate, 4),
        "place_ward_polygon_misses": alone.misses,
        "place_ward_polygon_misses_near_edge": alone.misses_near_edge,
        "place_ward_polygon_farthest_miss_m": round(alone.farthest_miss_metres, 1),
    }


if __name__ == "__main__":
    print(json.dumps(measure()))
