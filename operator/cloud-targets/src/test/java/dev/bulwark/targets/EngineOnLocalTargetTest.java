package dev.bulwark.targets;

import dev.bulwark.engine.target.LocalTarget;
import dev.bulwark.engine.target.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The engine's round trips on the local directory target. */
class EngineOnLocalTargetTest extends EngineOnTargetContractTest {
  private Path root;

  @Override
  protected Target newTarget() throws Exception {
    root = temp.resolve("repository");
    return new LocalTarget(root);
  }

  @Override
  protected Target reopen() throws Exception {
    return new LocalTarget(root);
  }

  @Override
  protected Map<String, byte[]> storedObjects() throws Exception {
    Map<String, byte[]> objects = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        objects.put(root.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return objects;
  }

  @Override
  protected void overwriteStoredObject(String key, byte[] content) throws Exception {
    Path file = ((LocalTarget) target).pathOf(key);
    file.toFile().setWritable(true, true);
    Files.write(file, content);
  }

  @Override
  protected List<String> incompleteWrites() throws Exception {
    Path partial = root.resolve(".bulwark-partial");
    if (!Files.isDirectory(partial)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(partial)) {
      return files.filter(Files::isRegularFile).map(p -> partial.relativize(p).toString()).toList();
    }
  }
}
