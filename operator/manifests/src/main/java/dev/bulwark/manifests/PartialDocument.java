package dev.bulwark.manifests;

import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * What can still be learnt about a document with a YAML syntax error: its first line and the {@code
 * apiVersion}, {@code kind} and {@code metadata.name} that appear before the error. Lets the
 * runtime attach the syntax error to the resource the author was editing, even one it never saw.
 *
 * @param line 1-based line where the document starts (0 when the document was never reached)
 * @param apiVersion top-level apiVersion, or null
 * @param kind top-level kind, or null
 * @param name metadata.name, or null
 */
record PartialDocument(int line, String apiVersion, String kind, String name) {

  /**
   * Replays the parser's events up to the error and keeps what it saw of document {@code index}.
   */
  static PartialDocument scan(Reader text, int index, LoaderOptions options) {
    Parser parser = new ParserImpl(new StreamReader(text), options);
    Walker walker = new Walker(index);
    try {
      while (parser.peekEvent() != null && !parser.checkEvent(Event.ID.StreamEnd)) {
        walker.accept(parser.getEvent());
        if (walker.documents > index) {
          break;
        }
      }
    } catch (YAMLException e) {
      // Expected: the document is broken somewhere; keep what was seen before.
    }
    return new PartialDocument(walker.line, walker.apiVersion, walker.kind, walker.name);
  }

  /** Tracks the key path of each event inside the document of interest. */
  private static final class Walker {
    private final int index;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private int documents;
    private int line;
    private boolean rootSeen;
    private String apiVersion;
    private String kind;
    private String name;

    Walker(int index) {
      this.index = index;
    }

    void accept(Event event) {
      if (event instanceof DocumentStartEvent) {
        documents++;
        frames.clear();
        if (documents == index) {
          line = event.getStartMark().getLine() + 1;
          rootSeen = false;
        }
        return;
      }
      if (documents != index) {
        return;
      }
      if (event instanceof ScalarEvent scalar) {
        Frame top = frames.peek();
        if (top != null && top.mapping && top.expectingKey) {
          top.key = scalar.getValue();
          top.expectingKey = false;
          return;
        }
        record(scalar.getValue());
        valueDone();
      } else if (event instanceof AliasEvent) {
        valueDone();
      } else if (event instanceof MappingStartEvent || event instanceof SequenceStartEvent) {
        if (frames.isEmpty() && !rootSeen) {
          // The root collection's line, as for documents that compose: an explicit "---" may be
          // above.
          line = event.getStartMark().getLine() + 1;
          rootSeen = true;
        }
        frames.push(new Frame(event instanceof MappingStartEvent));
      } else if (event.is(Event.ID.MappingEnd) || event.is(Event.ID.SequenceEnd)) {
        frames.pop();
        valueDone();
      }
    }

    private void record(String value) {
      List<String> path = frames.stream().map(f -> f.key).toList();
      if (path.size() == 1 && "apiVersion".equals(path.get(0))) {
        apiVersion = value;
      } else if (path.size() == 1 && "kind".equals(path.get(0))) {
        kind = value;
      } else if (path.size() == 2 && "name".equals(path.get(0)) && "metadata".equals(path.get(1))) {
        name = value;
      }
    }

    private void valueDone() {
      Frame top = frames.peek();
      if (top != null && top.mapping) {
        top.expectingKey = true;
      }
    }
  }

  /** One open mapping or sequence; {@code key} is the key whose value is being read. */
  private static final class Frame {
    final boolean mapping;
    boolean expectingKey;
    String key;

    Frame(boolean mapping) {
      this.mapping = mapping;
      this.expectingKey = mapping;
    }
  }
}
