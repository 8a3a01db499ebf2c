package dev.bulwark.core.drills;

import java.io.IOException;
import java.io.Reader;

/**
 * A strict reader of RFC 4180 CSV that only checks: fields separated by commas, records ended by
 * CRLF (a bare LF is accepted, as most tools write it), fields containing commas, quotes or line
 * breaks enclosed in double quotes with inner quotes doubled, and the same number of fields in
 * every record. The first problem is reported with its line, so a drill names what is broken.
 */
final class CsvCheck {
  private CsvCheck() {}

  /**
   * Reads {@code in} to its end.
   *
   * @return the number of records
   * @throws CsvProblem at the first violation
   * @throws IOException when reading fails (e.g. bytes that are not UTF-8)
   */
  static long check(Reader in) throws IOException, CsvProblem {
    long line = 1;
    long records = 0;
    int expectedFields = -1;
    int fields = 0;
    boolean inQuotes = false;
    boolean afterClosingQuote = false;
    boolean fieldStarted = false;
    boolean recordStarted = false;
    int c;
    while ((c = in.read()) >= 0) {
      if (inQuotes) {
        if (c == '"') {
          in.mark(1);
          int next = in.read();
          if (next == '"') {
            continue; // an escaped quote
          }
          inQuotes = false;
          afterClosingQuote = true;
          if (next < 0) {
            break;
          }
          c = next;
        } else {
          if (c == '\n') {
            line++;
          }
          continue;
        }
      }
      switch (c) {
        case ',' -> {
          fields++;
          fieldStarted = false;
          afterClosingQuote = false;
          recordStarted = true;
        }
        case '\r' -> {
          in.mark(1);
          if (in.read() != '\n') {
            throw new CsvProblem(
                line, "a carriage return outside quotes must be followed by a line feed");
          }
          expectedFields = endRecord(fields + 1, expectedFields, line);
          records++;
          line++;
          fields = 0;
          fieldStarted = afterClosingQuote = recordStarted = false;
        }
        case '\n' -> {
          expectedFields = endRecord(fields + 1, expectedFields, line);
          records++;
          line++;
          fields = 0;
          fieldStarted = afterClosingQuote = recordStarted = false;
        }
        case '"' -> {
          if (fieldStarted || afterClosingQuote) {
            throw new CsvProblem(
                line,
                "a double quote inside a field that is not enclosed in double quotes"
                    + " (enclose the field and double the quote)");
          }
          inQuotes = true;
          recordStarted = true;
        }
        default -> {
          if (afterClosingQuote) {
            throw new CsvProblem(line, "text after the closing double quote of a field");
          }
          fieldStarted = true;
          recordStarted = true;
        }
      }
    }
    if (inQuotes) {
      throw new CsvProblem(line, "a field's opening double quote is never closed");
    }
    if (recordStarted) {
      endRecord(fields + 1, expectedFields, line);
      records++;
    }
    return records;
  }

  private static int endRecord(int fields, int expected, long line) throws CsvProblem {
    if (expected >= 0 && fields != expected) {
      throw new CsvProblem(
          line, "record has " + fields + " fields, the first record has " + expected);
    }
    return fields;
  }

  /** A CSV violation at a line. */
  static final class CsvProblem extends Exception {
    private static final long serialVersionUID = 1L;

    CsvProblem(long line, String message) {
      super("line " + line + ": " + message);
    }
  }
}
