package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.Diagnostic.Severity;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import java.util.List;
import java.util.Optional;

/**
 * What loading an environment gave: the definition when it is valid, and every finding.
 *
 * @param file the environment file, repository-relative
 * @param sourcePaths every file and folder the definition reads (itself, includes, manifest
 *     folders, modules, playbooks), repository-relative, so callers can warn about uncommitted
 *     changes in them
 */
public record LoadResult(
    String file,
    EnvironmentDefinition definitionOrNull,
    List<Diagnostic> diagnostics,
    List<String> sourcePaths) {

  public LoadResult {
    diagnostics = List.copyOf(diagnostics);
    sourcePaths = List.copyOf(sourcePaths);
  }

  public boolean valid() {
    return definitionOrNull != null;
  }

  public Optional<EnvironmentDefinition> definition() {
    return Optional.ofNullable(definitionOrNull);
  }

  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).toList();
  }
}
