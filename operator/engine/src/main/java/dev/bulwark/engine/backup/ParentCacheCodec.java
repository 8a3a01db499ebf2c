package dev.bulwark.engine.backup;

import com.github.luben.zstd.Zstd;
import dev.bulwark.engine.format.EntryType;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.format.PackRef;
import dev.bulwark.engine.format.SnapshotType;
import dev.bulwark.engine.format.SourcePriority;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Encodes and decodes the parent cache's files (docs/format.md, "Parent cache"): a fixed header
 * with a CRC32C of the stored body, then a zstd frame of the payload. Decoding checks every length
 * and enum against the bytes it has, so a truncated or damaged file fails with a reason instead of
 * yielding entries.
 */
final class ParentCacheCodec {
  /** The cache file version this code reads and writes. */
  static final int VERSION = 1;

  static final int KIND_FULL = 1;
  static final int KIND_NEWEST = 2;

  private static final byte[] MAGIC = "BWPCACHE".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = MAGIC.length + 2 + 1 + 4 + 4 + 4;
  private static final int MAX_PAYLOAD = 1 << 30;
  private static final int LEVEL = 1;
  private static final HexFormat HEX = HexFormat.of();

  // Presence bits of an entry's optional fields.
  private static final int SIZE = 1;
  private static final int MODE = 1 << 1;
  private static final int MTIME = 1 << 2;
  private static final int INODE = 1 << 3;
  private static final int SHA_BINARY = 1 << 4;
  private static final int SHA_TEXT = 1 << 5;
  private static final int LINK = 1 << 6;
  private static final int DOMAIN = 1 << 7;
  private static final int PRIORITY = 1 << 8;
  private static final int PACK = 1 << 9;
  private static final int OFFSET = 1 << 10;
  private static final int LENGTH = 1 << 11;
  private static final int SKIP = 1 << 12;
  private static final int UNSTABLE = 1 << 13;
  private static final int SCHEMA = 1 << 14;
  private static final int KNOWN_BITS = (1 << 15) - 1;

  private ParentCacheCodec() {}

  /** Why a cache file cannot be used; the message says what is wrong with it. */
  static final class DamagedException extends Exception {
    private static final long serialVersionUID = 1L;

    DamagedException(String message) {
      super(message);
    }
  }

  static byte[] encodeFull(String repositoryId, CachedFull full) {
    Out out = new Out();
    out.string(repositoryId);
    out.string(full.jobId());
    out.string(full.manifestSha256());
    out.varlong(full.manifestSize());
    out.optString(full.startedAt());
    out.optString(full.keyId());
    out.packs(full.packs());
    out.entries(full.files());
    return seal(KIND_FULL, out.toByteArray());
  }

  static byte[] encodeNewest(String repositoryId, CachedNewest newest) {
    Out out = new Out();
    out.string(repositoryId);
    out.string(newest.jobId());
    out.varlong(newest.type().ordinal());
    out.string(newest.manifestSha256());
    out.varlong(newest.manifestSize());
    out.string(newest.fullJobId());
    out.string(newest.fullManifestSha256());
    out.packs(newest.packs());
    out.entries(newest.files());
    out.varlong(newest.deleted().size());
    for (String path : newest.deleted()) {
      out.string(path);
    }
    return seal(KIND_NEWEST, out.toByteArray());
  }

  /** The full part in {@code bytes}, which must belong to {@code repositoryId}. */
  static CachedFull decodeFull(byte[] bytes, String repositoryId) throws DamagedException {
    In in = open(bytes, KIND_FULL, repositoryId);
    CachedFull full =
        new CachedFull(
            in.string(),
            in.string(),
            in.varlong(),
            in.optString(),
            in.optString(),
            in.packs(),
            in.entries());
    in.end();
    return full;
  }

