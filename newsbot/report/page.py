"""The report as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched), and as text."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from newsbot.report import charts
from newsbot.report.data import ReportData, Run, SiteFigures

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
       max-width: 1040px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; }
p.lead { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #e4e4e4; vertical-align: top; }
th { background: #f6f6f6; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
.failed, .killed { color: #b00; font-weight: 600; } .interrupted { color: #c60; } .finished { color: #171; }
figure { margin: 8px 0 0; } figure svg { width: 100%; height: auto; }
small { color: #666; }
"""


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "-"


def _run_cell(run: Run) -> str:
    when = f"{run.started_at.astimezone():%Y-%m-%d %H:%M %Z}"
    return (f'<span class="{escape(run.status)}">{escape(run.status)}</span> <small>#{run.id}, {escape(when)}: '
            f"{run.new} new, {run.updated} updated, {run.dropped} dropped, {run.errors} errors</small>")


def _site_row(site: SiteFigures, runs: list[Run]) -> str:
    languages = ", ".join(f"{lang} {count:,}" for lang, count in sorted(site.languages.items()))
    title = f"<br><small>{escape(site.title)}</small>" if site.title else ""
    last = _run_cell(runs[0]) if runs else "<small>no run recorded</small>"
    return (f"<tr><td>{escape(site.site)}{title}</td><td class=n>{site.articles:,}</td><td>{escape(languages)}</td>"
            f"<td>{escape(site.first or '-')} … {escape(site.last or '-')}</td>"
            f"<td class=n>{_percent(site.with_time, site.articles)}</td>"
            f"<td class=n>{_percent(site.undated, site.articles)}</td><td>{last}</td></tr>")


def _runs_table(data: ReportData) -> str:
    rows = []
    for site, runs in sorted(data.recent_runs.items()):
        for n, run in enumerate(runs):
            name = escape(site) if n == 0 else ""
            rows.append(f"<tr><td>{name}</td><td>{_run_cell(run)}</td></tr>")
    if not rows:
        return "<p>No runs recorded.</p>"
    return "<table><tr><th>site</th><th>run</th></tr>" + "".join(rows) + "</table>"


def scope(data: ReportData) -> str:
    parts = [f"site {data.site_filter}" if data.site_filter else "all sites"]
    if data.since:
        parts.append(f"published since {data.since:%Y-%m-%d}")
    return ", ".join(parts)


def html_page(data: ReportData, archive_name: str, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    runs = data.drop_runs
    drops = (f"<figure>{charts.drops_by_reason(runs)}</figure>" if any(r.dropped for r in runs)
             else "<p>No item was dropped in the last runs.</p>" if runs else "<p>No runs recorded.</p>")
    site_rows = "".join(_site_row(site, data.recent_runs.get(site.site, [])) for site in data.sites)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsbot report: {escape(archive_name)}</title><style>{STYLE}</style></head>
<body>
<h1>newsbot report</h1>
<p class="lead">{escape(archive_name)}: {data.articles:,} articles from {len(data.sites)} sites ({escape(scope(data))}).
Made {now.astimezone():%Y-%m-%d %H:%M %Z}.</p>
<h2>Sites</h2>
<table><tr><th>site</th><th>articles</th><th>languages</th><th>published (local dates)</th><th>with a time</th>
<th>no date</th><th>last run</th></tr>{site_rows}</table>
<h2>Articles per site per week</h2>
<figure>{charts.weekly_articles(data)}</figure>
<h2>Dates: with a time, a day only, none</h2>
<p><small>A date without a time is stored as local midnight; an article without a date is kept with none.</small></p>
<figure>{charts.date_quality(data)}</figure>
<h2>Dropped items by reason, last {len(runs)} runs</h2>
{drops}
<h2>Last runs per site</h2>
{_runs_table(data)}
</body></html>
"""


def text_summary(data: ReportData, archive_name: str) -> str:
    """The same in a few lines for a terminal or a mail."""
    lines = [f"{archive_name}: {data.articles:,} articles from {len(data.sites)} sites ({scope(data)})"]
    for site in data.sites:
        runs = data.recent_runs.get(site.site, [])
        last = f"last run #{runs[0].id} {runs[0].status}" if runs else "no run recorded"
        lines.append(f"  {site.site}: {site.articles:,} articles ({site.first or '-'} … {site.last or '-'}), "
                     f"{_percent(site.with_time, site.articles)} with a time, "
                     f"{_percent(site.undated, site.articles)} without a date; {last}")
    failing = sorted(site for site, runs in data.recent_runs.items() if runs and runs[0].status != "finished")
    if failing:
        lines.append(f"  last run not finished: {', '.join(failing)}")
    return "\n".join(lines)
