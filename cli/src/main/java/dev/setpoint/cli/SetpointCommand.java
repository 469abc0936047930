package dev.setpoint.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command: only subcommands do work. */
@Command(
    name = "setpoint",
    mixinStandardHelpOptions = true,
    versionProvider = SetpointCommand.Version.class,
    description = {
      "GitOps orchestrator for whole environments: reads an environment definition from a Git"
          + " commit and drives AWS, Terraform, Ansible and Kubernetes to it, in dependency order."
    },
    subcommands = {
      ValidateCommand.class,
      PlanCommand.class,
      ApplyCommand.class,
      ApproveCommand.class,
      DriftCommand.class,
      DestroyCommand.class,
      RollbackCommand.class,
      ControllerCommand.class,
      WorkerCommand.class,
      SandboxCommand.class,
      DoctorCommand.class
    },
    usageHelpAutoWidth = true)
public final class SetpointCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces and library logs for errors.")
  boolean debug;

  private final PrintWriter out;
  private final PrintWriter err;

  SetpointCommand(PrintWriter out, PrintWriter err) {
    this.out = out;
    this.err = err;
  }

  PrintWriter out() {
    return out;
  }

  PrintWriter err() {
    return err;
  }

  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  /** The version the build wrote into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in =
          SetpointCommand.class.getResourceAsStream("/setpoint-version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {
        "setpoint " + properties.getProperty("version", "unknown"),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
