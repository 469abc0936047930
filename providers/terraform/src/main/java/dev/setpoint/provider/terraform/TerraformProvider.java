package dev.setpoint.provider.terraform;

import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The {@code terraform} provider: one resource type, {@code terraform:Module}. What it manages is
 * found through the marker files its working directories hold (under {@code SETPOINT_HOME}), since
 * a Terraform module has no tags of its own.
 */
public final class TerraformProvider implements Provider {

  static final String DEPENDS_ON = "setpoint.dev/depends-on";
  static final String DELETION_POLICY = "setpoint.dev/deletion-policy";

  private final TerraformModuleHandler module = new TerraformModuleHandler();

  @Override
  public String name() {
    return TerraformSchema.PROVIDER;
  }

  @Override
  public List<ResourceHandler> handlers() {
    return List.of(module);
  }

  /**
   * The modules whose working directories carry this environment's marker. The context's work
   * directory is the environment's folder (or, given a resource's folder, its parent is searched).
   */
  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    Path root = context.workDirectory().toAbsolutePath().normalize();
    if (Files.isRegularFile(root.resolve(ModuleWorkspace.MARKER)) && root.getParent() != null) {
      root = root.getParent();
    }
    List<ManagedResource> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> children = Files.list(root)) {
      for (Path dir : children.sorted().toList()) {
        if (!Files.isDirectory(dir)) {
          continue;
        }
        ModuleWorkspace.readMarker(dir)
            .filter(marker -> environment.equals(marker.environment()))
            .ifPresent(
                marker -> {
                  Map<String, String> attributes = new TreeMap<>();
                  attributes.put(DEPENDS_ON, String.join(",", marker.dependsOn()));
                  if ("retain".equals(marker.deletionPolicy())) {
                    attributes.put(DELETION_POLICY, "retain");
                  }
                  found.add(
                      new ManagedResource(
                          environment,
                          marker.resource(),
                          TerraformModuleHandler.TYPE,
                          dir.toString(),
                          attributes));
                });
      }
    } catch (IOException | UncheckedIOException e) {
      throw ProviderException.transientFailure(
          "cannot read Terraform working directories under " + root + ": " + e.getMessage(), e);
    }
    return found;
  }

  /** Terraform steps are long and mostly fail for reasons a retry cannot fix: few, spaced tries. */
  @Override
  public RetrySpec defaultRetry() {
    return new RetrySpec(3, Duration.ofSeconds(10), Duration.ofMinutes(2), 2.0);
  }
}
