"""Server-side SVG charts, shared by pages and PDFs (WeasyPrint draws SVG, and the
machines are offline: no JavaScript charting library).

The functions draw from plain data (labels, numbers, colours, URLs); each app prepares that
data from its own models (diagnostics.scores, territories.reports), so one drawing code
serves every chart of its kind and every text is escaped here, once.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape

INK = "#1d2330"
MUTED = "#545b6b"
GRID = "#c9c5ba"


# --- Radar -------------------------------------------------------------------------------


@dataclass
class RadarSeries:
    label: str
    colour: str
    values: Sequence[float | None]  # one per axis; None: no value on that axis
    dashed: bool = False


def radar(
    *,
    axes: Sequence[str],
    series: Sequence[RadarSeries],
    scale: int,
    title: str,
    size: int = 420,
    css_class: str = "radar",
) -> str:
    """A radar with one spoke per axis label and rings 1..scale; a series is drawn as a
    polygon when it has a value on every axis, as dots otherwise."""
    pad = 90  # room for the axis labels left and right
    width = size + 2 * pad
    centre_x, centre = width / 2, size / 2
    radius = size / 2 - 50
    count = len(axes) or 4

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / scale
        return centre_x + r * math.cos(angle), centre + r * math.sin(angle)

    def fmt(points) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {size + 80}" '
        f'width="{width}" height="{size + 80}" role="img" class="{escape(css_class)}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for ring in range(1, scale + 1):
        parts.append(
            f'<polygon points="{fmt(point(i, ring) for i in range(count))}" fill="none" '
            f'stroke="{GRID}" stroke-width="{1.2 if ring == scale else 0.7}"/>'
        )
        x, y = point(0, ring)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#6b7080">{ring}</text>'
        )
    for i, label in enumerate(axes):
        x, y = point(i, scale)
        parts.append(
            f'<line x1="{centre_x}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}"/>'
        )
        lx, ly = point(i, scale * 1.075)
        ly += -6 if ly < centre - 5 else (14 if ly > centre + 5 else 0)
        anchor = "middle" if abs(lx - centre_x) < 5 else ("start" if lx > centre_x else "end")
        parts.append(
            f'<text x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" font-size="13" '
            f'font-weight="700" fill="{INK}">{escape(label)}</text>'
        )
    legend_y = size + 4
    for index, line in enumerate(series):
        dashed = ' stroke-dasharray="6 4"' if line.dashed else ""
        pts = [point(i, v) for i, v in enumerate(line.values) if v is not None]
        if len(pts) == count:
            parts.append(
                f'<polygon points="{fmt(pts)}" fill="{line.colour}" fill-opacity="0.08" '
                f'stroke="{line.colour}" stroke-width="2.2"{dashed}/>'
            )
        for x, y in pts:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{line.colour}"/>')
        lx = 20 + (index % 2) * (width / 2)
        ly = legend_y + (index // 2) * 22
        parts.append(
            f'<line x1="{lx:.1f}" y1="{ly + 8}" x2="{lx + 22:.1f}" y2="{ly + 8}" '
            f'stroke="{line.colour}" stroke-width="3"{dashed}/>'
            f'<text x="{lx + 28:.1f}" y="{ly + 12}" font-size="11" fill="{INK}">'
            f"{escape(line.label)}{'' if pts else ' (—)'}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- Box diagram: a root above columns of linked boxes -----------------------------------


@dataclass
class Box:
    label: str
    title: str = ""  # tooltip (e.g. the full name when the label is shortened)
    url: str = ""


@dataclass
class BoxColumn:
    label: str
    colour: str
    count_label: str  # e.g. "3 organisations"
    boxes: list[Box] = field(default_factory=list)
    stroke: str = "2"
    dash: str = ""
    more: Box | None = None  # a last, dashed box standing for what is not drawn


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def box_diagram(
    *,
    root: str,
    columns: Sequence[BoxColumn],
    aria_label: str,
    footer: str = "",
    box_class: str = "diagram-box",
    more_class: str = "diagram-more",
) -> str:
    """The root at the top, linked to one column per category below it, each column a
    stack of boxes (links when they have a URL)."""
    col_w, box_h, gap, top = 190, 26, 6, 130
    tallest = max([len(c.boxes) + (1 if c.more else 0) for c in columns] + [1])
    width = col_w * len(columns) + 20
    height = top + 14 + tallest * (box_h + gap) + (24 if footer else 8)
    cx = width / 2
    # An image's children are presentational: links inside role="img" are hidden from
    # assistive technologies (axe: nested-interactive). A diagram of links is a group.
    has_links = any(c.more or any(b.url for b in c.boxes) for c in columns)
    role = "group" if has_links else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="{role}" aria-label="{escape(aria_label)}">',
        f'<rect x="{cx - 120}" y="10" width="240" height="40" rx="6" fill="{INK}"/>',
        f'<text x="{cx}" y="35" text-anchor="middle" fill="#fff" font-size="14" '
        f'font-weight="700">{escape(root)}</text>',
    ]
    for index, column in enumerate(columns):
        colour = column.colour
        x = 10 + index * col_w
        mid = x + col_w / 2 - 5
        dash_attr = f' stroke-dasharray="{column.dash}"' if column.dash else ""
        parts.append(
            f'<line x1="{cx}" y1="50" x2="{mid}" y2="{top - 40}" stroke="{colour}" '
            f'stroke-width="{column.stroke}"{dash_attr}/>'
        )
        lines = _wrap(column.label, 26)[:2]
        tspans = "".join(
            f'<tspan x="{mid}" dy="{0 if n == 0 else 13}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(
            f'<text x="{mid}" y="{top - 24}" text-anchor="middle" font-size="11" '
            f'font-weight="700" fill="{colour}">{tspans}</text>'
        )
        parts.append(
            f'<text x="{mid}" y="{top + 2}" text-anchor="middle" font-size="10" fill="{MUTED}">'
            f"{escape(column.count_label)}</text>"
        )
        for row, box in enumerate(column.boxes):
            y = top + 14 + row * (box_h + gap)
            shape = (
                f'<rect x="{x + 4}" y="{y}" width="{col_w - 18}" height="{box_h}" rx="4" '
                f'fill="#fff" stroke="{colour}" stroke-width="1.5"/>'
                f'<text x="{mid}" y="{y + 17}" text-anchor="middle" font-size="11" '
                f'fill="{INK}">{escape(box.label)}</text>'
            )
            title = f"<title>{escape(box.title)}</title>" if box.title else ""
            if box.url:
                parts.append(
                    f'<a href="{escape(box.url)}" class="{escape(box_class)}">{title}{shape}</a>'
                )
            else:
                parts.append(f"<g>{title}{shape}</g>")
        if column.more:
            # White under the column's colour: its text keeps 4.5:1 (WCAG 1.4.3).
            y = top + 14 + len(column.boxes) * (box_h + gap)
            parts.append(
                f'<a href="{escape(column.more.url)}" class="{escape(more_class)}">'
                f'<rect x="{x + 4}" y="{y}" width="{col_w - 18}" height="{box_h}" rx="4" '
                f'fill="#fff" stroke="{colour}" stroke-width="1.5" stroke-dasharray="4 3"/>'
                f'<text x="{mid}" y="{y + 17}" text-anchor="middle" font-size="11" '
                f'font-weight="700" fill="{colour}">{escape(column.more.label)}</text></a>'
            )
    if footer:
        parts.append(
            f'<text x="10" y="{height - 6}" font-size="10" fill="{MUTED}">{escape(footer)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# --- Heat map ------------------------------------------------------------------------------


def heat_map(
    *,
    rows: Sequence[str],
    columns: Sequence[str],
    counts: dict[tuple[str, str], int],
    title: str = "",
    colour: str = "#2f6f5e",
) -> str:
    """A grid of counts (rows × columns), each cell shaded by its share of the maximum and
    labelled with its number (so it reads without colour too)."""
    cell_w, cell_h, left, top = 92, 18, 60, 46 if title else 28
    width = left + cell_w * len(columns) + 8
    height = top + cell_h * len(rows) + 8
    peak = max(counts.values(), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
        f'font-family="sans-serif" font-size="11">'
    ]
    if title:
        parts.append(f'<text x="4" y="16" fill="{INK}" font-weight="bold">{escape(title)}</text>')
    for j, column in enumerate(columns):
        x = left + j * cell_w + cell_w / 2
        parts.append(
            f'<text x="{x:.0f}" y="{top - 6}" fill="{MUTED}" text-anchor="middle">'
            f"{escape(column[:16])}</text>"
        )
    for i, row in enumerate(rows):
        y = top + i * cell_h
        parts.append(f'<text x="4" y="{y + 13}" fill="{INK}">{escape(row)}</text>')
        for j, column in enumerate(columns):
            value = counts.get((row, column), 0)
            opacity = value / peak
            x = left + j * cell_w
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 2}" height="{cell_h - 2}" '
                f'fill="{colour}" fill-opacity="{opacity:.2f}" stroke="{GRID}" stroke-width="0.5"/>'
            )
            if value:
                ink = "#ffffff" if opacity > 0.55 else INK
                parts.append(
                    f'<text x="{x + cell_w / 2 - 1:.0f}" y="{y + 12}" fill="{ink}" '
                    f'text-anchor="middle">{value}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


# --- Timeline with a flow of links -------------------------------------------------------


@dataclass
class TimelineStep:
    title: str
    date: str  # already formatted
    lines: Sequence[str] = ()
    done: bool = False


@dataclass
class FlowNode:
    key: str
    label: str
    title: str = ""  # tooltip
    url: str = ""


@dataclass
class FlowColumn:
    label: str
    colour: str
    nodes: list[FlowNode] = field(default_factory=list)
    more: int = 0  # how many nodes are not drawn


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def timeline_flow(
    *,
    steps: Sequence[TimelineStep],
    columns: Sequence[FlowColumn],
    edges: Sequence[tuple[str, str, str]],
    aria_label: str,
    footer: str = "",
) -> str:
    """A dated strip of steps on top (the parcours as it went), then columns of boxes
    joined by curves (`edges`: source key, target key, label shown as tooltip)."""
    width = 960
    step_w = width / max(len(steps), 1)
    strip_h = 150
    col_w = width / max(len(columns), 1)
    box_w, box_h, gap, col_top = col_w - 36, 30, 10, strip_h + 46
    tallest = max([len(c.nodes) + (1 if c.more else 0) for c in columns] + [1])
    height = col_top + tallest * (box_h + gap) + (30 if footer else 12)
    # As for the ESS diagram: a drawing holding links is a group, not an image.
    has_links = any(node.url for c in columns for node in c.nodes)
    role = "group" if has_links else "img"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="{role}" aria-label="{escape(aria_label)}" font-family="sans-serif">',
        f'<line x1="{step_w / 2}" y1="40" x2="{width - step_w / 2}" y2="40" stroke="{GRID}" '
        'stroke-width="3"/>',
    ]
    for index, step in enumerate(steps):
        cx = step_w * index + step_w / 2
        fill = INK if step.done else "#fff"
        parts.append(
            f'<circle cx="{cx:.1f}" cy="40" r="9" fill="{fill}" stroke="{INK}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{cx:.1f}" y="20" text-anchor="middle" font-size="11" fill="{MUTED}">'
            f"{escape(step.date)}</text>"
        )
        y = 68
        for n, line in enumerate(_wrap(step.title, 18)[:2]):
            parts.append(
                f'<text x="{cx:.1f}" y="{y + 13 * n}" text-anchor="middle" font-size="12" '
                f'font-weight="700" fill="{INK}">{escape(line)}</text>'
            )
        y += 30
        for line in list(step.lines)[:4]:
            parts.append(
                f'<text x="{cx:.1f}" y="{y}" text-anchor="middle" font-size="9.5" fill="{MUTED}">'
                f"{escape(_short(line, int(step_w / 5.6)))}</text>"
            )
            y += 12
    positions: dict[str, tuple[float, float, str]] = {}
    for index, column in enumerate(columns):
        x = col_w * index + 18
        parts.append(
            f'<text x="{x + box_w / 2:.1f}" y="{col_top - 14}" text-anchor="middle" '
            f'font-size="12" font-weight="700" fill="{column.colour}">'
            f"{escape(_short(column.label, int(col_w / 7)))}</text>"
        )
        for row, node in enumerate(column.nodes):
            y = col_top + row * (box_h + gap)
            positions[node.key] = (x, y + box_h / 2, column.colour)
            shape = (
                f'<rect x="{x:.1f}" y="{y}" width="{box_w:.1f}" height="{box_h}" rx="5" '
                f'fill="#fff" stroke="{column.colour}" stroke-width="1.5"/>'
                f'<text x="{x + 8:.1f}" y="{y + 19}" font-size="10.5" fill="{INK}">'
                f"{escape(_short(node.label, int(box_w / 6)))}</text>"
            )
            title = f"<title>{escape(node.title or node.label)}</title>"
            if node.url:
                parts.append(f'<a href="{escape(node.url)}">{title}{shape}</a>')
            else:
                parts.append(f"<g>{title}{shape}</g>")
        if column.more:
            y = col_top + len(column.nodes) * (box_h + gap)
            parts.append(
                f'<text x="{x + box_w / 2:.1f}" y="{y + 18}" text-anchor="middle" font-size="10.5" '
                f'fill="{MUTED}">+ {column.more}</text>'
            )
    for source, target, label in edges:
        if source not in positions or target not in positions:
            continue
        sx, sy, colour = positions[source]
        tx, ty, _colour = positions[target]
        sx += box_w
        mid = (sx + tx) / 2
        parts.append(
            f'<path d="M{sx:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{ty:.1f} {tx:.1f},{ty:.1f}" '
            f'fill="none" stroke="{colour}" stroke-width="2" opacity="0.75">'
            f"<title>{escape(label)}</title></path>"
        )
    if footer:
        parts.append(
            f'<text x="10" y="{height - 8}" font-size="10" fill="{MUTED}">{escape(footer)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
