package dev.setpoint.cli;

import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.report.ExitCodes;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code setpoint validate ENV}: every check of SPEC §1, nothing touched. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Parse the environment definition at a commit, resolve its includes and check everything"
          + " (fields, types, names, references, dependencies, paths) without touching any"
          + " target. Prints every error as PATH:LINE:COLUMN: error: MESSAGE.",
      "Exit codes: 0 valid, 1 invalid."
    })
final class ValidateCommand implements Callable<Integer> {

  @ParentCommand SetpointCommand parent;

  @Mixin EnvironmentOptions environment = new EnvironmentOptions();

  @Option(
      names = "--working-tree",
      description = "Read the files as they are on disk instead of from the commit.")
  boolean workingTree;

  @Override
  public Integer call() {
    PrintWriter out = parent.out();
    PrintWriter err = parent.err();
    try (EnvironmentOptions.Opened opened = environment.open(workingTree)) {
      LoadResult result = opened.loadAndReport(err, "");
      if (!result.valid()) {
        return ExitCodes.ERROR;
      }
      EnvironmentDefinition definition = result.definition().orElseThrow();
      out.println(
          "valid: environment \""
              + definition.name()
              + "\" ("
              + opened.describe()
              + "): "
              + definition.resources().size()
              + " resources, "
              + definition.resources().stream().map(r -> r.provider()).distinct().count()
              + " providers");
      return ExitCodes.SUCCESS;
    }
  }
}
