"""The report's charts as inline SVG, drawn with matplotlib's SVG backend (no pyplot, no global state).

Text stays text in the SVG (`svg.fonttype = none`): the file is smaller and the labels can be searched and
copied; the browser draws them with its own fonts, Cyrillic included.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from newsbot.report.data import ReportData, Run

# Sites drawn one by one in the weekly chart; the others are summed as "other sites".
MAX_SITES = 8
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22",
           "#17becf")
RC = {"svg.fonttype": "none", "svg.hashsalt": "newsbot", "font.size": 9, "axes.spines.top": False,
      "axes.spines.right": False, "font.family": ["DejaVu Sans", "sans-serif"]}


@contextmanager
def _figure(width: float, height: float) -> Iterator[tuple[object, object]]:
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(width, height), layout="constrained")
        yield figure, figure.add_subplot()


def _svg(figure: object) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})  # type: ignore[attr-defined]
    svg = out.getvalue()
    return svg[svg.index("<svg"):]  # the XML prolog and doctype have no place inside HTML


def weekly_articles(data: ReportData) -> str:
    """Articles per site per week (local publication dates)."""
    totals = sorted(data.weekly, key=lambda site: -sum(data.weekly[site].values()))
    shown, rest = totals[:MAX_SITES], totals[MAX_SITES:]
    series = {site: data.weekly[site] for site in shown}
    if rest:
        other: dict[date, int] = {}
        for site in rest:
            for week, count in data.weekly[site].items():
                other[week] = other.get(week, 0) + count
        series[f"{len(rest)} other sites"] = other
    weeks = sorted({week for counts in series.values() for week in counts})
    with _figure(10, 3.6) as (figure, axes):
        for colour, (name, counts) in zip(COLOURS, series.items(), strict=False):
            axes.plot(weeks, [counts.get(week, 0) for week in weeks], label=name, color=colour, linewidth=1.2)
        axes.set_ylabel("articles per week")
        axes.set_ylim(bottom=0)
        axes.grid(axis="y", color="#ddd", linewidth=0.6)
        axes.legend(loc="lower left", bbox_to_anchor=(0, 1.0), fontsize=8, frameon=False, ncols=min(5, len(series)))
        return _svg(figure)


def date_quality(data: ReportData) -> str:
    """Per site: the share of articles with a date and a time, with a date only, and with no date."""
    sites = data.sites[::-1]  # largest at the top
    names = [s.site for s in sites]
    parts = (("date and time", "with_time", "#2ca02c"), ("date only", "day_only", "#ffbb33"),
             ("no date", "undated", "#d62728"))
    with _figure(10, 0.9 + 0.32 * len(sites)) as (figure, axes):
        left = [0.0] * len(sites)
        for label, attribute, colour in parts:
            shares = [100 * getattr(s, attribute) / s.articles if s.articles else 0 for s in sites]
            axes.barh(names, shares, left=left, color=colour, label=label, height=0.6)
            left = [a + b for a, b in zip(left, shares, strict=True)]
        axes.set_xlim(0, 100)
        axes.set_xlabel("% of the site's articles")
        axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3, fontsize=8, frameon=False)
        return _svg(figure)


def drops_by_reason(runs: list[Run]) -> str:
    """Dropped items per run (the last runs, oldest first), stacked by reason."""
    reasons = sorted({reason for run in runs for reason in run.dropped_by_reason})
    labels = [f"#{run.id} {run.site}" for run in runs]
    with _figure(10, 3.2) as (figure, axes):
        bottom = [0] * len(runs)
        for colour, reason in zip(COLOURS * 3, reasons, strict=False):
            counts = [run.dropped_by_reason.get(reason, 0) for run in runs]
            axes.bar(labels, counts, bottom=bottom, label=reason, color=colour, width=0.7)
            bottom = [a + b for a, b in zip(bottom, counts, strict=True)]
        axes.set_ylabel("items dropped")
        axes.tick_params(axis="x", labelrotation=90, labelsize=7)
        if reasons:
            axes.legend(loc="upper left", fontsize=8, frameon=False, ncols=min(5, len(reasons)))
        return _svg(figure)
