package dev.setpoint.orchestrator.testing;

import static dev.setpoint.orchestrator.schema.PropertySchema.builder;
import static dev.setpoint.orchestrator.schema.PropertySchema.optional;
import static dev.setpoint.orchestrator.schema.PropertySchema.required;

import dev.setpoint.orchestrator.schema.PropertySchema;
import dev.setpoint.orchestrator.schema.PropertyType;
import dev.setpoint.orchestrator.schema.ProviderSchema;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import dev.setpoint.orchestrator.schema.SchemaRegistry;
import java.util.List;

/**
 * A provider schema with one type per shape of property the validator knows, so the orchestrator's
 * tests need no provider module.
 */
public final class TestSchema implements ProviderSchema {

  public static SchemaRegistry registry() {
    return SchemaRegistry.of(new TestSchema());
  }

  @Override
  public String provider() {
    return "test";
  }

  @Override
  public List<PropertySchema> settings() {
    return List.of(optional("region", PropertyType.STRING, "Where."));
  }

  @Override
  public List<ResourceTypeSchema> resourceTypes() {
    return List.of(
        ResourceTypeSchema.builder("test:net/Network")
            .property(builder("cidrBlock", PropertyType.CIDR).required().immutable().build())
            .property(builder("enableDns", PropertyType.BOOLEAN).defaultValue(true).build())
            .property(builder("tags", PropertyType.MAP).items(PropertyType.STRING).build())
            .outputs("id", "cidrBlock")
            .build(),
        ResourceTypeSchema.builder("test:net/Subnet")
            .property(required("networkId", PropertyType.STRING, "The network."))
            .property(required("cidrBlock", PropertyType.CIDR, "The block."))
            .property(optional("count", PropertyType.INTEGER, "How many."))
            .property(
                builder("rules", PropertyType.LIST)
                    .items(
                        builder("rule", PropertyType.OBJECT)
                            .field(required("port", PropertyType.INTEGER, "Port."))
                            .field(
                                builder("cidrBlocks", PropertyType.LIST)
                                    .items(PropertyType.CIDR)
                                    .build())
                            .build())
                    .build())
            .outputs("id", "zones")
            .build(),
        ResourceTypeSchema.builder("test:Files")
            .property(optional("path", PropertyType.PATH, "A file or folder."))
            .property(builder("inline", PropertyType.LIST).items(PropertyType.ANY).build())
            .property(optional("timeout", PropertyType.DURATION, "How long."))
            .property(optional("inventory", PropertyType.PATH_OR_INLINE, "Hosts."))
            .exactlyOneOf("path", "inline")
            .outputs("count")
            .build(),
        ResourceTypeSchema.builder("test:Module")
            .property(required("source", PropertyType.PATH, "A folder."))
            .property(builder("variables", PropertyType.MAP).items(PropertyType.ANY).build())
            .dynamicOutputs()
            .build());
  }
}
