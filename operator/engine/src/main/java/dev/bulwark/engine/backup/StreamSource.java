package dev.bulwark.engine.backup;

import dev.bulwark.engine.format.SourcePriority;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A byte stream of unknown length to back up, produced while the job reads it: a database dump
 * piped out of {@code pg_dump}, for example. It is always taken whole (it is not a file tree, so an
 * incremental cannot compare it entry by entry), cut into parts of bounded size as it is read, and
 * stored under {@code <domain>/<name>} (docs/format.md, "Streams").
 *
 * <p>The producer's contract: the engine reads the stream from {@link Opener#open()} to its end
 * (-1) and then closes it. A producer reports failure by throwing an {@link IOException} from
 * {@code read} or from that {@code close} (e.g. a process that exited non-zero); the job then fails
 * and publishes nothing, so a truncated stream is never a snapshot. When the job fails for another
 * reason the engine closes the stream before its end; the producer then stops (e.g. kills its
 * process) and what {@code close} throws is ignored.
 *
 * @param name path below the domain, e.g. {@code postgres/shop.dump}: '/'-separated segments of
 *     letters, digits, '.', '_' or '-', none of them "." or ".."
 * @param domain data domain (raw, derived, serving, ...)
 * @param priority P0 streams are read first, after the P0 directories
 * @param description what produces the stream, recorded in the manifest for humans; it must not
 *     contain a credential
 * @param opener starts the producer; called once per job
 */
public record StreamSource(
    String name, String domain, SourcePriority priority, String description, Opener opener) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  /** Starts producing the stream. */
  @FunctionalInterface
  public interface Opener {
    /** Opens the stream; the engine reads it to its end and closes it. */
    InputStream open() throws IOException;
  }

  public StreamSource {
    if (domain == null || !DOMAIN.matcher(domain).matches()) {
      throw new IllegalArgumentException(
          "stream "
              + name
              + ": domain '"
              + domain
              + "' must be 1-63 letters, digits, '.', '_' or '-'");
    }
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("stream in domain " + domain + " needs a name");
    }
    for (String segment : name.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "stream name '"
                + name
                + "' must be '/'-separated segments of letters, digits, '.', '_'"
                + " or '-' (no empty, '.' or '..' segment)");
      }
    }
    Objects.requireNonNull(priority, "priority");
    description = description == null ? name : description;
    Objects.requireNonNull(opener, "opener");
  }

  /** The archive path of the reassembled stream: {@code <domain>/<name>}. */
  public String archivePath() {
    return domain + "/" + name;
  }

  /**
   * The archive path of part {@code number} (1-based): the stream's path with {@code .part-NNNNNN},
   * so that the parts sort in stream order by name.
   */
  public static String partPath(String streamPath, int number) {
    return String.format("%s.part-%06d", streamPath, number);
  }
}
