package dev.bulwark.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** The versions recorded in every manifest's {@code tool_versions}. */
public final class EngineVersion {
  private static final Properties VERSIONS = load();

  private EngineVersion() {}

  /** This engine's version (the bulwark release). */
  public static String bulwark() {
    return VERSIONS.getProperty("bulwark", "unknown");
  }

  /** The tool versions a manifest records: bulwark, zstd-jni, java and the format version. */
  public static Map<String, String> toolVersions() {
    Map<String, String> versions = new TreeMap<>();
    versions.put("bulwark", bulwark());
    versions.put("zstd-jni", VERSIONS.getProperty("zstd-jni", "unknown"));
    versions.put("java", System.getProperty("java.version"));
    return versions;
  }

  /** The major version number of a bulwark version string, or -1 when it has none. */
  public static int major(String version) {
    if (version == null) {
      return -1;
    }
    int end = 0;
    while (end < version.length() && Character.isDigit(version.charAt(end))) {
      end++;
    }
    return end == 0 ? -1 : Integer.parseInt(version.substring(0, end));
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = EngineVersion.class.getResourceAsStream("engine-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // Versions are informative; "unknown" is recorded instead.
    }
    return p;
  }
}
