package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.provider.ProviderException;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into {@link ProviderException}s of the right kind, with one-line messages. */
final class AwsErrors {

  private AwsErrors() {}

  /** Runs {@code call}, classifying any SDK failure; {@code what} names the step and resource. */
  static <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw classify(what, e);
    }
  }

  static void run(String what, Runnable call) {
    call(
        what,
        () -> {
          call.run();
          return null;
        });
  }

  /** The error code of a service failure, or null. */
  static String code(SdkException e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return null;
  }

  static ProviderException classify(String what, SdkException e) {
    if (e instanceof AwsServiceException service) {
      String code = code(e);
      String detail =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
      String message =
          what
              + ": "
              + (code == null ? "HTTP " + service.statusCode() : code)
              + (detail == null || detail.isBlank() ? "" : " (" + detail + ")");
      return new ProviderException(kind(code, service.statusCode()), message, e);
    }
    if (e instanceof SdkClientException) {
      String message = String.valueOf(e.getMessage());
      if (message.contains("Unable to load credentials")) {
        return ProviderException.permission(
            what
                + ": no AWS credentials on this worker: set AWS_PROFILE, or AWS_ACCESS_KEY_ID and"
                + " AWS_SECRET_ACCESS_KEY (for moto, AWS_ENDPOINT_URL and any test keys)",
            e);
      }
      if (message.contains("Unable to load region")) {
        return ProviderException.invalid(
            what + ": no AWS region: set spec.providers.aws.region, or AWS_REGION on the worker",
            e);
      }
      return ProviderException.transientFailure(what + ": " + message, e);
    }
    return ProviderException.transientFailure(what + ": " + e.getMessage(), e);
  }

  static ProviderException.Kind kind(String code, int status) {
    String c = code == null ? "" : code;
    String lower = c.toLowerCase(Locale.ROOT);
    if (lower.contains("throttl")
        || c.equals("RequestLimitExceeded")
        || c.equals("TooManyRequestsException")
        || c.equals("SlowDown")
        || c.equals("RequestTimeout")
        || c.equals("ServiceUnavailable")
        || c.equals("InternalError")
        || c.equals("DependencyViolation")
        || status >= 500) {
      return ProviderException.Kind.TRANSIENT;
    }
    if (c.equals("IncorrectState")
        || c.equals("OperationAborted")
        || c.equals("ConcurrentModification")
        || c.equals("ConcurrentModificationException")) {
      return ProviderException.Kind.CONFLICT;
    }
    if (c.startsWith("AccessDenied")
        || c.equals("UnauthorizedOperation")
        || c.equals("AuthFailure")
        || c.equals("InvalidClientTokenId")
        || c.equals("SignatureDoesNotMatch")
        || c.equals("ExpiredToken")
        || status == 403) {
      return ProviderException.Kind.PERMISSION;
    }
    if (c.endsWith("NotFound")
        || c.endsWith(".NotFound")
        || c.startsWith("NoSuch")
        || c.equals("NoSuchEntity")
        || status == 404) {
      return ProviderException.Kind.NOT_FOUND;
    }
    return ProviderException.Kind.INVALID;
  }

  /** Whether the failure says the thing is not there. */
  static boolean notFound(SdkException e) {
    String c = code(e);
    if (c != null && (c.endsWith("NotFound") || c.startsWith("NoSuch"))) {
      return true;
    }
    return e instanceof AwsServiceException service && service.statusCode() == 404;
  }
}
