package dev.bulwark.cli.logging;

import java.io.PrintStream;

/**
 * Whether stderr ends in an unfinished line (a progress bar redrawn in place). Log events and
 * command output written to stderr end that line first, so a log line never lands on a bar.
 */
public final class ConsoleLine {
  private static boolean open;

  private ConsoleLine() {}

  /** Records that a partial line is on {@code System.err} now (or not any more). */
  public static synchronized void open(boolean value) {
    open = value;
  }

  /** Ends the partial line on {@code out}, if there is one; returns whether it did. */
  public static synchronized boolean end(PrintStream out) {
    if (!open) {
      return false;
    }
    out.println();
    out.flush();
    open = false;
    return true;
  }

  /**
   * Redraws the partial line: {@code text} (which starts with a carriage return) is printed without
   * a newline, and later lines end it first.
   */
  public static synchronized void draw(PrintStream out, String text) {
    out.print(text);
    out.flush();
    open = true;
  }

  /**
   * Writes {@code line} after ending any partial line, as one step no bar redraw interleaves with.
   */
  static synchronized void write(PrintStream out, String line) {
    end(out);
    out.print(line);
    out.flush();
  }
}
