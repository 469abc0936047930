package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.DeletionPolicy;
import dev.setpoint.orchestrator.model.ResourceName;
import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.Diffs;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A complete provider whose "cloud" is a map in memory: the provider the workflow tests run
 * against. It records every call, keeps identity marks like a real target, and can be told to fail,
 * fail transiently, or take its time.
 */
final class InMemoryProvider implements Provider {

  /** One live thing: its properties, the marks it carries and what it recorded for prune. */
  record Live(
      String environment,
      String name,
      String type,
      String id,
      Map<String, Object> properties,
      Map<String, String> attributes) {}

  /** One call a handler received, in order. */
  record Call(String step, String resource, long startedNanos, long endedNanos) {}

  final Map<String, Live> live = new ConcurrentHashMap<>();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  final Map<String, String> failInvalid = new ConcurrentHashMap<>();
  final Map<String, AtomicInteger> failTransiently = new ConcurrentHashMap<>();
  final Map<String, String> failDelete = new ConcurrentHashMap<>();

  /** When set, listing managed resources fails with this invalid error. */
  volatile String failList;

  /**
   * How long an apply takes after the thing exists live, as a real target takes to settle: a step
   * interrupted in this window has already made the thing, so a retry must find it, not make
   * another.
   */
  final Map<String, Duration> applyDelay = new ConcurrentHashMap<>();

  final Map<String, AtomicInteger> creates = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicInteger concurrent = new AtomicInteger();
  final AtomicInteger maxConcurrent = new AtomicInteger();

  @Override
  public String name() {
    return "test";
  }

  @Override
  public List<ResourceHandler> handlers() {
    return List.of(
        new Handler("test:net/Network", Set.of("cidrBlock")),
        new Handler("test:net/Subnet", Set.of("networkId", "cidrBlock")),
        new Handler("test:Files", Set.of()),
        new Handler("test:Module", Set.of()));
  }

  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    if (failList != null) {
      throw ProviderException.invalid(failList);
    }
    List<ManagedResource> managed = new ArrayList<>();
    for (Live thing : live.values()) {
      if (thing.environment().equals(environment)) {
        managed.add(
            new ManagedResource(
                environment, thing.name(), thing.type(), thing.id(), thing.attributes()));
      }
    }
    managed.sort((a, b) -> a.name().compareTo(b.name()));
    return managed;
  }

  @Override
  public RetrySpec defaultRetry() {
    return new RetrySpec(3, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
  }

  /** Overwrites the dependencies a live resource recorded, as a provider bug or hand edit might. */
  void recordDependencies(String name, String... dependencies) {
    Live thing = live.get(name);
    Map<String, String> attributes = new LinkedHashMap<>(thing.attributes());
    attributes.put(ManagedResources.DEPENDS_ON, String.join(",", dependencies));
    live.put(
        name,
        new Live(
            thing.environment(),
            thing.name(),
            thing.type(),
            thing.id(),
            thing.properties(),
            attributes));
  }

  /** The names of the resources in the order their {@code step} calls ended. */
  List<String> finished(String step) {
    return calls.stream().filter(c -> c.step().equals(step)).map(Call::resource).toList();
  }

  /** How many times {@code step} ran for {@code resource}, failed attempts included. */
  long count(String step, String resource) {
    return calls.stream()
        .filter(c -> c.step().equals(step) && c.resource().equals(resource))
        .count();
  }

  /** How many times the resource was made from nothing. */
  int createsOf(String resource) {
    AtomicInteger count = creates.get(resource);
    return count == null ? 0 : count.get();
  }

  /** Changes one property of a live thing behind Setpoint's back: drift. */
  void changeLive(String resource, String property, Object value) {
    Live thing = live.get(resource);
    Map<String, Object> properties = new LinkedHashMap<>(thing.properties());
    properties.put(property, value);
    live.put(
        resource,
        new Live(
            thing.environment(),
            thing.name(),
            thing.type(),
            thing.id(),
            Collections.unmodifiableMap(properties),
            thing.attributes()));
  }

  Call call(String step, String resource) {
    return calls.stream()
        .filter(c -> c.step().equals(step) && c.resource().equals(resource))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + step + " of " + resource + " in " + calls));
  }

  private final class Handler implements ResourceHandler {
    private final String type;
    private final Set<String> immutable;

    Handler(String type, Set<String> immutable) {
      this.type = type;
      this.immutable = immutable;
    }

    @Override
    public String type() {
      return type;
    }

    @Override
    public Observation observe(ResourceSpec spec, ProviderContext context) {
      long now = System.nanoTime();
      calls.add(new Call("observe", spec.name().value(), now, now));
      Live thing = live.get(spec.name().value());
      if (thing == null) {
        return Observation.absent();
      }
      if (!thing.environment().equals(context.environment())) {
        return Observation.managedElsewhere(thing.id());
      }
      return Observation.managed(thing.id(), thing.properties(), outputs(thing));
    }

    @Override
    public Plan diff(ResourceSpec spec, Observation observation) {
      return Diffs.plan(spec.properties(), observation, immutable);
    }

    @Override
    public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
      String name = spec.name().value();
      long started = System.nanoTime();
      maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try {
        String invalid = failInvalid.get(name);
        if (invalid != null) {
          throw ProviderException.invalid(invalid);
        }
        AtomicInteger transientLeft = failTransiently.get(name);
        if (transientLeft != null && transientLeft.getAndDecrement() > 0) {
          throw ProviderException.transientFailure("throttled, try again");
        }
        Live existing = live.get(name);
        String id = existing != null ? existing.id() : "id-" + ids.incrementAndGet();
        if (existing == null) {
          creates.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        // As a real provider must: the step's spec is resolved, so references are no longer in
        // its properties; the workflow lists them in dependsOn.
        attributes.put(
            ManagedResources.DEPENDS_ON,
            spec.dependsOn().stream().map(ResourceName::value).collect(Collectors.joining(",")));
        if (spec.deletionPolicy() == DeletionPolicy.RETAIN) {
          attributes.put(ManagedResources.DELETION_POLICY, "retain");
        }
        Live thing =
            new Live(
                context.environment(),
                name,
                type,
                id,
                Collections.unmodifiableMap(new LinkedHashMap<>(spec.properties())),
                attributes);
        live.put(name, thing);
        Duration delay = applyDelay.get(name);
        if (delay != null) {
          sleep(delay);
        }
        return outputs(thing);
      } finally {
        concurrent.decrementAndGet();
        calls.add(new Call("apply", name, started, System.nanoTime()));
      }
    }

    @Override
    public void delete(ManagedResource resource, ProviderContext context) {
      long started = System.nanoTime();
      try {
        String refused = failDelete.get(resource.name());
        if (refused != null) {
          throw ProviderException.invalid(refused);
        }
        live.remove(resource.name());
      } finally {
        calls.add(new Call("delete", resource.name(), started, System.nanoTime()));
      }
    }
  }

  /**
   * The id and every property; a subnet also has its zones (a list), and a module's variables come
   * back as outputs of the same names, as a Terraform module that echoes them would.
   */
  private static Outputs outputs(Live thing) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("id", thing.id());
    values.putAll(thing.properties());
    if (thing.type().equals("test:net/Subnet")) {
      values.put("zones", List.of("zone-a", "zone-b"));
    }
    if (thing.type().equals("test:Module")
        && thing.properties().get("variables") instanceof Map<?, ?> variables) {
      variables.forEach((name, value) -> values.put(String.valueOf(name), value));
    }
    return Outputs.of(values);
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw ProviderException.transientFailure("interrupted");
    }
  }
}
