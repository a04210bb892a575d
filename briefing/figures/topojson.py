"""Decode TopoJSON into polygon rings and matplotlib paths, with no GIS dependency.

TopoJSON (https://github.com/topojson/topojson-specification) stores each shared border once, as
an *arc*. In a quantised file every arc is a list of integer positions, the first absolute and the
rest deltas from the previous one; ``transform`` (scale, translate) turns them back into
longitude/latitude. A polygon is a list of rings, and a ring a list of arc indices; a negative index
``~i`` (that is ``-i - 1``) means arc ``i`` walked backwards. Consecutive arcs in a ring share their
end point, which is kept only once.

This module turns a TopoJSON object into, per feature, a list of polygons (each a list of rings,
exterior first) in plain longitude/latitude, and builds matplotlib :class:`~matplotlib.path.Path`
objects from them. Rings are re-oriented (exteriors counter-clockwise, holes clockwise) so that
matplotlib's non-zero fill rule leaves holes such as Lesotho empty, and can be clipped to a
rectangle so a regional map does not carry the rest of the world.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from matplotlib.path import Path

Ring = np.ndarray  # shape (n, 2): longitude, latitude


@dataclass(frozen=True)
class Feature:
    """One geometry of a TopoJSON object: its id, name and polygons (exterior ring first)."""

    id: str | None
    name: str
    polygons: list[list[Ring]] = field(repr=False)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(min lon, min lat, max lon, max lat) over all rings."""
        points = np.concatenate([ring for polygon in self.polygons for ring in polygon])
        return (*points.min(axis=0), *points.max(axis=0))


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """All arcs as absolute longitude/latitude arrays (quantised or not)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float)[:, :2]
        if transform is not None:
            points = np.cumsum(points, axis=0)
            points = points * np.asarray(transform["scale"], dtype=float)
            points = points + np.asarray(transform["translate"], dtype=float)
        arcs.append(points)
    return arcs


def thin_arc(arc: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas-Peucker simplification of one arc: drop points within ``tolerance`` (degrees) of
    the line through the points kept around them. The two ends always stay, so neighbours
    sharing the arc still meet exactly."""
    n = len(arc)
    if tolerance <= 0 or n <= 2:
        return arc
    keep = np.zeros(n, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, n - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        start, end = arc[i], arc[j]
        inner = arc[i + 1 : j]
        seg = end - start
        length = math.hypot(seg[0], seg[1])
        if length == 0:
            dist = np.hypot(inner[:, 0] - start[0], inner[:, 1] - start[1])
        else:
            dist = np.abs(seg[0] * (inner[:, 1] - start[1]) - seg[1] * (inner[:, 0] - start[0])) / length
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            m = i + 1 + k
            keep[m] = True
            stack.append((i, m))
            stack.append((m, j))
    if keep.sum() < 4 and np.array_equal(arc[0], arc[-1]):
        return arc  # a tiny closed island: keep it whole rather than lose it
    return arc[keep]


def _ring(indices: list[int], arcs: list[np.ndarray]) -> Ring:
    parts = []
    for k, index in enumerate(indices):
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        parts.append(arc if k == 0 else arc[1:])
    return np.concatenate(parts)


def signed_area(ring: Ring) -> float:
    """Shoelace area in the plane; positive when the ring runs counter-clockwise."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def _orient(ring: Ring, exterior: bool) -> Ring:
    ccw = signed_area(ring) > 0
    return ring if ccw == exterior else ring[::-1]


def _polygons(geometry: dict, arcs: list[np.ndarray]) -> list[list[Ring]]:
    kind = geometry.get("type")
    if kind == "Polygon":
        groups = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        groups = geometry["arcs"]
    elif kind == "GeometryCollection":
        return [p for g in geometry.get("geometries", []) for p in _polygons(g, arcs)]
    elif kind is None:  # TopoJSON allows null geometries
        return []
    else:
        raise ValueError(f"TopoJSON geometry type {kind!r} is not a polygon type")
    polygons = []
    for rings in groups:
        decoded = [_ring(r, arcs) for r in rings]
        polygons.append([_orient(r, exterior=(i == 0)) for i, r in enumerate(decoded)])
    return polygons


def features(topology: dict, object_name: str = "countries", tolerance: float = 0.0) -> list[Feature]:
    """The features of one object in a topology, in file order; with ``tolerance`` > 0 (degrees)
    each arc is thinned first (see :func:`thin_arc`), which keeps shared borders shared."""
    if topology.get("type") != "Topology":
        raise ValueError("not a TopoJSON topology (type is not 'Topology')")
    try:
        obj = topology["objects"][object_name]
    except KeyError:
        names = ", ".join(sorted(topology.get("objects", {})))
        raise KeyError(f"TopoJSON has no object {object_name!r} (it has: {names})") from None
    arcs = [thin_arc(arc, tolerance) for arc in decode_arcs(topology)]
    geometries = obj["geometries"] if obj.get("type") == "GeometryCollection" else [obj]
    out = []
    for geometry in geometries:
        identifier = geometry.get("id")
        out.append(
            Feature(
                id=None if identifier is None else str(identifier),
                name=str(geometry.get("properties", {}).get("name", "")),
                polygons=_polygons(geometry, arcs),
            )
        )
    return out


def clip_ring(ring: Ring, box: tuple[float, float, float, float]) -> Ring:
    """Clip a closed ring to a rectangle (min lon, min lat, max lon, max lat), Sutherland-Hodgman.

    Parts outside become runs along the rectangle's edges, so clip to a box a little larger than
    what is shown. Returns an empty array when nothing is left; the result is closed again."""
    points = ring[:-1] if len(ring) > 1 and np.array_equal(ring[0], ring[-1]) else ring
    x0, y0, x1, y1 = box
    edges = (
        (0, x0, True),
        (0, x1, False),
        (1, y0, True),
        (1, y1, False),
    )  # (axis, limit, keep values >= limit)
    for axis, limit, keep_above in edges:
        if len(points) == 0:
            break
        inside = points[:, axis] >= limit if keep_above else points[:, axis] <= limit
        if inside.all():
            continue
        out = []
        prev, prev_in = points[-1], inside[-1]
        for point, point_in in zip(points, inside):
            if point_in != prev_in:
                t = (limit - prev[axis]) / (point[axis] - prev[axis])
                out.append(prev + t * (point - prev))
            if point_in:
                out.append(point)
            prev, prev_in = point, point_in
        points = np.asarray(out, dtype=float).reshape(-1, 2)
    if len(points) < 3:
        return np.empty((0, 2))
    return np.concatenate([points, points[:1]])


def to_path(polygons: list[list[Ring]], box: tuple[float, float, float, float] | None = None) -> Path:
    """One compound matplotlib Path for a feature's polygons (holes stay empty), optionally
    clipped to ``box``.

    Rings are written as MOVETO + LINETOs back to their first point, without CLOSEPOLY: only
    such paths are eligible for matplotlib's path simplification, which keeps the SVG and PDF of
    a map small. Filling closes each ring anyway."""
    vertices, codes = [], []
    for polygon in polygons:
        for ring in polygon:
            if box is not None:
                ring = clip_ring(ring, box)
            if len(ring) < 3:
                continue
            if not np.array_equal(ring[0], ring[-1]):
                ring = np.concatenate([ring, ring[:1]])
            vertices.append(ring)
            ring_codes = np.full(len(ring), Path.LINETO, dtype=Path.code_type)
            ring_codes[0] = Path.MOVETO
            codes.append(ring_codes)
    if not vertices:
        return Path(np.empty((0, 2)))
    return Path(np.concatenate(vertices), np.concatenate(codes))
