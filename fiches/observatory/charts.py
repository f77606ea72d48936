"""A horizontal bar chart drawn by the server as SVG (``templates/includes/bar_chart.html``):
the geometry of each bar in a fixed coordinate system, no JavaScript, no external file.

The SVG is one image (``role="img"``) named by its ``<title>`` and described by its ``<desc>``;
the figures it draws are also given as a table next to it, which is what screen readers and
the CSV read.
"""

from dataclasses import dataclass

#: The drawing's coordinates (the SVG scales to the width of its container).
WIDTH = 640
LABEL_HEIGHT = 18
BAR_HEIGHT = 16
ROW_GAP = 10
VALUE_SPACE = 64
#: Longest label written in the drawing (the table gives the whole label).
LABEL_LENGTH = 72


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str
    y_label: int
    y_bar: int
    width: int
    x_value: int


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    bars: list
    width: int
    height: int
    bar_height: int

    @property
    def viewbox(self):
        return f"0 0 {self.width} {self.height}"


def _shortened(label):
    return label if len(label) <= LABEL_LENGTH else f"{label[: LABEL_LENGTH - 1].rstrip()}…"


def bar_chart(*, chart_id, title, description, rows):
    """The chart of ``rows`` (``(label, value, text)``: ``text`` the value as written): one bar
    per row, its length proportional to its value (the largest one fills the width)."""
    largest = max((value for _label, value, _text in rows), default=0)
    room = WIDTH - VALUE_SPACE
    bars = []
    step = LABEL_HEIGHT + BAR_HEIGHT + ROW_GAP
    for position, (label, value, text) in enumerate(rows):
        top = position * step
        width = round(room * value / largest) if largest else 0
        bars.append(
            Bar(
                label=_shortened(label),
                value=value,
                text=text,
                y_label=top + LABEL_HEIGHT - 5,
                y_bar=top + LABEL_HEIGHT,
                width=max(width, 1) if value else 0,
                x_value=max(width, 1) + 6,
            )
        )
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        bars=bars,
        width=WIDTH,
        height=max(len(rows) * step, step),
        bar_height=BAR_HEIGHT,
    )
