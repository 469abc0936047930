package dev.setpoint.provider.k8s;

import dev.setpoint.orchestrator.provider.ProviderException;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the API resource (plural name, scope) of any kind. On a real API server the answer comes
 * from discovery ({@code /api/v1}, {@code /apis/GROUP/VERSION}), read once per group-version and
 * read again when a kind is missing (a CRD applied since). fabric8's mock server discovers only
 * custom kinds (from the CRDs it stores), so when discovery does not know a kind, fabric8's
 * built-in kinds answer, then the CRDs of the manifests being applied, then the CRDs in the
 * cluster. A kind none of them knows is an {@code INVALID} failure only when every source answered;
 * when discovery or the CRD list got no answer (unreachable, 5xx, 429, 401/403) it is {@code
 * TRANSIENT}, since the kind may exist.
 */
final class ApiResources {

  private final KubernetesClient client;
  private final Map<String, List<APIResource>> discovered = new ConcurrentHashMap<>();

  ApiResources(KubernetesClient client) {
    this.client = client;
  }

  /**
   * The resource of {@code apiVersion} and {@code kind}.
   *
   * @param crdsInGit the CustomResourceDefinition manifests of the same resource, which define
   *     kinds before they reach the cluster
   * @throws ProviderException of kind {@code INVALID} when nothing knows the kind
   */
  ResourceDefinitionContext lookup(
      String apiVersion, String kind, List<Map<String, Object>> crdsInGit) {
    List<String> unanswered = new ArrayList<>();
    Optional<ResourceDefinitionContext> found = fromDiscovery(apiVersion, kind, false, unanswered);
    if (found.isEmpty()) {
      found = builtIn(apiVersion, kind);
    }
    if (found.isEmpty()) {
      found = fromCrds(apiVersion, kind, crdsInGit);
    }
    if (found.isEmpty()) {
      unanswered.clear(); // only the last asking of each source counts
      found = fromClusterCrds(apiVersion, kind, unanswered);
    }
    if (found.isEmpty()) {
      found = fromDiscovery(apiVersion, kind, true, unanswered);
    }
    if (found.isEmpty() && !unanswered.isEmpty()) {
      // Not knowing is not the same as the server saying no: a later try may find the kind.
      throw ProviderException.transientFailure(
          "cannot tell whether the API server has kind "
              + kind
              + " in "
              + apiVersion
              + ": "
              + String.join("; ", unanswered));
    }
    return found.orElseThrow(
        () ->
            ProviderException.invalid(
                "the API server has no kind "
                    + kind
                    + " in "
                    + apiVersion
                    + ": check apiVersion and kind, or apply its CustomResourceDefinition"
                    + " first"));
  }

  private Optional<ResourceDefinitionContext> fromDiscovery(
      String apiVersion, String kind, boolean refresh, List<String> unanswered) {
    if (refresh) {
      discovered.remove(apiVersion);
    }
    List<APIResource> resources = discovered.get(apiVersion);
    if (resources == null) {
      try {
        resources = discover(apiVersion);
        discovered.put(apiVersion, resources);
      } catch (KubernetesClientException failure) {
        unanswered.add("discovery of " + apiVersion + ": " + KubernetesErrors.reason(failure));
        return Optional.empty();
      }
    }
    return resources.stream()
        .filter(r -> kind.equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
        .findFirst()
        .map(r -> ResourceDefinitionContext.fromApiResource(apiVersion, r));
  }

  /**
   * The group-version's resources; an empty list when the server answered without them (404, or the
   * mock's answers that are no discovery documents).
   *
   * @throws KubernetesClientException when the server did not answer (unreachable, overloaded,
   *     refused): nothing is known then, and nothing is cached
   */
  private List<APIResource> discover(String apiVersion) {
    try {
      APIResourceList list = client.getApiResources(apiVersion);
      return list == null || list.getResources() == null ? List.of() : list.getResources();
    } catch (KubernetesClientException failure) {
      if (unanswered(failure)) {
        throw failure;
      }
      return List.of();
    } catch (IllegalArgumentException notDiscoverable) {
      // The mock answers discovery with object lists; the fallbacks know better.
      return List.of();
    }
  }

  /** A failure that says nothing about the kind: no answer, or no permission to hear it. */
  private static boolean unanswered(KubernetesClientException failure) {
    int code = failure.getCode();
    return code == 0 || code == 401 || code == 403 || code == 429 || code >= 500;
  }

  private Optional<ResourceDefinitionContext> builtIn(String apiVersion, String kind) {
    Class<? extends KubernetesResource> type =
        client.getKubernetesSerialization().getRegisteredKubernetesResource(apiVersion, kind);
    if (type == null || !io.fabric8.kubernetes.api.model.HasMetadata.class.isAssignableFrom(type)) {
      return Optional.empty();
    }
    return Optional.of(ResourceDefinitionContext.fromResourceType(type));
  }

  private Optional<ResourceDefinitionContext> fromCrds(
      String apiVersion, String kind, List<Map<String, Object>> crds) {
    for (Map<String, Object> manifest : crds) {
      CustomResourceDefinition crd =
          client
              .getKubernetesSerialization()
              .convertValue(manifest, CustomResourceDefinition.class);
      Optional<ResourceDefinitionContext> found = match(crd, apiVersion, kind);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private Optional<ResourceDefinitionContext> fromClusterCrds(
      String apiVersion, String kind, List<String> unanswered) {
    List<CustomResourceDefinition> crds;
    try {
      crds = client.apiextensions().v1().customResourceDefinitions().list().getItems();
    } catch (KubernetesClientException unreadable) {
      if (unanswered(unreadable)) {
        unanswered.add("listing CustomResourceDefinitions: " + KubernetesErrors.reason(unreadable));
      }
      return Optional.empty();
    }
    for (CustomResourceDefinition crd : crds) {
      Optional<ResourceDefinitionContext> found = match(crd, apiVersion, kind);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<ResourceDefinitionContext> match(
      CustomResourceDefinition crd, String apiVersion, String kind) {
    if (crd.getSpec() == null || crd.getSpec().getNames() == null) {
      return Optional.empty();
    }
    String group = crd.getSpec().getGroup();
    if (!kind.equals(crd.getSpec().getNames().getKind())) {
      return Optional.empty();
    }
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (apiVersion.equals(group + "/" + version.getName())) {
        return Optional.of(
            new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version.getName())
                .withKind(kind)
                .withPlural(crd.getSpec().getNames().getPlural())
                .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                .build());
      }
    }
    return Optional.empty();
  }
}
