package dev.setpoint.orchestrator.schema;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Every provider schema on the class path, found through {@link ServiceLoader}. */
public final class SchemaRegistry {

  private final Map<String, ProviderSchema> providers = new LinkedHashMap<>();
  private final Map<String, ResourceTypeSchema> types = new LinkedHashMap<>();

  private SchemaRegistry(Iterable<? extends ProviderSchema> schemas) {
    for (ProviderSchema schema : schemas) {
      if (providers.putIfAbsent(schema.provider(), schema) != null) {
        throw new IllegalStateException("two schemas for provider " + schema.provider());
      }
      for (ResourceTypeSchema type : schema.resourceTypes()) {
        if (types.putIfAbsent(type.type(), type) != null) {
          throw new IllegalStateException("two schemas for type " + type.type());
        }
      }
    }
  }

  /** The schemas registered by the provider modules on the class path. */
  public static SchemaRegistry load() {
    return new SchemaRegistry(ServiceLoader.load(ProviderSchema.class));
  }

  public static SchemaRegistry of(ProviderSchema... schemas) {
    return new SchemaRegistry(List.of(schemas));
  }

  public Optional<ResourceTypeSchema> type(String type) {
    return Optional.ofNullable(types.get(type));
  }

  public Optional<ProviderSchema> provider(String name) {
    return Optional.ofNullable(providers.get(name));
  }

  public Collection<String> typeNames() {
    return types.keySet();
  }

  public Collection<String> providerNames() {
    return providers.keySet();
  }
}
