package dev.bulwark.engine.restore;

import dev.bulwark.engine.crypto.FrameCipher;
import dev.bulwark.engine.format.FileEntry;
import dev.bulwark.engine.pack.CorruptFrameException;
import dev.bulwark.engine.pack.FrameDecoder;
import dev.bulwark.engine.pack.PackReader;
import dev.bulwark.engine.progress.ProgressTracker;
import dev.bulwark.engine.target.Target;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Restores the files of one pack range: one ranged read, frames decoded in order, each file's bytes
 * routed to its sink as the frames pass. A corrupt frame fails only the files whose bytes it holds;
 * reading resumes at the next file's frame. One per thread, with its own directory handles.
 */
final class PackExtractor implements AutoCloseable {
  private final Target target;
  private final FrameDecoder decoder;

  /** Null in a dry run: nothing is written. */
  private final Destination destination;

  private final DirectoryHandles handles;
  private final RestoreLedger ledger;
  private final ProgressTracker progress;

  /**
   * A destination error: it stops the whole restore (e.g. no space left on device). The message
   * names the destination path.
   */
  static final class DestinationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final String path;

    DestinationFailure(String path, String message, IOException cause) {
      super(message, cause);
      this.path = path;
    }

    /** "cannot write /dest/a/b.bin: No space left on device". */
    static DestinationFailure writing(Path destinationPath, IOException cause) {
      return new DestinationFailure(
          destinationPath.toString(),
          "cannot write " + destinationPath + ": " + Destination.reason(cause),
          cause);
    }
  }

  PackExtractor(
      Target target,
      FrameCipher cipher,
      Destination destination,
      RestoreLedger ledger,
      ProgressTracker progress) {
    this.target = target;
    this.decoder = new FrameDecoder(cipher);
    this.destination = destination;
    this.handles = destination == null ? null : destination.handles();
    this.ledger = ledger;
    this.progress = progress;
  }

  private static final class Active {
    final FileEntry entry;
    final long rawStart;
    final Destination.FileSink sink;

    Active(FileEntry entry, long rawStart, Destination.FileSink sink) {
      this.entry = entry;
      this.rawStart = rawStart;
      this.sink = sink;
    }
  }

  void extract(ExtractionRange range) {
    List<FileEntry> pending = range.files();
    int next = 0;
    while (next < pending.size()) {
      long start = pending.get(next).offset();
      List<Active> active = new ArrayList<>();
      try (InputStream raw = target.getRange(range.key(), start, range.end() - start);
          InputStream in = new BufferedInputStream(raw, 1 << 20)) {
        PackReader reader = new PackReader(in, decoder, range.packId(), start, range.end());
        while (next < pending.size() || !active.isEmpty()) {
          if (active.isEmpty() && pending.get(next).offset() > reader.offset()) {
            reader.skipTo(pending.get(next).offset());
          }
          long frameOffset = reader.offset();
          PackReader.PlacedFrame frame;
          try {
            frame = reader.next();
          } catch (CorruptFrameException e) {
            String reason =
                "pack "
                    + range.key()
                    + " is corrupt at byte "
                    + frameOffset
                    + ": "
                    + e.getMessage();
            failAll(active, reason);
            active.clear();
            while (next < pending.size() && pending.get(next).offset() <= frameOffset) {
              fail(pending.get(next++), reason);
            }
            break;
          }
          if (frame == null) {
            break;
          }
          progress.transferred(reader.offset() - frameOffset);
          while (next < pending.size() && pending.get(next).offset() < frame.offset()) {
            fail(
                pending.get(next++),
                "the manifest's offset is not the start of a frame in " + range.key());
          }
          while (next < pending.size() && pending.get(next).offset() == frame.offset()) {
            FileEntry e = pending.get(next++);
            Destination.FileSink sink = openSink(e);
            if (sink != null) {
              active.add(new Active(e, frame.rawStart() + e.skip(), sink));
            }
          }
          route(frame, active, reader.offset(), range.key());
        }
        String reason = "pack " + range.key() + " ended before the file's data did";
        failAll(active, reason);
        active.clear();
      } catch (IOException e) {
        String reason = "cannot read pack " + range.key() + ": " + e.getMessage();
        failAll(active, reason);
        while (next < pending.size()) {
          fail(pending.get(next++), reason);
        }
      }
    }
  }

  /** The file's sink, or null when the file is refused because its directory changed. */
  private Destination.FileSink openSink(FileEntry e) {
    if (ledger.decided(e.path())) {
      return null; // refused while its directory was prepared
    }
    if (destination == null) {
      return Destination.hashOnly(e);
    }
    try {
      return destination.open(e, handles);
    } catch (DestinationChangedException ex) {
      ledger.refused(e.path(), ex.getMessage());
      progress.advance(1, 0);
      return null;
    } catch (IOException ex) {
      throw DestinationFailure.writing(destination.pathOf(e.path()), ex);
    }
  }

  private void route(PackReader.PlacedFrame frame, List<Active> active, long frameEnd, String key) {
    long frameRawStart = frame.rawStart();
    long frameRawEnd = frameRawStart + frame.rawLength();
    Iterator<Active> it = active.iterator();
    while (it.hasNext()) {
      Active a = it.next();
      long size = a.entry.sizeOrZero();
      long from = Math.max(a.rawStart + a.sink.written(), frameRawStart);
      long to = Math.min(a.rawStart + size, frameRawEnd);
      try {
        if (to > from) {
          a.sink.write(frame.raw(), (int) (from - frameRawStart), (int) (to - from));
        }
      } catch (IOException e) {
        it.remove();
        a.sink.discard();
        ledger.failed(
            a.entry.path(),
            "cannot write " + a.sink.destinationPath() + ": " + Destination.reason(e));
        failAll(active, "the restore stopped while this file was written");
        active.clear();
        throw DestinationFailure.writing(a.sink.destinationPath(), e);
      }
      if (a.sink.written() == size) {
        it.remove();
        finish(a, key);
        progress.advance(1, size);
      } else if (frameEnd >= a.entry.offset() + a.entry.length()) {
        it.remove();
        a.sink.discard();
        ledger.failed(a.entry.path(), "data runs past the frames the manifest names in " + key);
      }
    }
  }

  private void finish(Active a, String key) {
    try {
      String problem = a.sink.finish();
      if (problem == null) {
        ledger.restored(a.entry.path());
      } else {
        ledger.failed(a.entry.path(), problem + " (pack " + key + ")");
      }
    } catch (DestinationChangedException e) {
      ledger.refused(a.entry.path(), e.getMessage());
    } catch (IOException e) {
      ledger.failed(
          a.entry.path(),
          "cannot put " + a.sink.destinationPath() + " in place: " + Destination.reason(e));
    }
  }

  private void failAll(List<Active> active, String reason) {
    for (Active a : active) {
      a.sink.discard();
      ledger.failed(a.entry.path(), reason);
    }
  }

  private void fail(FileEntry e, String reason) {
    ledger.failed(e.path(), reason);
  }

  @Override
  public void close() {
    decoder.close();
    if (handles != null) {
      handles.close();
    }
  }
}
