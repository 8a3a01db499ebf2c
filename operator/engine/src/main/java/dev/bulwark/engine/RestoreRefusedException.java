package dev.bulwark.engine;

import java.util.List;

/**
 * A restore did not start because a pre-check failed: unsafe paths in the manifest, existing files
 * without force, too little free space, an unwritable destination or an incompatible version.
 * Nothing was written.
 */
public class RestoreRefusedException extends EngineException {
  private static final long serialVersionUID = 1L;

  private static final int SHOWN = 20;
  private final List<String> problems;

  public RestoreRefusedException(String destination, String summary, List<String> problems) {
    super(destination, summary + format(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, one line each. */
  public List<String> problems() {
    return problems;
  }

  private static String format(List<String> problems) {
    if (problems.isEmpty()) {
      return "";
    }
    StringBuilder s = new StringBuilder(":");
    for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
      s.append("\n  - ").append(problems.get(i));
    }
    if (problems.size() > SHOWN) {
      s.append("\n  ... and ").append(problems.size() - SHOWN).append(" more");
    }
    return s.toString();
  }
}
