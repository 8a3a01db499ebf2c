package dev.bulwark.engine.pack;

import dev.bulwark.engine.format.EntryType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes POSIX (ustar) tar headers, preceded by a PAX extended header when a name or link is longer
 * than ustar allows or is not ASCII, or when the size or time does not fit in octal.
 */
public final class TarHeaders {
  /** The tar block size; entries and their data are padded to it. */
  public static final int BLOCK = 512;

  private TarHeaders() {}

  /**
   * The header blocks for one entry.
   *
   * @param name archive path (directories get a trailing '/')
   * @param type file, directory or symlink
   * @param size data size (files only; 0 otherwise)
   * @param mode permission bits
   * @param mtimeSeconds modification time in seconds since the epoch
   * @param link symlink target (symlinks only)
   */
  public static byte[] header(
      String name, EntryType type, long size, int mode, long mtimeSeconds, String link) {
    String entryName = type == EntryType.DIRECTORY && !name.endsWith("/") ? name + "/" : name;
    Map<String, String> pax = new LinkedHashMap<>();
    if (needsPax(entryName)) {
      pax.put("path", entryName);
    }
    if (link != null && needsPax(link)) {
      pax.put("linkpath", link);
    }
    if (size > 077777777777L) {
      pax.put("size", Long.toString(size));
    }
    if (mtimeSeconds < 0 || mtimeSeconds > 077777777777L) {
      pax.put("mtime", Long.toString(mtimeSeconds));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(pax.isEmpty() ? BLOCK : 4 * BLOCK);
    if (!pax.isEmpty()) {
      byte[] records = paxRecords(pax);
      out.writeBytes(
          ustar(asciiFallback("PaxHeaders/" + entryName), 'x', records.length, 0644, 0, null));
      out.writeBytes(records);
      out.writeBytes(new byte[padding(records.length)]);
    }
    char flag =
        switch (type) {
          case FILE -> '0';
          case DIRECTORY -> '5';
          case SYMLINK -> '2';
        };
    long headerSize = type == EntryType.FILE && size <= 077777777777L ? size : 0;
    long headerTime = mtimeSeconds < 0 || mtimeSeconds > 077777777777L ? 0 : mtimeSeconds;
    out.writeBytes(
        ustar(
            asciiFallback(entryName),
            flag,
            headerSize,
            mode,
            headerTime,
            link == null ? null : asciiFallback(link)));
    return out.toByteArray();
  }

  /** Zero bytes that pad {@code length} up to a whole block. */
  public static int padding(long length) {
    int rest = (int) (length % BLOCK);
    return rest == 0 ? 0 : BLOCK - rest;
  }

  /** The end-of-archive marker: two zero blocks. */
  public static byte[] endOfArchive() {
    return new byte[2 * BLOCK];
  }

  private static boolean needsPax(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 100) {
      return true;
    }
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return true;
      }
    }
    return false;
  }

  private static String asciiFallback(String value) {
    StringBuilder ascii = new StringBuilder(Math.min(value.length(), 100));
    for (int i = 0; i < value.length() && ascii.length() < 100; i++) {
      char c = value.charAt(i);
      ascii.append(c >= 0x20 && c <= 0x7e ? c : '_');
    }
    return ascii.toString();
  }

  private static byte[] paxRecords(Map<String, String> pax) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, String> e : pax.entrySet()) {
      byte[] body = (" " + e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8);
      // The record length counts its own decimal digits, so grow it until it is stable.
      int length = body.length + 1;
      while (Integer.toString(length).length() + body.length != length) {
        length = Integer.toString(length).length() + body.length;
      }
      out.writeBytes(Integer.toString(length).getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
    }
    return out.toByteArray();
  }

  private static byte[] ustar(
      String name, char flag, long size, int mode, long mtime, String link) {
    byte[] h = new byte[BLOCK];
    put(h, 0, 100, name);
    octal(h, 100, 8, mode & 07777);
    octal(h, 108, 8, 0);
    octal(h, 116, 8, 0);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) flag;
    if (link != null) {
      put(h, 157, 100, link);
    }
    System.arraycopy(USTAR_MAGIC, 0, h, 257, USTAR_MAGIC.length);
    System.arraycopy(ROOT, 0, h, 265, ROOT.length);
    System.arraycopy(ROOT, 0, h, 297, ROOT.length);
    octal(h, 329, 8, 0);
    octal(h, 337, 8, 0);
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    // Six octal digits, NUL, space: the checksum layout GNU tar writes.
    octal(h, 148, 7, sum);
    h[155] = ' ';
    return h;
  }

  private static final byte[] USTAR_MAGIC = {'u', 's', 't', 'a', 'r', 0, '0', '0'};
  private static final byte[] ROOT = {'r', 'o', 'o', 't'};

  private static void put(byte[] h, int offset, int width, String value) {
    // Callers pass ASCII (asciiFallback), so chars map to bytes one to one.
    int n = Math.min(width, value.length());
    for (int i = 0; i < n; i++) {
      h[offset + i] = (byte) value.charAt(i);
    }
  }

  /** Writes {@code value} as width-1 zero-padded octal digits and a NUL. */
  private static void octal(byte[] h, int offset, int width, long value) {
    long v = value;
    for (int i = offset + width - 2; i >= offset; i--) {
      h[i] = (byte) ('0' + (v & 7));
      v >>>= 3;
    }
    h[offset + width - 1] = 0;
  }
}
