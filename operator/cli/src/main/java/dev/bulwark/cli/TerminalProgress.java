package dev.bulwark.cli;

import dev.bulwark.cli.logging.ConsoleLine;
import dev.bulwark.cli.logging.LogSettings;
import dev.bulwark.engine.progress.Phase;
import dev.bulwark.engine.progress.Progress;
import dev.bulwark.engine.progress.ProgressListener;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A one-line progress bar (files, bytes, rate, ETA) redrawn in place on stderr, used only when
 * stderr is a terminal; pipes and CI logs get the command's one-line summary instead.
 */
final class TerminalProgress implements ProgressListener {
  private static final int WIDTH = 24;
  private final PrintStream out;
  private final boolean enabled;
  private final Instant started = Instant.now();
  private boolean drawn;

  private TerminalProgress(PrintStream out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  /**
   * A bar on stderr when attached to a terminal (and not --json or --quiet); otherwise it draws
   * nothing.
   */
  static TerminalProgress forConsole(boolean json) {
    return new TerminalProgress(
        System.err, System.console() != null && !json && !LogSettings.quiet());
  }

  /** A bar drawn on {@code out} when {@code enabled}, for tests. */
  static TerminalProgress on(PrintStream out, boolean enabled) {
    return new TerminalProgress(out, enabled);
  }

  @Override
  public void phaseStarted(Phase phase) {
    finishLine();
  }

  @Override
  public void progress(Progress p) {
    if (!enabled) {
      return;
    }
    double fraction =
        p.bytesTotal() > 0 ? Math.min(1.0, (double) p.bytesDone() / p.bytesTotal()) : 0;
    int filled = (int) Math.round(fraction * WIDTH);
    double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
    double rate = p.bytesDone() / seconds;
    String eta =
        p.totalsFinal() && rate > 0
            ? formatDuration((long) ((p.bytesTotal() - p.bytesDone()) / rate))
            : "--";
    // Drawn through ConsoleLine, so a log line written meanwhile starts on a line of its own.
    ConsoleLine.draw(
        out,
        String.format(
            Locale.ROOT,
            "\r%-8s [%s%s] %d/%d files  %s/%s  %s/s  ETA %s   ",
            p.phase().name().toLowerCase(Locale.ROOT),
            "#".repeat(filled),
            " ".repeat(WIDTH - filled),
            p.filesDone(),
            p.filesTotal(),
            Bytes.format(p.bytesDone()),
            Bytes.format(p.bytesTotal()),
            Bytes.format((long) rate),
            eta));
    drawn = true;
  }

  /** Ends the bar's line so the summary starts on a fresh one. */
  void finishLine() {
    if (drawn) {
      ConsoleLine.end(out);
      drawn = false;
    }
  }

  private static String formatDuration(long seconds) {
    return seconds >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60)
        : String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
  }
}
