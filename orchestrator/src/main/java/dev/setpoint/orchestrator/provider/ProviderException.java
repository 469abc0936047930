package dev.setpoint.orchestrator.provider;

import java.util.Objects;

/**
 * A provider step that failed, classified so the workflow knows whether to retry it. The message is
 * one line a person can act on; the cause keeps the provider's own error for {@code --debug}.
 */
public final class ProviderException extends RuntimeException {

  /** What kind of failure, which decides whether a retry can help. */
  public enum Kind {
    /** Throttling, timeouts, a service briefly unavailable: retried. */
    TRANSIENT(true),
    /**
     * The definition asks for something the target refuses (a bad value, an immutable field, an
     * unmanaged resource without {@code adopt}): a person must change Git, so it is never retried.
     */
    INVALID(false),
    /**
     * Someone else changed the resource at the same moment (an optimistic-lock conflict, an
     * operation already in progress): retried.
     */
    CONFLICT(true),
    /**
     * Something the step needs is not there. Retried, because right after a dependency is created
     * an eventually consistent API (EC2) may not show it yet; the retry policy bounds the wait.
     */
    NOT_FOUND(true),
    /** The credentials lack a permission: a person must grant it, so it is never retried. */
    PERMISSION(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;

  public ProviderException(Kind kind, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public static ProviderException transientFailure(String message) {
    return new ProviderException(Kind.TRANSIENT, message, null);
  }

  public static ProviderException transientFailure(String message, Throwable cause) {
    return new ProviderException(Kind.TRANSIENT, message, cause);
  }

  public static ProviderException invalid(String message) {
    return new ProviderException(Kind.INVALID, message, null);
  }

  public static ProviderException invalid(String message, Throwable cause) {
    return new ProviderException(Kind.INVALID, message, cause);
  }

  public static ProviderException conflict(String message) {
    return new ProviderException(Kind.CONFLICT, message, null);
  }

  public static ProviderException conflict(String message, Throwable cause) {
    return new ProviderException(Kind.CONFLICT, message, cause);
  }

  public static ProviderException notFound(String message) {
    return new ProviderException(Kind.NOT_FOUND, message, null);
  }

  public static ProviderException notFound(String message, Throwable cause) {
    return new ProviderException(Kind.NOT_FOUND, message, cause);
  }

  public static ProviderException permission(String message) {
    return new ProviderException(Kind.PERMISSION, message, null);
  }

  public static ProviderException permission(String message, Throwable cause) {
    return new ProviderException(Kind.PERMISSION, message, cause);
  }

  public Kind kind() {
    return kind;
  }

  /** Whether trying the same step again may succeed without anyone changing anything. */
  public boolean retryable() {
    return kind.retryable();
  }

  /** Folds line breaks into spaces, so the message stays one line in logs and the Temporal UI. */
  private static String oneLine(String message) {
    if (message == null || message.isBlank()) {
      throw new IllegalArgumentException("a provider failure says what failed and why");
    }
    return message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
