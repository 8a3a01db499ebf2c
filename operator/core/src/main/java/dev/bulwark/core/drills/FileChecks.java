package dev.bulwark.core.drills;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The content validators of restored files: every {@code *.json} must be exactly one JSON value,
 * every {@code *.csv} strict RFC 4180 CSV. Files are streamed, never held in memory whole, and
 * symlinks are not followed. Failures name the file by its archive path (relative to the sandbox).
 */
final class FileChecks {
  private static final JsonFactory JSON = new JsonFactory();

  private FileChecks() {}

  /** Parses every restored JSON file; returns how many passed. */
  static int json(Path sandbox) throws DrillFailure {
    int checked = 0;
    for (Path file : filesEndingWith(sandbox, ".json")) {
      try (JsonParser parser = JSON.createParser(file.toFile())) {
        if (parser.nextToken() == null) {
          throw invalid(sandbox, file, "JSON", "the file is empty");
        }
        parser.skipChildren();
        if (parser.nextToken() != null) {
          throw invalid(
              sandbox,
              file,
              "JSON",
              "more than one JSON value (line " + parser.currentLocation().getLineNr() + ")");
        }
      } catch (JsonProcessingException e) {
        throw invalid(
            sandbox,
            file,
            "JSON",
            e.getOriginalMessage()
                + " at line "
                + e.getLocation().getLineNr()
                + ", column "
                + e.getLocation().getColumnNr());
      } catch (IOException e) {
        throw unreadable(sandbox, file, e);
      }
      checked++;
    }
    return checked;
  }

  /** Parses every restored CSV file; returns how many passed. */
  static int csv(Path sandbox) throws DrillFailure {
    int checked = 0;
    for (Path file : filesEndingWith(sandbox, ".csv")) {
      try (BufferedReader in =
          new BufferedReader(
              new InputStreamReader(
                  Files.newInputStream(file),
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT)))) {
        CsvCheck.check(in);
      } catch (CsvCheck.CsvProblem e) {
        throw invalid(sandbox, file, "CSV", e.getMessage());
      } catch (java.nio.charset.CharacterCodingException e) {
        throw invalid(sandbox, file, "CSV", "bytes that are not UTF-8");
      } catch (IOException e) {
        throw unreadable(sandbox, file, e);
      }
      checked++;
    }
    return checked;
  }

  private static List<Path> filesEndingWith(Path sandbox, String suffix) throws DrillFailure {
    try (Stream<Path> walk = Files.walk(sandbox)) {
      return walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(suffix))
          .sorted()
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new DrillFailure(
          "cannot list the sandbox " + sandbox + ": " + e.getMessage(),
          "check the sandbox's file system and permissions");
    }
  }

  private static DrillFailure invalid(Path sandbox, Path file, String format, String why) {
    String name = sandbox.relativize(file).toString();
    return new DrillFailure(
        "restored file " + name + " is not valid " + format + ": " + why,
        "the backup holds the file exactly as it was read (its sha256 matched), so it was already broken at the"
            + " source: fix or replace "
            + name
            + " there and take a new backup, or restore an older snapshot"
            + " of it");
  }

  private static DrillFailure unreadable(Path sandbox, Path file, IOException e) {
    return new DrillFailure(
        "restored file " + sandbox.relativize(file) + " cannot be read: " + e.getMessage(),
        "check the sandbox's file system and permissions");
  }
}
