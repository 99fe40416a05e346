"""Charts drawn with QPainter in the app's theme: bars, lines and a calendar heatmap (no QtCharts needed).

Data in, widget out. Each chart is a QWidget built from plain values and a theme colour table
(`quizapp.ui.theme.current()`); build a new one (or call `set_colors`) when the theme changes:

    from quizapp.ui.charts import BarChart, CalendarHeatmap, DateAxis, Line, LineChart, Reference, Series, ValueAxis

    BarChart("Mastery per topic", ["history", "chemistry"],
             [Series("mastery", [95, 62], colors.accent, highlight=frozenset({1}),
                     highlight_color=colors.bad, highlight_name="weakest")],
             colors, value_axis=ValueAxis("mastery", percent=True), horizontal=True,
             click_hint="Click to drill this topic")
    BarChart("Due per day", [date(2026, 12, 1), date(2026, 12, 2)], [Series("due", [4, 9])], colors,
             value_axis=ValueAxis("questions", integer=True), category_title="due date")
    LineChart("Retention", [Line("retention", [(date(2026, 11, 3), 87.5)], notes=["40 reviews"])], colors,
              y_axis=ValueAxis("passed", percent=True), x_axis=DateAxis("week starting"),
              references=[Reference("desired", 90)])
    CalendarHeatmap("Answers per day", [(date(2026, 12, 1), 12)], colors, unit="{} answer(s)")

- Series: one value per category. Several series stand side by side, or on each other with
  `stacked=True`; `horizontal=True` lists the first category at the top. Categories that are all
  `date`s are labelled at round days, Mondays or months instead of one label per bar.
- Line: (x, y) points, x a date, a datetime or a number; `notes` adds a line per point to its tooltip.
  Reference: a horizontal line across the plot with a legend entry.
- ValueAxis: from 0 to a round top; ticks are 1, 2 or 5 × 10^n (`integer=True`: whole steps only);
  `percent=True` is 0..100 labelled "n %". DateAxis: ticks at whole days, weeks, months or years.
- Colours: each series' own, else `PALETTE` in turn. Fonts follow the widget's font, so the charts
  grow with the app's font size; labels thin out and are cut short to fit a small window.
- Every chart: hovering an item (or Tab to the chart, then the arrow keys) shows its value as a
  tooltip (`hover_text`); a click, Enter or Space emits `activated(series, index)`. Its accessible
  name is the title and its accessible description tells the data in words (`describe()`).
- What was drawn, for tests and checks: `BarChart.bar_values()`, `LineChart.line_points()`,
  `CalendarHeatmap.counts()`, and `targets` (each item's rectangle and tooltip text).
"""

from quizapp.ui.charts.bars import BarChart
from quizapp.ui.charts.base import Chart, Target
from quizapp.ui.charts.calendar import CalendarHeatmap
from quizapp.ui.charts.data import DARK_PALETTE, PALETTE, DateAxis, Line, Reference, Series, ValueAxis
from quizapp.ui.charts.lines import LineChart

__all__ = ["DARK_PALETTE", "PALETTE", "BarChart", "CalendarHeatmap", "Chart", "DateAxis", "Line", "LineChart",
           "Reference", "Series", "Target", "ValueAxis"]
