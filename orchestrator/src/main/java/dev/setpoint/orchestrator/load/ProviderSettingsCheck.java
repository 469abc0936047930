package dev.setpoint.orchestrator.load;

import dev.setpoint.orchestrator.load.YamlNode.Entry;
import dev.setpoint.orchestrator.load.YamlNode.Mapping;
import dev.setpoint.orchestrator.load.YamlNode.Scalar;
import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checks {@code spec.providers}: known providers, their settings, variables only, and no
 * credentials anywhere (they come from the worker's runtime environment, never from Git).
 */
final class ProviderSettingsCheck {

  /** A provider's settings after credentials were dropped and variables went in. */
  record Checked(String provider, Mapping settings) {}

  private final SchemaRegistry schemas;
  private final Diagnostics diagnostics;
  private final SchemaChecker checker;
  private final VariableSubstitution variables;

  ProviderSettingsCheck(
      SchemaRegistry schemas,
      Diagnostics diagnostics,
      SchemaChecker checker,
      VariableSubstitution variables) {
    this.schemas = schemas;
    this.diagnostics = diagnostics;
    this.checker = checker;
    this.variables = variables;
  }

  Map<String, Checked> check(Optional<Mapping> section) {
    Map<String, Checked> providers = new LinkedHashMap<>();
    if (section.isEmpty()) {
      return providers;
    }
    for (Entry entry : section.get().entries()) {
      Optional<ProviderSchema> provider = schemas.provider(entry.key());
      if (provider.isEmpty()) {
        diagnostics.error(
            entry.keyLocation(),
            "unknown provider \""
                + entry.key()
                + "\""
                + Suggestions.didYouMean(entry.key(), schemas.providerNames())
                + " (providers: "
                + String.join(", ", schemas.providerNames())
                + ")");
      } else if (entry.value() instanceof Scalar scalar && scalar.value() == null) {
        providers.put(entry.key(), new Checked(entry.key(), Nodes.emptyAt(scalar.location())));
      } else if (entry.value() instanceof Mapping settings) {
        providers.put(entry.key(), checkSettings(provider.get(), settings));
      } else {
        diagnostics.error(
            entry.value().location(), "settings of provider \"" + entry.key() + "\" are a map");
      }
    }
    return providers;
  }

  private Checked checkSettings(ProviderSchema provider, Mapping settings) {
    Mapping substituted =
        (Mapping) variables.apply(withoutCredentials(provider.provider(), settings));
    Nodes.forEachString(
        substituted,
        scalar ->
            SchemaChecker.runtimeTemplate(scalar)
                .ifPresent(
                    template ->
                        diagnostics.error(
                            scalar.location(),
                            "provider settings may reference variables only, not resource"
                                + " outputs")));
    Map<String, PropertySchema> fields = new LinkedHashMap<>();
    provider.settings().forEach(field -> fields.put(field.name(), field));
    fields.put(DocumentSchema.RETRY.name(), DocumentSchema.RETRY);
    fields.put(DocumentSchema.TASK_QUEUE.name(), DocumentSchema.TASK_QUEUE);
    checker.checkFields(substituted, fields, "provider \"" + provider.provider() + "\" settings");
    return new Checked(provider.provider(), substituted);
  }

  /** Reports secrets anywhere under a provider's settings, and drops them from what is checked. */
  private Mapping withoutCredentials(String provider, Mapping settings) {
    List<Entry> kept = new ArrayList<>();
    for (Entry entry : settings.entries()) {
      String key = entry.key().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
      if (DocumentSchema.CREDENTIAL_KEYS.contains(key)) {
        diagnostics.error(
            entry.keyLocation(),
            "credentials do not belong in Git: remove \""
                + entry.key()
                + "\" from provider \""
                + provider
                + "\"; Setpoint takes credentials from the runtime environment (AWS_PROFILE,"
                + " AWS_ACCESS_KEY_ID, KUBECONFIG, ...) of the worker");
      } else if (entry.value() instanceof Mapping nested) {
        kept.add(new Entry(entry.key(), entry.keyLocation(), withoutCredentials(provider, nested)));
      } else {
        kept.add(entry);
      }
    }
    return new Mapping(kept, settings.location());
  }
}
