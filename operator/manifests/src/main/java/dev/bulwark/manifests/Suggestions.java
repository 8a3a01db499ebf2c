package dev.bulwark.manifests;

/** "Did you mean" matching for misspelt field and kind names (Levenshtein distance). */
final class Suggestions {
  private Suggestions() {}

  /** True when {@code candidate} is plausibly what the author meant by {@code typed}. */
  static boolean isCloseTo(String typed, String candidate) {
    int distance = distance(typed.toLowerCase(), candidate.toLowerCase());
    return distance <= Math.max(1, Math.min(typed.length(), candidate.length()) / 3);
  }

  /** Edit distance between two strings. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
