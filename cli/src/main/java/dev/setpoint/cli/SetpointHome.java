package dev.setpoint.cli;

import java.nio.file.Path;

/**
 * {@code SETPOINT_HOME}: caches and working directories, {@code ~/.setpoint} by default. The system
 * property {@code setpoint.home} wins, for tests and for embedding.
 */
final class SetpointHome {

  private SetpointHome() {}

  static Path directory() {
    String configured = System.getProperty("setpoint.home", System.getenv("SETPOINT_HOME"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    return Path.of(System.getProperty("user.home"), ".setpoint");
  }
}
