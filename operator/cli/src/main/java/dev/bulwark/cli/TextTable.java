package dev.bulwark.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Columns padded to their widest cell, as kubectl prints them; a row may carry a detail line,
 * printed indented under it (why a resource is failing).
 */
final class TextTable {
  private static final int GAP = 3;

  private record Row(List<String> cells, Optional<String> detail) {}

  private final List<String> header;
  private final List<Row> rows = new ArrayList<>();

  TextTable(List<String> header) {
    this.header = List.copyOf(header);
  }

  /** Adds a row of as many cells as the header has. */
  void row(List<String> cells, Optional<String> detail) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException(
          "a row of " + header.size() + " cells, not " + cells.size());
    }
    rows.add(new Row(List.copyOf(cells), detail));
  }

  void print(PrintStream out) {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (Row row : rows) {
        widths[i] = Math.max(widths[i], row.cells().get(i).length());
      }
    }
    out.println(line(header, widths));
    for (Row row : rows) {
      out.println(line(row.cells(), widths));
      row.detail().ifPresent(detail -> out.println("  " + detail));
    }
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cell.length() + GAP));
      }
    }
    return line.toString();
  }
}
