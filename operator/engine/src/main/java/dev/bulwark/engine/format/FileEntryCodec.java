package dev.bulwark.engine.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Hand-written JSON codec for {@link FileEntry}: a manifest holds one per file (tens of thousands),
 * and streaming them directly is several times faster than reflective binding.
 */
final class FileEntryCodec {
  private FileEntryCodec() {}

  /** Writes a {@link FileEntry}, omitting absent fields. */
  static final class Serializer extends JsonSerializer<FileEntry> {
    @Override
    public void serialize(FileEntry e, JsonGenerator g, SerializerProvider provider)
        throws IOException {
      g.writeStartObject();
      g.writeStringField("path", e.path());
      g.writeStringField("type", typeName(e.type()));
      if (e.size() != null) {
        g.writeNumberField("size", e.size());
      }
      writeString(g, "mode", e.mode());
      writeString(g, "mtime", e.mtime());
      if (e.inode() != null) {
        g.writeNumberField("inode", e.inode());
      }
      writeString(g, "sha256", e.sha256());
      writeString(g, "link", e.link());
      writeString(g, "domain", e.domain());
      if (e.priority() != null) {
        g.writeStringField("priority", e.priority().name());
      }
      writeString(g, "pack", e.pack());
      if (e.offset() != null) {
        g.writeNumberField("offset", e.offset());
      }
      if (e.length() != null) {
        g.writeNumberField("length", e.length());
      }
      if (e.skip() != null) {
        g.writeNumberField("skip", e.skip());
      }
      if (e.unstable() != null) {
        g.writeBooleanField("unstable", e.unstable());
      }
      writeString(g, "schema_version", e.schemaVersion());
      g.writeEndObject();
    }

    private static void writeString(JsonGenerator g, String name, String value) throws IOException {
      if (value != null) {
        g.writeStringField(name, value);
      }
    }
  }

  /** Reads a {@link FileEntry}; unknown fields are skipped (additive format changes). */
  static final class Deserializer extends JsonDeserializer<FileEntry> {
    @Override
    public FileEntry deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_OBJECT) {
        return (FileEntry) ctx.handleUnexpectedToken(FileEntry.class, p);
      }
      String path = null, mode = null, mtime = null, sha256 = null, link = null, domain = null;
      String pack = null;
      EntryType type = null;
      SourcePriority priority = null;
      Long size = null, inode = null, offset = null, length = null, skip = null;
      Boolean unstable = null;
      String schemaVersion = null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
          case "path" -> path = p.getText();
          case "type" -> type = parseType(p.getText(), ctx, p);
          case "size" -> size = p.getLongValue();
          case "mode" -> mode = p.getText();
          case "mtime" -> mtime = p.getText();
          case "inode" -> inode = p.getLongValue();
          case "sha256" -> sha256 = p.getText();
          case "link" -> link = p.getText();
          case "domain" -> domain = p.getText();
          case "priority" -> priority = parsePriority(p.getText(), ctx, p);
          case "pack" -> pack = p.getText();
          case "offset" -> offset = p.getLongValue();
          case "length" -> length = p.getLongValue();
          case "skip" -> skip = p.getLongValue();
          case "unstable" -> unstable = p.getBooleanValue();
          case "schema_version" -> schemaVersion = p.getText();
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return (FileEntry) ctx.handleUnexpectedToken(FileEntry.class, p);
      }
      if (path == null || type == null) {
        ctx.reportInputMismatch(FileEntry.class, "a file entry needs path and type");
      }
      return new FileEntry(
          path,
          type,
          size,
          mode,
          mtime,
          inode,
          sha256,
          link,
          domain,
          priority,
          pack,
          offset,
          length,
          skip,
          unstable,
          schemaVersion);
    }

    private static EntryType parseType(String text, DeserializationContext ctx, JsonParser p)
        throws IOException {
      return switch (text) {
        case "file" -> EntryType.FILE;
        case "dir" -> EntryType.DIRECTORY;
        case "symlink" -> EntryType.SYMLINK;
        default -> {
          ctx.reportInputMismatch(FileEntry.class, "unknown entry type '%s'", text);
          yield null;
        }
      };
    }

    private static SourcePriority parsePriority(
        String text, DeserializationContext ctx, JsonParser p) throws IOException {
      try {
        return SourcePriority.valueOf(text);
      } catch (IllegalArgumentException e) {
        ctx.reportInputMismatch(FileEntry.class, "unknown priority '%s'", text);
        return null;
      }
    }
  }

  static String typeName(EntryType type) {
    return switch (type) {
      case FILE -> "file";
      case DIRECTORY -> "dir";
      case SYMLINK -> "symlink";
    };
  }
}
