package dev.setpoint.provider.aws;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * {@code aws:s3/Bucket}, found by its name. Setpoint's marks live in the bucket's tag set; a bucket
 * of that name without them is unmanaged (adopt only), with another environment's or resource's
 * marks managed elsewhere. {@code forceDestroy} is recorded as the tag {@code
 * setpoint:force-destroy}, which delete reads.
 */
final class BucketHandler implements ResourceHandler {

  static final String FORCE_DESTROY = "setpoint:force-destroy";
  static final String FORCE_DESTROY_ATTRIBUTE = "setpoint.dev/force-destroy";

  private final AwsClients clients;
  private final ResourceTypeSchema schema = AwsSchema.bucket();

  BucketHandler(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public String type() {
    return schema.type();
  }

  private static String what(String bucket) {
    return "aws:s3/Bucket " + bucket;
  }

  private static String bucketName(ResourceSpec spec) {
    return String.valueOf(spec.properties().get("bucketName"));
  }

  /** Whether the bucket exists (and is ours to read); a bucket of another account is refused. */
  private static boolean exists(S3Client s3, String bucket) {
    return readOrAbsent(bucket, "reading", () -> s3.headBucket(r -> r.bucket(bucket))) != null;
  }

  /**
   * The bucket's tags, or null when there is no bucket of that name: the tagging call is the
   * existence check too, so an observe costs no HeadBucket.
   */
  private static Map<String, String> observedTags(S3Client s3, String bucket) {
    return readOrAbsent(bucket, "reading tags of", () -> tags(s3, bucket));
  }

  /**
   * What {@code read} returns, or null when the bucket is not there; a 403 means the name is
   * another account's (or this worker may not read it), which no retry mends.
   */
  private static <T> T readOrAbsent(
      String bucket, String step, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (SdkException e) {
      if (AwsErrors.notFound(e)) {
        return null;
      }
      if (e instanceof AwsServiceException service && service.statusCode() == 403) {
        throw ProviderException.invalid(
            what(bucket)
                + ": 403 when "
                + step
                + " it: the name is taken by a bucket of another account (choose another"
                + " bucketName), or this worker may not read it",
            e);
      }
      throw AwsErrors.classify(step + " " + what(bucket), e);
    }
  }

  static Map<String, String> tags(S3Client s3, String bucket) {
    try {
      Map<String, String> tags = new LinkedHashMap<>();
      for (Tag tag : s3.getBucketTagging(r -> r.bucket(bucket)).tagSet()) {
        tags.put(tag.key(), tag.value() == null ? "" : tag.value());
      }
      return tags;
    } catch (SdkException e) {
      if ("NoSuchTagSet".equals(AwsErrors.code(e))) {
        return new LinkedHashMap<>();
      }
      throw e;
    }
  }

  private static boolean versioning(S3Client s3, String bucket) {
    return s3.getBucketVersioning(r -> r.bucket(bucket)).status() == BucketVersioningStatus.ENABLED;
  }

  private Outputs outputs(String bucket) {
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("bucketName", bucket);
    outputs.put("arn", "arn:aws:s3:::" + bucket);
    return Outputs.of(outputs);
  }

  @Override
  public Observation observe(ResourceSpec spec, ProviderContext context) {
    S3Client s3 = clients.s3(context);
    String bucket = bucketName(spec);
    Map<String, String> tags = observedTags(s3, bucket);
    if (tags == null) {
      return renamedFrom(s3, spec, context);
    }
    if (!Marks.marked(tags)) {
      // Adopting a bucket under a new name renames this resource: its old bucket, if any, is
      // observed so that the plan is the replace that deletes it instead of leaving it marked.
      Observation renamed = spec.adopt() ? renamedFrom(s3, spec, context) : Observation.absent();
      return renamed.exists()
          ? renamed
          : Observation.unmanaged(bucket, state(s3, bucket, tags), outputs(bucket));
    }
    if (!Marks.markedFor(tags, context.environment(), spec.name().value())) {
      return Observation.managedElsewhere(bucket);
    }
    return Observation.managed(bucket, state(s3, bucket, tags), outputs(bucket));
  }

  /**
   * When the declared name is absent (or unmarked and adopted), this resource's bucket under its
   * previous name, which a rename replaces; without it the old bucket would keep our marks and no
   * prune would remove it. The search lists every bucket, so it runs only then.
   */
  private Observation renamedFrom(S3Client s3, ResourceSpec spec, ProviderContext context) {
    for (ManagedResource previous : listManaged(context.environment(), context)) {
      if (previous.name().equals(spec.name().value())) {
        String old = previous.id();
        Map<String, String> tags = observedTags(s3, old);
        if (tags != null) {
          return Observation.managed(old, state(s3, old, tags), outputs(old));
        }
      }
    }
    return Observation.absent();
  }

  private Map<String, Object> state(S3Client s3, String bucket, Map<String, String> tags) {
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("bucketName", bucket);
    state.put(
        "versioning",
        AwsErrors.call("reading versioning of " + what(bucket), () -> versioning(s3, bucket)));
    state.put("tags", tags);
    state.put("forceDestroy", "true".equals(tags.get(FORCE_DESTROY)));
    return state;
  }

  @Override
  public Plan diff(ResourceSpec spec, Observation observation) {
    return Diffs.plan(
        schema.withDefaults(spec.properties()), observation, schema.immutableProperties());
  }

  @Override
  public Outputs apply(ResourceSpec spec, Plan plan, ProviderContext context) {
    S3Client s3 = clients.s3(context);
    String bucket = bucketName(spec);
    Map<String, Object> desired = schema.withDefaults(spec.properties());
    String previous = Objects.toString(plan.before("bucketName"), null);
    if (plan.action() == Plan.Action.REPLACE && previous != null && !previous.equals(bucket)) {
      // A new name that may not be taken is refused before the old bucket goes, so a refused
      // rename leaves both buckets as they were.
      Map<String, String> taken = observedTags(s3, bucket);
      if (taken != null) {
        Marks.checkTakeable(what(bucket), taken, spec, context.environment(), false);
      }
      boolean forced = Boolean.TRUE.equals(desired.get("forceDestroy"));
      destroy(s3, previous, context.environment(), spec.name().value(), forced, context);
      context.progress("deleted bucket " + previous + ", renamed to " + bucket);
    }
    boolean created = false;
    if (!exists(s3, bucket)) {
      String region = clients.regionName(context, s3);
      AwsErrors.run(
          "creating " + what(bucket),
          () ->
              s3.createBucket(
                  r -> {
                    r.bucket(bucket);
                    if (!"us-east-1".equals(region)) {
                      r.createBucketConfiguration(c -> c.locationConstraint(region));
                    }
                  }));
      context.progress("created bucket " + bucket);
      created = true;
    }
    Map<String, String> live =
        AwsErrors.call("reading tags of " + what(bucket), () -> tags(s3, bucket));
    Marks.checkTakeable(what(bucket), live, spec, context.environment(), created);
    Map<String, String> wanted = new LinkedHashMap<>(live);
    wanted.putAll(Marks.withMarks(Marks.declaredTags(desired), context.environment(), spec));
    wanted.put(FORCE_DESTROY, Boolean.TRUE.equals(desired.get("forceDestroy")) ? "true" : "false");
    if (!wanted.equals(live)) {
      List<Tag> tagSet = new ArrayList<>();
      wanted.forEach((k, v) -> tagSet.add(Tag.builder().key(k).value(v).build()));
      AwsErrors.run(
          "tagging " + what(bucket),
          () -> s3.putBucketTagging(r -> r.bucket(bucket).tagging(t -> t.tagSet(tagSet))));
    }
    boolean versioning = Boolean.TRUE.equals(desired.get("versioning"));
    boolean liveVersioning =
        AwsErrors.call("reading versioning of " + what(bucket), () -> versioning(s3, bucket));
    if (versioning != liveVersioning) {
      AwsErrors.run(
          "setting versioning of " + what(bucket),
          () ->
              s3.putBucketVersioning(
                  r ->
                      r.bucket(bucket)
                          .versioningConfiguration(
                              v ->
                                  v.status(
                                      versioning
                                          ? BucketVersioningStatus.ENABLED
                                          : BucketVersioningStatus.SUSPENDED))));
    }
    return outputs(bucket);
  }

  @Override
  public void delete(ManagedResource resource, ProviderContext context) {
    S3Client s3 = clients.s3(context);
    destroy(s3, resource.id(), resource.environment(), resource.name(), false, context);
  }

  /**
   * Deletes a bucket that still carries the marks of {@code resource}; it is emptied first when its
   * forceDestroy tag says so or {@code forced} (a rename whose new definition sets it).
   */
  private static void destroy(
      S3Client s3,
      String bucket,
      String environment,
      String resource,
      boolean forced,
      ProviderContext context) {
    Map<String, String> tags = observedTags(s3, bucket);
    if (tags == null) {
      return;
    }
    boolean force = forced || "true".equals(tags.get(FORCE_DESTROY));
    if (!Marks.markedFor(tags, environment, resource)) {
      throw ProviderException.invalid(
          what(bucket) + " no longer carries the marks of " + resource + "; not deleting it");
    }
    if (force) {
      AwsErrors.run("emptying " + what(bucket), () -> empty(s3, bucket, context));
    }
    try {
      s3.deleteBucket(r -> r.bucket(bucket));
    } catch (SdkException e) {
      if (AwsErrors.notFound(e)) {
        return;
      }
      if ("BucketNotEmpty".equals(AwsErrors.code(e))) {
        throw ProviderException.invalid(
            what(bucket)
                + " holds objects and forceDestroy is false; empty it or set forceDestroy: true",
            e);
      }
      throw AwsErrors.classify("deleting " + what(bucket), e);
    }
  }

  private static void empty(S3Client s3, String bucket, ProviderContext context) {
    String keyMarker = null;
    String versionMarker = null;
    while (true) {
      String key = keyMarker;
      String version = versionMarker;
      ListObjectVersionsResponse page =
          s3.listObjectVersions(r -> r.bucket(bucket).keyMarker(key).versionIdMarker(version));
      List<ObjectIdentifier> doomed = new ArrayList<>();
      page.versions()
          .forEach(
              v ->
                  doomed.add(
                      ObjectIdentifier.builder().key(v.key()).versionId(v.versionId()).build()));
      page.deleteMarkers()
          .forEach(
              m ->
                  doomed.add(
                      ObjectIdentifier.builder().key(m.key()).versionId(m.versionId()).build()));
      if (!doomed.isEmpty()) {
        s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(doomed).quiet(true)));
        context.progress("deleted " + doomed.size() + " objects from " + bucket);
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return;
      }
      keyMarker = page.nextKeyMarker();
      versionMarker = page.nextVersionIdMarker();
    }
  }

  private static boolean isOfAnotherRegion(SdkException e) {
    return "PermanentRedirect".equals(AwsErrors.code(e))
        || "AuthorizationHeaderMalformed".equals(AwsErrors.code(e))
        || (e instanceof AwsServiceException service && service.statusCode() == 301);
  }

  List<ManagedResource> listManaged(String environment, ProviderContext context) {
    S3Client s3 = clients.s3(context);
    List<Bucket> buckets =
        AwsErrors.call(
            "listing buckets", () -> s3.listBucketsPaginator().buckets().stream().toList());
    List<ManagedResource> managed = new ArrayList<>();
    for (Bucket bucket : buckets) {
      Map<String, String> tags;
      try {
        tags = tags(s3, bucket.name());
      } catch (SdkException e) {
        // One deleted meanwhile, or one of another region (S3 redirects: 301), is not this
        // environment's; throttling or a denied read must surface, or prune would miss buckets.
        if (AwsErrors.notFound(e) || isOfAnotherRegion(e)) {
          continue;
        }
        throw AwsErrors.classify("reading tags of " + what(bucket.name()), e);
      }
      if (!environment.equals(tags.get(Marks.ENVIRONMENT))) {
        continue;
      }
      String name = tags.get(Marks.RESOURCE);
      if (name == null || name.isBlank()) {
        continue;
      }
      Map<String, String> attributes = new LinkedHashMap<>(Marks.attributes(tags));
      if ("true".equals(tags.get(FORCE_DESTROY))) {
        attributes.put(FORCE_DESTROY_ATTRIBUTE, "true");
      }
      managed.add(new ManagedResource(environment, name, type(), bucket.name(), attributes));
    }
    return managed;
  }
}
