package dev.bulwark.manifests;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which files of a directory tree are manifests: {@code *.yaml} and {@code *.yml}, hidden files and
 * directories ({@code .git}, editor swap files) skipped, in sorted order so every run reads the
 * same sequence.
 */
final class ManifestFiles {
  private ManifestFiles() {}

  /**
   * The manifests under {@code root}, sorted; a directory that cannot be listed becomes an
   * unreadable document in {@code problems} rather than a silent gap.
   */
  static List<Path> under(Path root, List<ManifestDocument> problems) {
    List<Path> files = new ArrayList<>();
    try {
      // Links are followed (a mounted or linked policies folder is common); the walk detects
      // cycles and reports them to visitFileFailed, where they are skipped.
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && isHidden(dir)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              // Symlinked files count: Kubernetes ConfigMap volumes are made of them.
              if (!isHidden(file) && isManifestName(file) && Files.isRegularFile(file)) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              if (e instanceof FileSystemLoopException || e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE; // a link cycle, or deleted while walking
              }
              problems.add(
                  new ManifestDocument(
                      file,
                      1,
                      1,
                      ManifestDocument.Outcome.UNREADABLE,
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      List.of(
                          ManifestProblem.error(
                              "yaml", 1, "cannot be listed: " + ManifestReader.reason(e))),
                      FieldLocator.fixed(1),
                      "",
                      ""));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot list " + root + ": " + ManifestReader.reason(e), e);
    }
    files.sort(null);
    return files;
  }

  private static boolean isHidden(Path path) {
    Path name = path.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  private static boolean isManifestName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }
}