  /** The newest part in {@code bytes}, which must belong to {@code repositoryId}. */
  static CachedNewest decodeNewest(byte[] bytes, String repositoryId) throws DamagedException {
    In in = open(bytes, KIND_NEWEST, repositoryId);
    String jobId = in.string();
    int type = in.count();
    if (type >= SnapshotType.values().length) {
      throw new DamagedException("has an unknown snapshot type " + type);
    }
    String sha = in.string();
    long size = in.varlong();
    String fullJobId = in.string();
    String fullSha = in.string();
    List<PackRef> packs = in.packs();
    List<FileEntry> files = in.entries();
    int deletedCount = in.count();
    List<String> deleted = new ArrayList<>(deletedCount);
    for (int i = 0; i < deletedCount; i++) {
      deleted.add(in.string());
    }
    in.end();
    return new CachedNewest(
        jobId, SnapshotType.values()[type], sha, size, fullJobId, fullSha, packs, files, deleted);
  }

  private static byte[] seal(int kind, byte[] payload) {
    byte[] body = Zstd.compress(payload, LEVEL);
    ByteBuffer out = ByteBuffer.allocate(HEADER + body.length);
    out.put(MAGIC);
    out.putShort((short) VERSION);
    out.put((byte) kind);
    out.putInt(payload.length);
    out.putInt(body.length);
    out.putInt(0);
    out.put(body);
    byte[] file = out.array();
    ByteBuffer.wrap(file, HEADER - 4, 4).putInt(crcOf(file));
    return file;
  }

  /** CRC32C of the header before its CRC field and of the body: every stored byte but the CRC. */
  private static int crcOf(byte[] file) {
    CRC32C crc = new CRC32C();
    crc.update(file, 0, HEADER - 4);
    crc.update(file, HEADER, file.length - HEADER);
    return (int) crc.getValue();
  }

