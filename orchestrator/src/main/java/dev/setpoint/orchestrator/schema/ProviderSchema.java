package dev.setpoint.orchestrator.schema;

import java.util.List;

/**
 * What one provider module declares for validation: its settings under {@code spec.providers} and
 * its resource types. Provider modules register an implementation in {@code
 * META-INF/services/dev.setpoint.orchestrator.schema.ProviderSchema}.
 */
public interface ProviderSchema {

  /** The provider's name, as the prefix of its types ({@code aws} in {@code aws:s3/Bucket}). */
  String provider();

  /**
   * The settings this provider accepts under {@code spec.providers.<name>}, besides the common
   * {@code retry} and {@code taskQueue} that every provider has.
   */
  List<PropertySchema> settings();

  List<ResourceTypeSchema> resourceTypes();
}
