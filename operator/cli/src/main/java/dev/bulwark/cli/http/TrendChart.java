package dev.bulwark.cli.http;

import dev.bulwark.api.drill.DrillRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A small inline SVG of one measurement (RPO or RTO) over a drill's last runs, oldest on the left,
 * against its objective drawn as a dashed line. Failed runs are red crosses on the axis; each point
 * has a tooltip. Server-rendered, so it needs no script and no chart library.
 */
final class TrendChart {
  private static final int WIDTH = 240;
  private static final int HEIGHT = 84;
  private static final int LEFT = 34;
  private static final int RIGHT = 8;
  private static final int TOP = 18;
  private static final int BOTTOM = 14;

  private TrendChart() {}

  /**
   * The chart of {@code measure} over {@code newestFirst} runs.
   *
   * @param title {@code RPO} or {@code RTO}
   * @param objective seconds, or null when unknown (no line is drawn)
   */
  static String svg(
      String title, List<DrillRun> newestFirst, Function<DrillRun, Long> measure, Long objective) {
    List<DrillRun> runs = new ArrayList<>(newestFirst);
    java.util.Collections.reverse(runs);
    double max = objective == null ? 1 : objective;
    for (DrillRun run : runs) {
      Long value = measure.apply(run);
      if (value != null) {
        max = Math.max(max, value);
      }
    }
    max = Math.max(1, max * 1.15);
    StringBuilder svg = new StringBuilder();
    String label =
        title
            + " of the last "
            + runs.size()
            + " runs"
            + (objective == null ? "" : ", objective " + HumanTime.duration(objective));
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg class=\"trend\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" aria-label=\"%s\">",
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            PageText.escape(label)));
    svg.append("<title>").append(PageText.escape(label)).append("</title>");
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"12\" class=\"chart-title\">%s</text>",
            LEFT,
            PageText.escape(title)));
    int plotBottom = HEIGHT - BOTTOM;
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>",
            LEFT,
            plotBottom,
            WIDTH - RIGHT,
            plotBottom));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">0</text>",
            LEFT - 4,
            plotBottom));
    if (objective != null) {
      // The objective is the one value worth reading off the axis; the line shows where it is.
      double y = y(objective, max);
      svg.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"objective\"><title>objective %s</title></line>",
              LEFT,
              y,
              WIDTH - RIGHT,
              y,
              PageText.escape(HumanTime.duration(objective))));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%s</text>",
              LEFT - 4,
              y + 3,
              PageText.escape(HumanTime.duration(objective))));
    } else {
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" class=\"tick\" text-anchor=\"end\">%s</text>",
              LEFT - 4,
              TOP + 4,
              PageText.escape(HumanTime.duration(Math.round(max)))));
    }
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      DrillRun run = runs.get(i);
      double x = x(i, runs.size());
      Long value = measure.apply(run);
      String when = run.getStartedAt() == null ? "" : run.getStartedAt();
      if (!Boolean.TRUE.equals(run.getSucceeded()) || value == null) {
        svg.append(
            String.format(
                Locale.ROOT,
                "<path d=\"M%.1f %d l6 -6 m0 6 l-6 -6\" transform=\"translate(-3 3)\" class=\"failed\">"
                    + "<title>%s: failed</title></path>",
                x,
                plotBottom,
                PageText.escape(when)));
        continue;
      }
      double y = y(value, max);
      line.append(line.length() == 0 ? "M" : " L")
          .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
      boolean missed = objective != null && value > objective;
      svg.append(
          String.format(
              Locale.ROOT,
              "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" class=\"%s\"><title>%s: %s</title></circle>",
              x,
              y,
              missed ? "missed" : "point",
              PageText.escape(when),
              PageText.escape(HumanTime.duration(value))));
    }
    if (line.length() > 0) {
      svg.append("<path d=\"").append(line).append("\" class=\"series\"/>");
    }
    svg.append("</svg>");
    return svg.toString();
  }

  private static double x(int index, int count) {
    double span = WIDTH - RIGHT - LEFT - 8;
    return count <= 1 ? LEFT + 4 + span / 2 : LEFT + 4 + span * index / (count - 1);
  }

  private static double y(double value, double max) {
    double span = HEIGHT - BOTTOM - TOP;
    return HEIGHT - BOTTOM - span * Math.min(value, max) / max;
  }
}
