package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Change;
import dev.setpoint.orchestrator.provider.Diffs;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import dev.setpoint.orchestrator.schema.ResourceTypeSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * What the EC2 handlers share: identity is the pair of tags {@code setpoint:environment} and {@code
 * setpoint:resource}, found with tag filters and written at create time through tag specifications,
 * so a create repeated after a crash finds the first one. EC2 things have no name of their own, so
 * nothing unmarked ever matches: they are absent or managed.
 *
 * @param <L> the SDK's description of the live thing
 */
abstract class Ec2Handler<L> implements ResourceHandler {

  /** EC2 takes at most 200 values in one filter. */
  static final int MAX_FILTER_VALUES = 200;

  protected final AwsClients clients;
  protected final ResourceTypeSchema schema;
  private final Ec2Batches<L> batches = new Ec2Batches<>();

  Ec2Handler(AwsClients clients, ResourceTypeSchema schema) {
    this.clients = clients;
    this.schema = schema;
  }

  @Override
  public String type() {
    return schema.type();
  }

  /** The things carrying every filter, described. */
  abstract List<L> describe(Ec2Client ec2, List<Filter> filters);

  abstract String id(L live);

  abstract List<Tag> tags(L live);

  /** The live values of the properties, shaped like the spec's. */
  abstract Map<String, Object> state(Ec2Client ec2, L live);

  abstract Map<String, Object> outputs(L live);

  /** Creates the thing with these tags; returns its id. */
  abstract String create(Ec2Client ec2, Map<String, Object> desired, List<TagSpecification> tags);

  /**
   * Changes the non-tag fields that differ, in place; each call goes through {@link AwsErrors} with
   * the field it changes and {@code what} (the resource and its id), so AWS's refusal says which.
   */
  abstract void update(
      Ec2Client ec2, L live, Map<String, Object> desired, List<Change> changes, String what);

  /** Deletes the thing; a thing already gone succeeds. */
  abstract void deleteById(Ec2Client ec2, String id);

  abstract ResourceType resourceType();

  String describe(ResourceSpec spec) {
    return type() + " \"" + spec.name().value() + "\"";
  }

  static List<Filter> identityFilters(String environment, String name) {
    return identityFilters(environment, name == null ? Set.of() : Set.of(name));
  }

  /**
   * The filters for the things of {@code environment} named any of {@code names}; all of the
   * environment's when none are given or more than an EC2 filter takes.
   */
  static List<Filter> identityFilters(String environment, Set<String> names) {
    List<Filter> filters = new ArrayList<>();
    filters.add(Filter.builder().name("tag:" + Marks.ENVIRONMENT).values(environment).build());
    if (!names.isEmpty() && names.size() <= MAX_FILTER_VALUES) {
      filters.add(Filter.builder().name("tag:" + Marks.RESOURCE).values(names).build());
    }
    return filters;
  }

  static Map<String, String> tagMap(List<Tag> tags) {
    Map<String, String> map = new LinkedHashMap<>();
    for (Tag tag : tags) {
      map.put(tag.key(), tag.value() == null ? "" : tag.value());
    }
    return map;
  }

  L find(ResourceSpec spec, ProviderContext context) {
    Ec2Client ec2 = clients.ec2(context);
    List<L> found =
        AwsErrors.call(
            "finding " + describe(spec),
            () -> describe(ec2, identityFilters(context.environment(), spec.name().value())));
    return found.stream().min(Comparator.comparing(this::id)).orElse(null);
  }

  /**
   * What {@link #observe} reads: the thing of this resource, found by its marks in one Describe
   * shared with the observes of the same type that arrive together ({@link Ec2Batches}).
   */
  L observed(ResourceSpec spec, ProviderContext context) {
    Ec2Client ec2 = clients.ec2(context);
    String environment = context.environment();
    String name = spec.name().value();
    List<L> found =
        AwsErrors.call(
            "finding " + describe(spec),
            () ->
                batches.described(
                    AwsClients.regionKey(context) + " " + environment,
                    name,
                    names -> describe(ec2, identityFilters(environment, names))));
    return found.stream()
        .filter(live -> name.equals(tagMap(tags(live)).get(Marks.RESOURCE)))
        .min(Comparator.comparing(this::id))
        .orElse(null);
  }

  L byId(Ec2Client ec2, String id) {
    return describe(ec2, List.of(Filter.builder().name(idFilter()).values(id).build())).stream()
        .findFirst()
        .orElse(null);
  }

  abstract String idFilter();

  /** What create needs besides the desired properties (a default that depends on the context). */
  Map<String, Object> forCreate(
      ResourceSpec spec, ProviderContext context, Map<String, Object> desired) {
    return desired;
  }

  /**
   * A thing with the resource's natural identity that lacks its tags (a security group's name in
   * its VPC), or null; EC2 things without a name of their own have none.
   */
  L findUnmarked(Ec2Client ec2, ResourceSpec spec, ProviderContext context) {
    return null;
  }

  Map<String, Object> desired(ResourceSpec spec) {
    return schema.withDefaults(spec.properties());
  }

