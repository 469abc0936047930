package dev.setpoint.provider.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Diffs;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * {@code aws:iam/Role}, found by its name; Setpoint's marks are role tags. A role of that name
 * without them is unmanaged (adopt only). The trust policy is compared as data (IAM returns it
 * URL-encoded JSON); managedPolicyArns, when declared, are authoritative, compared sorted.
 */
final class RoleHandler implements ResourceHandler {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClients clients;
  private final ResourceTypeSchema schema = AwsSchema.role();

  RoleHandler(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public String type() {
    return schema.type();
  }

  private static String what(String role) {
    return "aws:iam/Role " + role;
  }

  private static String roleName(ResourceSpec spec) {
    return String.valueOf(spec.properties().get("roleName"));
  }

  private static Role find(IamClient iam, String name) {
    try {
      return iam.getRole(r -> r.roleName(name)).role();
    } catch (SdkException e) {
      if (AwsErrors.notFound(e)) {
        return null;
      }
      throw AwsErrors.classify("reading " + what(name), e);
    }
  }

  static Map<String, String> tags(IamClient iam, String name) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (Tag tag : iam.listRoleTagsPaginator(r -> r.roleName(name)).tags()) {
      tags.put(tag.key(), tag.value() == null ? "" : tag.value());
    }
    return tags;
  }

  private static List<String> policies(IamClient iam, String name) {
    return iam.listAttachedRolePoliciesPaginator(r -> r.roleName(name)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .sorted()
        .toList();
  }

  static Object parsePolicy(String document) {
    String json =
        document.strip().startsWith("{")
            ? document
            : URLDecoder.decode(document, StandardCharsets.UTF_8);
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw ProviderException.invalid("the trust policy is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw ProviderException.invalid("assumeRolePolicy cannot be written as JSON", e);
    }
  }

  private Map<String, Object> desired(ResourceSpec spec) {
    Map<String, Object> desired = new LinkedHashMap<>(schema.withDefaults(spec.properties()));
    if (desired.get("managedPolicyArns") instanceof List<?> arns) {
      desired.put("managedPolicyArns", arns.stream().map(String::valueOf).sorted().toList());
    }
    return desired;
  }

  /** The live values; the attached policies are read only when the definition declares them. */
  private Map<String, Object> state(
      IamClient iam, Role role, Map<String, String> tags, Map<String, Object> desired) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("roleName", role.roleName());
    state.put("assumeRolePolicy", parsePolicy(role.assumeRolePolicyDocument()));
    if (desired.containsKey("managedPolicyArns")) {
      state.put(
          "managedPolicyArns",
          AwsErrors.call(
              "listing policies of " + what(role.roleName()),
              () -> policies(iam, role.roleName())));
    }
    state.put("description", role.description());
    state.put("tags", tags);
    return state;
  }

