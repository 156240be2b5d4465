"""Build ``static/world-110m.json``, the dashboard's offline basemap (run once, output committed).

Input: ``countries-110m.json`` from the npm package ``world-atlas`` 2.x (ISC licence), a
TopoJSON of Natural Earth 1:110m admin-0 countries (public domain). Output: one SVG path per
country in plain equirectangular coordinates (x = longitude, y = -latitude, 0.1 degree),
with its ISO 3166-1 alpha-3 code, so the browser needs no projection library.

    python -m storyline.serve.build_basemap node_modules/world-atlas/countries-110m.json \
        > src/storyline/serve/static/world-110m.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pycountry


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute (lon, lat) points of every arc (TopoJSON arcs are quantised and delta-encoded)."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])  # arcs share their joining point
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Make longitudes continuous: a ring crossing the antimeridian (Russia, Fiji) would
    otherwise jump from +180 to -180 and draw a band across the whole map."""
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        if out:
            prev = out[-1][0]
            while lon - prev > 180:
                lon -= 360
            while prev - lon > 180:
                lon += 360
        out.append((lon, lat))
    return out


def ring_paths(points: list[tuple[float, float]]) -> str:
    """The ring's path, plus a copy shifted by 360 degrees when it reaches past +-180."""
    points = unwrap(points)
    shifts = [0.0]
    if max(lon for lon, _ in points) > 180:
        shifts.append(-360.0)
    if min(lon for lon, _ in points) < -180:
        shifts.append(360.0)
    return "".join(_path([(lon + shift, lat) for lon, lat in points]) for shift in shifts)


def _path(points: list[tuple[float, float]]) -> str:
    out, last = [], None
    for lon, lat in points:
        xy = f"{lon:.1f} {-lat:.1f}".replace("-0.0", "0.0")
        if xy != last:
            out.append(xy)
            last = xy
    return ("M" + "L".join(out) + "Z") if len(out) >= 3 else ""


def iso3(numeric: str | None) -> str | None:
    if not numeric:
        return None
    country = pycountry.countries.get(numeric=numeric.zfill(3))
    return country.alpha_3 if country else None


def build(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    countries = []
    for geom in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geom.get("arcs", [])], "MultiPolygon": geom.get("arcs", [])}.get(
            geom["type"], []
        )
        d = "".join(ring_paths(ring_points(ring, arcs)) for polygon in polygons for ring in polygon)
        if d:
            countries.append(
                {"iso3": iso3(geom.get("id")), "name": geom.get("properties", {}).get("name"), "d": d}
            )
    return {
        "source": "Natural Earth 1:110m admin-0 countries (public domain) via npm world-atlas 2.0.2 (ISC)",
        "projection": "equirectangular: x = longitude, y = -latitude (degrees)",
        "countries": countries,
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as fh:
        topology = json.load(fh)
    json.dump(build(topology), sys.stdout, separators=(",", ":"), ensure_ascii=False)


if __name__ == "__main__":
    main()
