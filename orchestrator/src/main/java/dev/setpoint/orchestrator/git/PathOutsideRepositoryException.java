package dev.setpoint.orchestrator.git;

/** A path, or a symbolic link on its way, that leads out of the repository. */
public final class PathOutsideRepositoryException extends RuntimeException {

  public PathOutsideRepositoryException(String message) {
    super(message);
  }
}