  private static Outputs outputs(Role role) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("roleName", role.roleName());
    outputs.put("arn", role.arn());
    return Outputs.of(outputs);
  }

  @Override
  public Observation observe(ResourceSpec spec, ProviderContext context) {
    IamClient iam = clients.iam(context);
    Role role = find(iam, roleName(spec));
    // Adopting a role under a new name renames this resource too: its old role is observed, so
    // the plan is the replace that deletes it instead of leaving it live with our marks.
    if (role == null || (spec.adopt() && !Marks.marked(tags(role)))) {
      Role renamed = renamedFrom(iam, spec, context);
      if (renamed != null) {
        role = renamed;
      } else if (role == null) {
        return Observation.absent();
      }
    }
    String name = role.roleName();
    Map<String, String> tags = tags(role);
    Map<String, Object> desired = desired(spec);
    if (!Marks.marked(tags)) {
      return Observation.unmanaged(name, state(iam, role, tags, desired), outputs(role));
    }
    if (!Marks.markedFor(tags, context.environment(), spec.name().value())) {
      return Observation.managedElsewhere(name);
    }
    return Observation.managed(name, state(iam, role, tags, desired), outputs(role));
  }

  /** The role's tags as GetRole returns them (at most 50, so all of them): no ListRoleTags. */
  private static Map<String, String> tags(Role role) {
    Map<String, String> tags = new LinkedHashMap<>();
    role.tags().forEach(tag -> tags.put(tag.key(), tag.value() == null ? "" : tag.value()));
    return tags;
  }

  /**
   * When the declared name is absent (or unmarked and adopted), this resource's role under its
   * previous name, which a rename replaces; without it the old role would keep our marks and no
   * prune would remove it. The search lists every role, so it runs only then.
   */
  private Role renamedFrom(IamClient iam, ResourceSpec spec, ProviderContext context) {
    for (ManagedResource previous : listManaged(context.environment(), context)) {
      if (previous.name().equals(spec.name().value())) {
        Role role = find(iam, previous.id());
        if (role != null) {
          return role;
        }
      }
    }
    return null;
  }

  @Override
  public Plan diff(ResourceSpec spec, Observation observation) {
    return Diffs.plan(desired(spec), observation, schema.immutableProperties());
  }

  @Override
  public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
    IamClient iam = clients.iam(context);
    String name = roleName(spec);
    Map<String, Object> desired = desired(spec);
    Map<String, String> wantedTags =
        Marks.withMarks(Marks.declaredTags(desired), context.environment(), spec);
    String previous = Objects.toString(plan.before("roleName"), null);
    if (plan.action() == Plan.Action.REPLACE && previous != null && !previous.equals(name)) {
      // A new name that may not be taken is refused before the old role goes, so a refused rename
      // leaves both roles as they were.
      Role taken = find(iam, name);
      if (taken != null) {
        Marks.checkTakeable(what(name), tags(taken), spec, context.environment(), false);
      }
      Role old = find(iam, previous);
      if (old != null && Marks.markedFor(tags(old), context.environment(), spec.name().value())) {
        delete(
            new ManagedResource(
                context.environment(), spec.name().value(), type(), previous, Map.of()),
            context);
        context.progress("deleted role " + previous + ", renamed to " + name);
      }
    }
    Role role = find(iam, name);
    if (role == null) {
      Object description = desired.get("description");
      List<Tag> tags = new ArrayList<>();
      wantedTags.forEach((k, v) -> tags.add(Tag.builder().key(k).value(v).build()));
      role =
          AwsErrors.call(
              "creating " + what(name),
              () ->
                  iam.createRole(
                          r ->
                              r.roleName(name)
                                  .assumeRolePolicyDocument(json(desired.get("assumeRolePolicy")))
                                  .description(description == null ? null : description.toString())
                                  .tags(tags))
                      .role());
      context.progress("created role " + name);
    }
    Map<String, String> liveTags =
        AwsErrors.call("reading tags of " + what(name), () -> tags(iam, name));
    Marks.checkTakeable(what(name), liveTags, spec, context.environment(), false);
    Role current = role;
    Map<String, Object> state = state(iam, current, liveTags, desired);
    if (!Diffs.sameValue(desired.get("assumeRolePolicy"), state.get("assumeRolePolicy"))) {
      AwsErrors.run(
          "updating the trust policy of " + what(name),
          () ->
              iam.updateAssumeRolePolicy(
                  r -> r.roleName(name).policyDocument(json(desired.get("assumeRolePolicy")))));
    }
    if (desired.containsKey("description")
        && !Objects.equals(desired.get("description"), state.get("description"))) {
      AwsErrors.run(
          "updating the description of " + what(name),
          () ->
              iam.updateRole(
                  r -> r.roleName(name).description(String.valueOf(desired.get("description")))));
    }
    if (desired.get("managedPolicyArns") instanceof List<?> wanted) {
      List<?> live = (List<?>) state.get("managedPolicyArns");
      for (Object arn : live) {
        if (!wanted.contains(arn)) {
          AwsErrors.run(
              "detaching " + arn + " from " + what(name),
              () -> iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn.toString())));
        }
      }
      for (Object arn : wanted) {
        if (!live.contains(arn)) {
          AwsErrors.run(
              "attaching " + arn + " to " + what(name),
              () -> iam.attachRolePolicy(r -> r.roleName(name).policyArn(arn.toString())));
        }
      }
    }
    List<Tag> missing = new ArrayList<>();
    wantedTags.forEach(
        (k, v) -> {
          if (!v.equals(liveTags.get(k))) {
            missing.add(Tag.builder().key(k).value(v).build());
          }
        });
    if (!missing.isEmpty()) {
      AwsErrors.run(
          "tagging " + what(name), () -> iam.tagRole(r -> r.roleName(name).tags(missing)));
    }
    return outputs(current);
  }

  @Override
  public void delete(ManagedResource resource, ProviderContext context) {
    IamClient iam = clients.iam(context);
    String name = resource.id();
    try {
      for (String arn : policies(iam, name)) {
        iam.detachRolePolicy(r -> r.roleName(name).policyArn(arn));
      }
      for (String policy : iam.listRolePoliciesPaginator(r -> r.roleName(name)).policyNames()) {
        iam.deleteRolePolicy(r -> r.roleName(name).policyName(policy));
      }
      iam.deleteRole(r -> r.roleName(name));
    } catch (SdkException e) {
      if (AwsErrors.notFound(e)) {
        return;
      }
      throw AwsErrors.classify("deleting " + what(name), e);
    }
  }

  List<ManagedResource> listManaged(String environment, ProviderContext context) {
    IamClient iam = clients.iam(context);
    List<Role> roles =
        AwsErrors.call("listing roles", () -> iam.listRolesPaginator().roles().stream().toList());
    List<ManagedResource> managed = new ArrayList<>();
    for (Role role : roles) {
      Map<String, String> tags;
      try {
        tags = tags(iam, role.roleName());
      } catch (SdkException e) {
        if (AwsErrors.notFound(e)) {
          continue;
        }
        throw AwsErrors.classify("reading tags of " + what(role.roleName()), e);
      }
      String name = tags.get(Marks.RESOURCE);
      if (!environment.equals(tags.get(Marks.ENVIRONMENT)) || name == null || name.isBlank()) {
        continue;
      }
      managed.add(
          new ManagedResource(environment, name, type(), role.roleName(), Marks.attributes(tags)));
    }
    return managed;
  }
}
