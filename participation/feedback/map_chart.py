"""The opinion map drawn as accessible inline SVG (charts.py's conventions): the participants placed on
the map as grey dots, each opinion group a shaded region (its outline, in a colour and a pattern of its
own, so groups are told apart in greyscale and by colour-blind readers) labelled with its letter and
size, and the viewer's own position ringed and labelled. The page puts the same content beside it as
text and tables (templates/feedback/_map.html).
"""
from __future__ import annotations

from flask_babel import gettext as _

from markupsafe import Markup

from participation.feedback import charts
from participation.feedback.charts import INK, MUTED, WIDTH, element
from participation.feedback.maps import MapView

PAD = 16  # user units between the map's [-1, 1] square and the edge of the drawing
DOT = 2.2
GROUP_STYLE = 1  # the groups' first style (charts.STYLES), then the next ones


def _at(value: float) -> float:
    return round(PAD + (value + 1) / 2 * (WIDTH - 2 * PAD), 1)


def _point(x: float, y: float) -> tuple[float, float]:
    return _at(x), _at(-y)  # up is up


def _region(chart_id: str, index: int, group) -> list[Markup]:
    style_id = f"{chart_id}-group-{index}"
    points = [_point(x, y) for x, y in group.outline]
    cx, cy = _point(*group.centre)
    label = element("text", f"{group.label} · {group.size}", x=cx, y=cy, font_size=charts.FONT, font_weight="700",
                    fill=INK, stroke="#ffffff", stroke_width=3, paint_order="stroke", text_anchor="middle",
                    class_="map-label")
    if len(points) >= 3:
        shape = element("polygon", points=" ".join(f"{x},{y}" for x, y in points), fill=f"url(#{style_id})",
                        fill_opacity=0.45, stroke=INK, stroke_width=1.5, class_="map-group")
    else:
        shape = element("circle", cx=cx, cy=cy, r=14, fill=f"url(#{style_id})", fill_opacity=0.45, stroke=INK,
                        stroke_width=1.5, class_="map-group")
    return [element("g", shape, label, data_group=group.label)]


def opinion_map_svg(chart_id: str, view: MapView, title: str, description: str) -> Markup:
    """The map of `view`; the empty state when nobody is placed on it."""
    chart_id = charts.checked_id(chart_id)
    if not view.points:
        return charts.empty_state(_("Nobody has voted on enough comments to be placed on the map yet."))
    defs = [charts.pattern_fill(f"{chart_id}-group-{index}", charts.style_of(GROUP_STYLE + index))
            for index in range(len(view.groups))]
    body = [element("rect", x=0.5, y=0.5, width=WIDTH - 1, height=WIDTH - 1, fill="#ffffff", stroke=MUTED)]
    for index, group in enumerate(view.groups):
        body += _region(chart_id, index, group)
    dots = [element("circle", cx=cx, cy=cy, r=DOT, fill=MUTED)
            for cx, cy in (_point(p.x, p.y) for p in view.points)]
    body.append(element("g", *dots, class_="map-points", aria_hidden="true"))
    if view.own is not None:
        cx, cy = _point(view.own.x, view.own.y)
        body.append(element("g", element("circle", cx=cx, cy=cy, r=7, fill="none", stroke=INK, stroke_width=3),
                            element("text", _("You"), x=cx + 10, y=cy - 8, font_size=charts.FONT,
                                    font_weight="700", fill=INK, stroke="#ffffff", stroke_width=3,
                                    paint_order="stroke"),
                            class_="map-own"))
    return charts.svg_frame(chart_id, title, description, WIDTH, defs, body)