  private static In open(byte[] bytes, int kind, String repositoryId) throws DamagedException {
    if (bytes.length < HEADER) {
      throw new DamagedException("is truncated: " + bytes.length + " bytes, shorter than a header");
    }
    ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER);
    byte[] magic = new byte[MAGIC.length];
    header.get(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new DamagedException("is not a parent cache file (bad magic)");
    }
    int version = Short.toUnsignedInt(header.getShort());
    if (version != VERSION) {
      throw new DamagedException("has cache version " + version + ", not " + VERSION);
    }
    int actualKind = Byte.toUnsignedInt(header.get());
    if (actualKind != kind) {
      throw new DamagedException("holds kind " + actualKind + ", not " + kind);
    }
    int payloadLength = header.getInt();
    int bodyLength = header.getInt();
    int expectedCrc = header.getInt();
    if (payloadLength < 0 || payloadLength > MAX_PAYLOAD || bodyLength < 0) {
      throw new DamagedException("declares impossible lengths");
    }
    if (bytes.length - HEADER != bodyLength) {
      throw new DamagedException(
          "is truncated or has trailing bytes: its body is "
              + (bytes.length - HEADER)
              + " bytes, its header says "
              + bodyLength);
    }
    if (crcOf(bytes) != expectedCrc) {
      throw new DamagedException("fails its CRC32C check (a damaged byte)");
    }
    byte[] payload;
    try {
      payload = Zstd.decompress(Arrays.copyOfRange(bytes, HEADER, bytes.length), payloadLength);
    } catch (RuntimeException e) {
      throw new DamagedException("does not decompress: " + e.getMessage());
    }
    if (payload.length != payloadLength) {
      throw new DamagedException("decompresses to the wrong length");
    }
    In in = new In(payload);
    String owner = in.string();
    if (!owner.equals(repositoryId)) {
      throw new DamagedException("belongs to another repository (" + owner + ")");
    }
    return in;
  }

  /** A growing buffer with the payload's primitives. */
  private static final class Out extends ByteArrayOutputStream {
    private byte[] previousPath = new byte[0];

    Out() {
      super(1 << 16);
    }

    void varlong(long value) {
      long v = value;
      while ((v & ~0x7FL) != 0) {
        write((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      write((int) v);
    }

    void zigzag(long value) {
      varlong((value << 1) ^ (value >> 63));
    }

    void string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      varlong(b.length);
      write(b, 0, b.length);
    }

    void optString(String s) {
      if (s == null) {
        varlong(0);
      } else {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varlong(b.length + 1L);
        write(b, 0, b.length);
      }
    }

    void packs(List<PackRef> packs) {
      varlong(packs.size());
      for (PackRef p : packs) {
        string(p.id());
        string(p.key());
      }
    }

    void entries(List<FileEntry> entries) {
      varlong(entries.size());
      previousPath = new byte[0];
      for (FileEntry e : entries) {
        entry(e);
      }
    }

    private void entry(FileEntry e) {
      // Paths are written as the length shared with the previous path and the rest: a walk
      // lists siblings together, so most of a path is its predecessor's.
      byte[] path = e.path().getBytes(StandardCharsets.UTF_8);
      int shared = 0;
      int max = Math.min(path.length, previousPath.length);
      while (shared < max && path[shared] == previousPath[shared]) {
        shared++;
      }
      varlong(shared);
      varlong(path.length - shared);
      write(path, shared, path.length - shared);
      previousPath = path;
      write(e.type().ordinal());
      boolean shaBinary = e.sha256() != null && isLowerHex64(e.sha256());
      int bits =
          (e.size() != null ? SIZE : 0)
              | (e.mode() != null ? MODE : 0)
              | (e.mtime() != null ? MTIME : 0)
              | (e.inode() != null ? INODE : 0)
              | (shaBinary ? SHA_BINARY : 0)
              | (e.sha256() != null && !shaBinary ? SHA_TEXT : 0)
              | (e.link() != null ? LINK : 0)
              | (e.domain() != null ? DOMAIN : 0)
              | (e.priority() != null ? PRIORITY : 0)
              | (e.pack() != null ? PACK : 0)
              | (e.offset() != null ? OFFSET : 0)
              | (e.length() != null ? LENGTH : 0)
              | (e.skip() != null ? SKIP : 0)
              | (e.unstable() != null ? UNSTABLE : 0)
              | (e.schemaVersion() != null ? SCHEMA : 0);
      varlong(bits);
      if (e.size() != null) {
        zigzag(e.size());
      }
      if (e.mode() != null) {
        string(e.mode());
      }
      if (e.mtime() != null) {
        string(e.mtime());
      }
      if (e.inode() != null) {
        zigzag(e.inode());
      }
      if (shaBinary) {
        byte[] sha = HEX.parseHex(e.sha256());
        write(sha, 0, sha.length);
      } else if (e.sha256() != null) {
        string(e.sha256());
      }
      if (e.link() != null) {
        string(e.link());
      }
      if (e.domain() != null) {
        string(e.domain());
      }
      if (e.priority() != null) {
        write(e.priority().ordinal());
      }
      if (e.pack() != null) {
        string(e.pack());
      }
      if (e.offset() != null) {
        zigzag(e.offset());
      }
      if (e.length() != null) {
        zigzag(e.length());
      }
      if (e.skip() != null) {
        zigzag(e.skip());
      }
      if (e.unstable() != null) {
        write(e.unstable() ? 1 : 0);
      }
      if (e.schemaVersion() != null) {
        string(e.schemaVersion());
      }
    }

    private static boolean isLowerHex64(String s) {
      if (s.length() != 64) {
        return false;
      }
      for (int i = 0; i < 64; i++) {
        char c = s.charAt(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      return true;
    }
  }

  /** Reads the payload's primitives, failing on any length past its end. */
  private static final class In {
    private final byte[] b;
    private int p;
    // Modes, domains, packs and schema versions repeat across thousands of entries: one String
    // each keeps a 160,000-entry parent small in memory.
    private final Map<String, String> shared = new HashMap<>();

    In(byte[] bytes) {
      this.b = bytes;
    }

    private void need(long n) throws DamagedException {
      if (n < 0 || n > b.length - p) {
        throw new DamagedException("is damaged: a field runs past the end of its payload");
      }
    }

    int u8() throws DamagedException {
      need(1);
      return b[p++] & 0xFF;
    }

    long varlong() throws DamagedException {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int x = u8();
        value |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return value;
        }
      }
      throw new DamagedException("is damaged: a number is too long");
    }

    long zigzag() throws DamagedException {
      long v = varlong();
      return (v >>> 1) ^ -(v & 1);
    }

    int count() throws DamagedException {
      long n = varlong();
      if (n < 0 || n > b.length) {
        throw new DamagedException("is damaged: a count of " + n + " exceeds its payload");
      }
      return (int) n;
    }

    String string() throws DamagedException {
      int n = count();
      need(n);
      String s = new String(b, p, n, StandardCharsets.UTF_8);
      p += n;
      return s;
    }

    String sharedString() throws DamagedException {
      String s = string();
      String known = shared.putIfAbsent(s, s);
      return known == null ? s : known;
    }

    String optString() throws DamagedException {
      long n = varlong();
      if (n == 0) {
        return null;
      }
      need(n - 1);
      String s = new String(b, p, (int) (n - 1), StandardCharsets.UTF_8);
      p += (int) (n - 1);
      return s;
    }

    List<PackRef> packs() throws DamagedException {
      int n = count();
      List<PackRef> packs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        packs.add(new PackRef(sharedString(), string()));
      }
      return packs;
    }

    List<FileEntry> entries() throws DamagedException {
      int n = count();
      List<FileEntry> entries = new ArrayList<>(n);
      byte[] previous = new byte[0];
      int previousLength = 0;
      for (int i = 0; i < n; i++) {
        int sharedLength = count();
        int rest = count();
        if (sharedLength > previousLength) {
          throw new DamagedException("is damaged: a path shares more than its predecessor has");
        }
        need(rest);
        int length = sharedLength + rest;
        if (previous.length < length) {
          previous = Arrays.copyOf(previous, Math.max(length, previous.length * 2));
        }
        System.arraycopy(b, p, previous, sharedLength, rest);
        p += rest;
        previousLength = length;
        String path = new String(previous, 0, length, StandardCharsets.UTF_8);
        int type = u8();
        if (type >= EntryType.values().length) {
          throw new DamagedException("is damaged: unknown entry type " + type);
        }
        long bits = varlong();
        if ((bits & ~KNOWN_BITS) != 0) {
          throw new DamagedException("is damaged: unknown field bits " + bits);
        }
        Long size = (bits & SIZE) != 0 ? zigzag() : null;
        String mode = (bits & MODE) != 0 ? sharedString() : null;
        String mtime = (bits & MTIME) != 0 ? string() : null;
        Long inode = (bits & INODE) != 0 ? zigzag() : null;
        String sha = null;
        if ((bits & SHA_BINARY) != 0) {
          need(32);
          sha = HEX.formatHex(b, p, p + 32);
          p += 32;
        } else if ((bits & SHA_TEXT) != 0) {
          sha = string();
        }
        String link = (bits & LINK) != 0 ? string() : null;
        String domain = (bits & DOMAIN) != 0 ? sharedString() : null;
        SourcePriority priority = null;
        if ((bits & PRIORITY) != 0) {
          int ordinal = u8();
          if (ordinal >= SourcePriority.values().length) {
            throw new DamagedException("is damaged: unknown priority " + ordinal);
          }
          priority = SourcePriority.values()[ordinal];
        }
        String pack = (bits & PACK) != 0 ? sharedString() : null;
        Long offset = (bits & OFFSET) != 0 ? zigzag() : null;
        Long len = (bits & LENGTH) != 0 ? zigzag() : null;
        Long skip = (bits & SKIP) != 0 ? zigzag() : null;
        Boolean unstable = null;
        if ((bits & UNSTABLE) != 0) {
          int flag = u8();
          if (flag > 1) {
            throw new DamagedException("is damaged: a flag is " + flag);
          }
          unstable = flag == 1;
        }
        String schema = (bits & SCHEMA) != 0 ? sharedString() : null;
        entries.add(
            new FileEntry(
                path,
                EntryType.values()[type],
                size,
                mode,
                mtime,
                inode,
                sha,
                link,
                domain,
                priority,
                pack,
                offset,
                len,
                skip,
                unstable,
                schema));
      }
      return entries;
    }

    void end() throws DamagedException {
      if (p != b.length) {
        throw new DamagedException("is damaged: " + (b.length - p) + " bytes follow its payload");
      }
    }
  }
}
