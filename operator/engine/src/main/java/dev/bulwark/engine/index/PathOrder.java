package dev.bulwark.engine.index;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The order of an index: archive paths compared as UTF-8 byte strings, unsigned (the order object
 * stores list keys in), so any implementation sorts them the same way whatever its string type.
 */
public final class PathOrder {
  /** Compares two archive paths in index order. */
  public static final Comparator<String> COMPARATOR = PathOrder::compare;

  private PathOrder() {}

  /** Compares two archive paths by their UTF-8 bytes, unsigned. */
  public static int compare(String a, String b) {
    if (isAscii(a) && isAscii(b)) {
      return a.compareTo(b); // UTF-16 order equals UTF-8 byte order for ASCII
    }
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
