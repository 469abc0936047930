package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.Diagnostic.Severity;
import dev.setpoint.orchestrator.model.SourceLocation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every finding of one load, so that all of them are reported in one pass. */
public final class Diagnostics {

  private static final Comparator<Diagnostic> BY_PLACE =
      Comparator.comparing(
              (Diagnostic d) -> d.location() == null ? "" : d.location().path(),
              Comparator.naturalOrder())
          .thenComparingInt(d -> d.location() == null ? 0 : d.location().line())
          .thenComparingInt(d -> d.location() == null ? 0 : d.location().column());

  private final List<Diagnostic> found = new ArrayList<>();
  private int errors;

  public void error(SourceLocation location, String message) {
    found.add(new Diagnostic(Severity.ERROR, location, message));
    errors++;
  }

  public void warning(SourceLocation location, String message) {
    found.add(new Diagnostic(Severity.WARNING, location, message));
  }

  public boolean hasErrors() {
    return errors > 0;
  }

  public int errorCount() {
    return errors;
  }

  /** Every finding, ordered by file, line and column. */
  public List<Diagnostic> all() {
    return found.stream().sorted(BY_PLACE).toList();
  }

  public List<Diagnostic> errors() {
    return all().stream().filter(d -> d.severity() == Severity.ERROR).toList();
  }
}
