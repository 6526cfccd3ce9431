"""The Neighbourhood page's map, derived from the Natural Earth Balkans cut (``python -m scripts.refresh natural-earth``).

``ne_balkans_map.geojson``: the original (data/external/natural_earth/ne_50m_admin0_balkans.geojson)
clipped to the map's frame, simplified (Douglas-Peucker, 0.02 degrees, about 2 km) and rounded to 3
decimals, with a label point per country and whether it borders Serbia (shared vertices in the
original); only the properties the page uses are kept. Nothing is typed by hand: every border comes
from the original file.
"""

from __future__ import annotations

import json

# Geometry is clipped a little outside the frame the page shows (components/views/neighbourhood.py),
# so the straight clip edges stay out of sight.
CLIP_BOX = (11.5, 37.5, 31.5, 50.0)  # lon min, lat min, lon max, lat max
TOLERANCE = 0.02
DECIMALS = 3
MIN_RING_AREA = 0.004  # square degrees: islets smaller than ~40 km² are dropped
KEEP_PROPERTIES = ("ADM0_A3", "NAME", "ADMIN")
EUMS_COLUMNS = ("member_state", "iso_alpha_3_code", "accession_date", "exit_date")


def clip_ring(ring: list[list[float]], box=CLIP_BOX) -> list[list[float]]:
    """Sutherland-Hodgman: the part of a closed ring inside an axis-aligned box."""
    x0, y0, x1, y1 = box
    edges = ((0, x0, True), (0, x1, False), (1, y0, True), (1, y1, False))
    points = ring[:-1]
    for axis, limit, keep_above in edges:
        inside = ((lambda p, axis=axis, limit=limit: p[axis] >= limit) if keep_above
                  else (lambda p, axis=axis, limit=limit: p[axis] <= limit))
        result: list[list[float]] = []
        for i, current in enumerate(points):
            previous = points[i - 1]
            if inside(current) != inside(previous):
                t = (limit - previous[axis]) / (current[axis] - previous[axis])
                result.append([previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])])
            if inside(current):
                result.append(current)
        points = result
        if not points:
            return []
    return points + [points[0]]


def simplify(points: list[list[float]], tolerance: float = TOLERANCE) -> list[list[float]]:
    """Douglas-Peucker on an open polyline (the first and last points stay)."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5
    def distance(p):
        if length == 0:
            return ((p[0] - ax) ** 2 + (p[1] - ay) ** 2) ** 0.5
        return abs((bx - ax) * (ay - p[1]) - (ax - p[0]) * (by - ay)) / length
    index, farthest = max(((i, distance(p)) for i, p in enumerate(points[1:-1], 1)), key=lambda item: item[1])
    if farthest <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def ring_area(ring: list[list[float]]) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))) / 2


def simplify_ring(ring: list[list[float]]) -> list[list[float]] | None:
    """A closed ring simplified in two halves (so its start point is not special), or None if too small."""
    if ring_area(ring) < MIN_RING_AREA:
        return None
    half = len(ring) // 2
    points = simplify(ring[: half + 1])[:-1] + simplify(ring[half:])
    rounded = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]
    unique = [p for i, p in enumerate(rounded) if i == 0 or p != rounded[i - 1]]
    return unique if len(unique) >= 4 else None


def polygons(geometry: dict) -> list[list[list[list[float]]]]:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def clipped_polygons(geometry: dict) -> list[list[list[list[float]]]]:
    out = []
    for polygon in polygons(geometry):
        rings = [simplify_ring(clip_ring(ring)) if len(clip_ring(ring)) >= 4 else None for ring in polygon]
        if rings and rings[0]:
            out.append([rings[0]] + [ring for ring in rings[1:] if ring])
    return out


def label_point(polygon_list: list) -> list[float]:
    """A point inside the largest polygon: the middle of its widest horizontal run at the centroid's latitude."""
    outer = max((polygon[0] for polygon in polygon_list), key=ring_area)
    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(outer, outer[1:])) / 2
    cy = sum((a[1] + b[1]) * (a[0] * b[1] - b[0] * a[1]) for a, b in zip(outer, outer[1:])) / (6 * area)
    crossings = sorted(a[0] + (cy - a[1]) * (b[0] - a[0]) / (b[1] - a[1])
                       for a, b in zip(outer, outer[1:]) if (a[1] <= cy) != (b[1] <= cy))
    runs = list(zip(crossings[::2], crossings[1::2]))
    left, right = max(runs, key=lambda run: run[1] - run[0])
    return [round((left + right) / 2, DECIMALS), round(cy, DECIMALS)]


def vertices(geometry: dict) -> set[tuple[float, float]]:
    return {tuple(point) for polygon in polygons(geometry) for ring in polygon for point in ring}


def bordering(features: list[dict], code: str = "SRB") -> set[str]:
    """Countries sharing a border with ``code``: Natural Earth's borders are topologically shared,
    so neighbours have common vertices (two or more: one could be a corner touching)."""
    own = vertices(next(f for f in features if f["properties"]["ADM0_A3"] == code)["geometry"])
    return {f["properties"]["ADM0_A3"] for f in features
            if f["properties"]["ADM0_A3"] != code and len(own & vertices(f["geometry"])) >= 2}


def build_geojson(source: dict) -> dict:
    """The map's FeatureCollection from the original Natural Earth FeatureCollection."""
    neighbours = bordering(source["features"])
    features = []
    for feature in source["features"]:
        kept = clipped_polygons(feature["geometry"])
        if not kept:
            continue  # wholly outside the frame (Cyprus)
        properties = {key: feature["properties"][key] for key in KEEP_PROPERTIES}
        properties["LABEL"] = label_point(kept)
        properties["BORDERS_SRB"] = properties["ADM0_A3"] in neighbours
        features.append({"type": "Feature", "properties": properties,
                         "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    return {"type": "FeatureCollection", "features": features}


def render(geojson: dict) -> bytes:
    """The file's bytes: compact JSON, UTF-8 (non-ASCII escaped, as json.dumps does by default)."""
    return json.dumps(geojson, separators=(",", ":")).encode("utf-8")
