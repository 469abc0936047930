package dev.setpoint.orchestrator.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for names: the closest known name within a small edit distance. */
public final class Suggestions {

  private Suggestions() {}

  public static Optional<String> closest(String wanted, Collection<String> known) {
    String best = null;
    int allowed = Math.max(2, wanted.length() / 3);
    int bestDistance = allowed + 1;
    String target = wanted.toLowerCase(Locale.ROOT);
    for (String candidate : known) {
      if (Math.abs(candidate.length() - wanted.length()) >= bestDistance) {
        continue; // cannot be closer: the length difference alone costs that many edits
      }
      int distance = distance(target, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code " (did you mean \"x\"?)"}, or nothing. */
  public static String didYouMean(String wanted, Collection<String> known) {
    return closest(wanted, known).map(name -> " (did you mean \"" + name + "\"?)").orElse("");
  }

  /** Levenshtein distance, with adjacent transpositions counted as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
