package dev.bulwark.engine;

import java.util.List;

/**
 * A restore did not start because files it would restore declare schema versions their readers
 * cannot read (outside N-1..N of the domain's readers; docs/format.md, "Schema versions"). Nothing
 * was written.
 */
public class SchemaVersionsRefusedException extends RestoreRefusedException {
  private static final long serialVersionUID = 1L;

  public SchemaVersionsRefusedException(String snapshot, List<String> problems) {
    super(
        "snapshot " + snapshot,
        "holds objects whose schema_version the readers cannot read",
        problems);
  }
}