  @Override
  public Observation observe(ResourceSpec spec, ProviderContext context) {
    L live = observed(spec, context);
    Ec2Client ec2 = clients.ec2(context);
    if (live == null) {
      L unmarked =
          AwsErrors.call("finding " + describe(spec), () -> findUnmarked(ec2, spec, context));
      if (unmarked == null) {
        return Observation.absent();
      }
      Map<String, String> tags = tagMap(tags(unmarked));
      if (Marks.marked(tags)) {
        return Observation.managedElsewhere(id(unmarked));
      }
      Map<String, Object> state =
          AwsErrors.call(
              "reading " + describe(spec) + " " + id(unmarked), () -> state(ec2, unmarked));
      return Observation.unmanaged(id(unmarked), state, Outputs.of(outputs(unmarked)));
    }
    Map<String, Object> state =
        AwsErrors.call("reading " + describe(spec) + " " + id(live), () -> state(ec2, live));
    return Observation.managed(id(live), state, Outputs.of(outputs(live)));
  }

  @Override
  public Plan diff(ResourceSpec spec, Observation observation) {
    return Diffs.plan(desired(spec), observation, schema.immutableProperties());
  }

  @Override
  public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
    Ec2Client ec2 = clients.ec2(context);
    Map<String, Object> desired = desired(spec);
    L live = find(spec, context);
    if (live != null && plan.action() == Plan.Action.REPLACE) {
      String old = id(live);
      context.progress("replacing " + old);
      AwsErrors.run("deleting " + describe(spec) + " " + old, () -> deleteById(ec2, old));
      live = null;
    }
    if (live == null) {
      L unmarked =
          AwsErrors.call("finding " + describe(spec), () -> findUnmarked(ec2, spec, context));
      if (unmarked != null) {
        Map<String, String> found = tagMap(tags(unmarked));
        if (Marks.marked(found)) {
          throw dev.setpoint.orchestrator.provider.ProviderException.invalid(
              describe(spec)
                  + ": "
                  + id(unmarked)
                  + " carries the Setpoint marks of another environment or resource");
        }
        if (!spec.adopt()) {
          throw dev.setpoint.orchestrator.provider.ProviderException.invalid(
              describe(spec)
                  + ": "
                  + id(unmarked)
                  + " already exists and Setpoint does not manage it; set adopt: true to take it"
                  + " over");
        }
        live = unmarked;
      }
    }
    Map<String, String> tags =
        Marks.withMarks(Marks.declaredTags(desired), context.environment(), spec);
    if (live == null) {
      Map<String, Object> createWith = forCreate(spec, context, desired);
      List<Tag> sdkTags = new ArrayList<>();
      tags.forEach((k, v) -> sdkTags.add(Tag.builder().key(k).value(v).build()));
      TagSpecification tagSpec =
          TagSpecification.builder().resourceType(resourceType()).tags(sdkTags).build();
      String id =
          AwsErrors.call(
              "creating " + describe(spec), () -> create(ec2, createWith, List.of(tagSpec)));
      context.progress("created " + id);
      live = AwsErrors.call("reading " + id, () -> byId(ec2, id));
      if (live == null) {
        throw dev.setpoint.orchestrator.provider.ProviderException.notFound(
            describe(spec) + ": " + id + " was created but is not visible yet");
      }
    }
    L current = live;
    String id = id(current);
    Map<String, Object> state =
        AwsErrors.call("reading " + describe(spec) + " " + id, () -> state(ec2, current));
    List<Change> changes = new ArrayList<>();
    for (Change change : Diffs.changes(desired, state)) {
      if (!change.topLevelProperty().equals("tags")) {
        changes.add(change);
      }
    }
    if (!changes.isEmpty()) {
      update(ec2, current, desired, changes, describe(spec) + " " + id);
    }
    Map<String, String> liveTags = tagMap(tags(current));
    List<Tag> missing = new ArrayList<>();
    tags.forEach(
        (k, v) -> {
          if (!v.equals(liveTags.get(k))) {
            missing.add(Tag.builder().key(k).value(v).build());
          }
        });
    if (!missing.isEmpty()) {
      AwsErrors.run(
          "tagging " + describe(spec) + " " + id,
          () -> ec2.createTags(CreateTagsRequest.builder().resources(id).tags(missing).build()));
    }
    L after = AwsErrors.call("reading " + id, () -> byId(ec2, id));
    return Outputs.of(outputs(after == null ? current : after));
  }

  @Override
  public void delete(ManagedResource resource, ProviderContext context) {
    Ec2Client ec2 = clients.ec2(context);
    try {
      deleteById(ec2, resource.id());
    } catch (SdkException e) {
      if (AwsErrors.notFound(e)) {
        return;
      }
      throw AwsErrors.classify(
          "deleting " + type() + " \"" + resource.name() + "\" " + resource.id(), e);
    }
  }

  /** Every thing of this type carrying the environment's mark. */
  List<ManagedResource> listManaged(String environment, ProviderContext context) {
    Ec2Client ec2 = clients.ec2(context);
    List<L> found =
        AwsErrors.call(
            "listing " + type() + " of environment " + environment,
            () -> describe(ec2, identityFilters(environment, Set.of())));
    List<ManagedResource> managed = new ArrayList<>();
    for (L live : found) {
      Map<String, String> tags = tagMap(tags(live));
      String name = tags.get(Marks.RESOURCE);
      if (name == null || name.isBlank()) {
        continue;
      }
      managed.add(new ManagedResource(environment, name, type(), id(live), Marks.attributes(tags)));
    }
    return managed;
  }
}
