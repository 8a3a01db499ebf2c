package dev.bulwark.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fails the build when {@code crd-schemas/} differs from what the model generates, so the CRDs on a
 * cluster never drift from the Java model. With {@code -Dbulwark.regenerateCrds=true} it rewrites
 * the committed files instead.
 */
class CommittedCrdsAreCurrentTest {
  static final Path COMMITTED = Path.of("../../crd-schemas").toAbsolutePath().normalize();

  @Test
  void committedCrdsMatchTheModel(@TempDir Path fresh) throws IOException {
    if (Boolean.getBoolean("bulwark.regenerateCrds")) {
      try (Stream<Path> old = Files.list(COMMITTED)) {
        for (Path file : old.filter(f -> f.toString().endsWith(".yml")).toList()) {
          Files.delete(file);
        }
      }
      CrdGeneration.generateInto(COMMITTED);
    }
    CrdGeneration.generateInto(fresh);

    List<String> expected = names(fresh);
    assertThat(names(COMMITTED))
        .as(
            "CRD files in %s (regenerate: mvn -pl operator/api -am test -Dbulwark.regenerateCrds=true)",
            COMMITTED)
        .containsExactlyElementsOf(expected);
    for (String name : expected) {
      assertThat(Files.readString(COMMITTED.resolve(name)))
          .as(
              "%s is stale: the model changed; regenerate with "
                  + "mvn -pl operator/api -am test -Dbulwark.regenerateCrds=true and commit it",
              name)
          .isEqualTo(Files.readString(fresh.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList();
    }
  }
}
