package dev.bulwark.core.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * A CSV document (RFC 4180: commas, double quotes, doubled quotes inside quotes) read as a header
 * and rows; used to find partition fields, to check outputs and to compare versions.
 *
 * @param header the first row
 * @param rows the other rows
 */
record CsvTable(List<String> header, List<List<String>> rows) {

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when a quote is left open or a row's column count differs from
   *     the header's
   */
  static CsvTable parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        row.add(cell.toString());
        cell.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || cell.length() > 0) {
          row.add(cell.toString());
          records.add(row);
        }
        row = new ArrayList<>();
        cell.setLength(0);
        any = false;
      } else {
        cell.append(c);
        any = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted cell is never closed");
    }
    if (any || cell.length() > 0) {
      row.add(cell.toString());
      records.add(row);
    }
    if (records.isEmpty()) {
      return new CsvTable(List.of(), List.of());
    }
    List<String> header = records.get(0);
    for (int r = 1; r < records.size(); r++) {
      if (records.get(r).size() != header.size()) {
        throw new IllegalArgumentException(
            "row "
                + (r + 1)
                + " has "
                + records.get(r).size()
                + " columns, the header has "
                + header.size());
      }
    }
    return new CsvTable(List.copyOf(header), List.copyOf(records.subList(1, records.size())));
  }
}
