package dev.bulwark.targets;

import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;

/** The target contract on the engine's local directory target. */
class LocalTargetContractTest extends TargetContractTest {
  @TempDir Path temp;
  private int targets;

  @Override
  protected Target newTarget() throws Exception {
    return new LocalTarget(temp.resolve("repo-" + ++targets));
  }

  @Override
  protected List<String> incompleteWrites(Target target) throws Exception {
    Path partial = ((LocalTarget) target).root().resolve(".bulwark-partial");
    if (!Files.isDirectory(partial)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(partial)) {
      return files.filter(Files::isRegularFile).map(p -> partial.relativize(p).toString()).toList();
    }
  }

  @Override
  protected Optional<Target> unavailableTarget(Outage outage) throws Exception {
    if (outage != Outage.STOPPED) {
      return Optional.empty();
    }
    // An unmounted volume: the directory the target was opened on is gone, a file in its place.
    Path root = temp.resolve("unmounted");
    LocalTarget local = new LocalTarget(root);
    Files.delete(root);
    Files.writeString(root, "not a directory");
    return Optional.of(local);
  }

  @Override
  protected String locationName() {
    return temp.resolve("unmounted").toString();
  }
}
