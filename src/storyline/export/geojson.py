"""GeoJSON export: one Point feature per located incident (or loose event), for maps.

The same units as the GDELT and ACLED exports (:mod:`storyline.export.units`: current, happened,
at or above the confidence threshold); units with no coordinates are left out and counted.
Properties are flat scalars, so QGIS, Leaflet, geopandas and DuckDB's spatial extension can
filter on them directly.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from storyline.export.acled import acled_type
from storyline.export.units import Unit


@dataclass
class GeoJsonExport:
    features: int = 0
    unlocated: int = 0


def feature(unit: Unit) -> dict | None:
    loc = unit.location
    if loc is None or loc.lat is None or loc.lon is None:
        return None
    item, article = unit.item, unit.doc.extraction.article
    mapped = acled_type(item)
    day = unit.known_day()
    a1, a2 = unit.actor1, unit.actor2
    properties = {
        "id": unit.global_id,
        "uid": unit.uid,
        "kind": unit.kind,
        "date": day.isoformat() if day else None,
        "date_precision": item.date.precision if item.date else None,
        "plover_type": item.plover_type,
        "cameo_code": item.cameo_code,
        "acled_event_type": mapped[0] if mapped else None,
        "acled_sub_event_type": mapped[1] if mapped else None,
        "actor1": (a1.name or a1.text) if a1 else None,
        "actor1_country": a1.country if a1 else None,
        "actor1_sector": a1.sector if a1 else None,
        "actor2": (a2.name or a2.text) if a2 else None,
        "actor2_country": a2.country if a2 else None,
        "actor2_sector": a2.sector if a2 else None,
        "place": loc.name,
        "country": loc.country,
        "geo_precision": loc.precision,
        "fatalities": unit.fatalities,
        "num_mentions": unit.num_mentions,
        "status": item.status,
        "confidence": round(item.confidence, 3),
        "reviewed": item.reviewed,
        "article_id": unit.doc.article_id,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "text": item.text,
    }
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]},
        "properties": properties,
    }


def write_geojson(units: Iterable[Unit], stream: IO[str]) -> GeoJsonExport:
    """Stream a FeatureCollection (one feature per line inside it)."""
    result = GeoJsonExport()
    stream.write('{"type": "FeatureCollection", "features": [\n')
    for unit in units:
        feat = feature(unit)
        if feat is None:
            result.unlocated += 1
            continue
        stream.write((",\n" if result.features else "") + json.dumps(feat, ensure_ascii=False))
        result.features += 1
    stream.write("\n]}\n")
    return result
