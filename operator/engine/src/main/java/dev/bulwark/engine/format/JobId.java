package dev.bulwark.engine.format;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Job ids: {@code yyyyMMdd'T'HHmmss'Z'-hhhhhh}, the UTC start second and 6 random hex digits, so
 * that ids sort by start time and name their date partition.
 */
public final class JobId {
  private static final Pattern FORMAT = Pattern.compile("\\d{8}T\\d{6}Z-[0-9a-f]{6}");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final SecureRandom RANDOM = new SecureRandom();

  private JobId() {}

  /** A new id for a job starting at {@code startedAt}. */
  public static String generate(Instant startedAt) {
    byte[] suffix = new byte[3];
    RANDOM.nextBytes(suffix);
    return STAMP.format(startedAt) + "-" + HexFormat.of().formatHex(suffix);
  }

  /** Whether {@code id} has the job id format. */
  public static boolean isValid(String id) {
    return id != null && FORMAT.matcher(id).matches();
  }

  /** Fails with a clear message when {@code id} is not a job id. */
  public static String check(String id) {
    if (!isValid(id)) {
      throw new IllegalArgumentException(
          "'"
              + id
              + "' is not a job id (expected yyyyMMddTHHmmssZ-hhhhhh, e.g. 20261128T203500Z-1a2b3c)");
    }
    return id;
  }

  /** The start second encoded in the id. */
  public static Instant startedAt(String id) {
    return STAMP.parse(check(id).substring(0, 16), Instant::from);
  }

  /** The date partition ({@code yyyy-MM-dd}, UTC) the job's objects live under. */
  public static String datePartition(String id) {
    check(id);
    return id.substring(0, 4) + "-" + id.substring(4, 6) + "-" + id.substring(6, 8);
  }

  /** The {@code yyyyMMdd} prefix shared by every job id started on {@code date}. */
  public static String dayPrefix(LocalDate date) {
    return DateTimeFormatter.BASIC_ISO_DATE.format(date);
  }
}
