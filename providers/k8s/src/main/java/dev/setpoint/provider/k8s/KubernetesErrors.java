package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.provider.ProviderException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Turns the API server's answers into provider failures the workflow knows how to retry. */
final class KubernetesErrors {

  private KubernetesErrors() {}

  /** One line naming what failed ({@code apply Deployment/app/web}) and the API server's reason. */
  static ProviderException classify(String what, KubernetesClientException failure) {
    String message = what + ": " + reason(failure);
    int code = failure.getCode();
    return switch (code) {
      case 401, 403 ->
          ProviderException.permission(
              message
                  + " (the worker's Kubernetes credentials lack this permission: see the RBAC"
                  + " manifests in docs/operations.md)",
              failure);
      case 404 -> ProviderException.notFound(message, failure);
      case 409 -> ProviderException.conflict(message, failure);
      case 400, 405, 406, 413, 415, 422 -> ProviderException.invalid(message, failure);
      default -> ProviderException.transientFailure(message, failure);
    };
  }

  /** The API server's message and HTTP code, or the root cause's message when none answered. */
  static String reason(KubernetesClientException failure) {
    Status status = failure.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage() + " (HTTP " + failure.getCode() + ")";
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    return failure.getCode() > 0 ? text + " (HTTP " + failure.getCode() + ")" : text;
  }
}
