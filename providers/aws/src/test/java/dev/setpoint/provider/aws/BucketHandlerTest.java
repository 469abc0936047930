package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.Plan;
import dev.setpoint.orchestrator.provider.ProviderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.Tag;

class BucketHandlerTest extends AwsTestSupport {

  static final String BUCKET = "aws:s3/Bucket";
  static final String NAME = "setpoint-test-artifacts";

  ResourceSpec bucket(Object... more) {
    Map<String, Object> properties = props(more);
    properties.put("bucketName", NAME);
    return spec("artifacts", BUCKET, properties);
  }

  ResourceSpec adopting(ResourceSpec spec) {
    return spec(spec.name().value(), BUCKET, spec.properties(), true, List.of());
  }

  boolean versioning() {
    return s3.getBucketVersioning(r -> r.bucket(NAME)).status() == BucketVersioningStatus.ENABLED;
  }

  ManagedResource listed() {
    return listedOfType(BUCKET);
  }

  @Test
  void createsWithMarksThenNoOpThenUpdatesVersioning() {
    ResourceSpec spec = bucket("tags", Map.of("team", "ci"));
    assertThat(plan(spec).action()).isEqualTo(Plan.Action.CREATE);
    assertThat(reconcile(spec).values())
        .isEqualTo(Map.of("bucketName", NAME, "arn", "arn:aws:s3:::" + NAME));
    assertThat(BucketHandler.tags(s3, NAME))
        .containsEntry("team", "ci")
        .containsEntry("setpoint:environment", ENV)
        .containsEntry("setpoint:resource", "artifacts");
    assertThat(versioning()).isFalse();
    assertNone(plan(spec));

    ResourceSpec versioned = bucket("tags", Map.of("team", "ci"), "versioning", true);
    assertThat(paths(plan(versioned))).containsExactly("versioning");
    reconcile(versioned);
    assertThat(versioning()).isTrue();
    assertNone(plan(versioned));
  }

  @Test
  void tagAndVersioningDriftIsRevertedAndOtherTagsAreKept() {
    ResourceSpec spec = bucket("tags", Map.of("team", "ci"), "versioning", true);
    reconcile(spec);
    Map<String, String> tags = new java.util.LinkedHashMap<>(BucketHandler.tags(s3, NAME));
    tags.put("team", "someone-else");
    tags.put("cost-center", "42");
    s3.putBucketTagging(
        r ->
            r.bucket(NAME)
                .tagging(
                    t ->
                        t.tagSet(
                            tags.entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList())));
    s3.putBucketVersioning(
        r ->
            r.bucket(NAME)
                .versioningConfiguration(v -> v.status(BucketVersioningStatus.SUSPENDED)));

    Plan plan = plan(spec);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).containsExactlyInAnyOrder("versioning", "tags.team");
    reconcile(spec);
    assertThat(versioning()).isTrue();
    assertThat(BucketHandler.tags(s3, NAME))
        .containsEntry("team", "ci")
        .containsEntry("cost-center", "42");
    assertNone(plan(spec));
  }

  @Test
  void anUnmarkedBucketIsRefusedUnlessAdopted() {
    s3.createBucket(r -> r.bucket(NAME));
    ResourceSpec spec = bucket();
    Observation observation = handler(BUCKET).observe(spec, context());
    assertThat(observation.ownership()).isEqualTo(Observation.Ownership.UNMANAGED);
    assertThatThrownBy(() -> reconcile(spec))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
              assertThat(e.getMessage()).contains("adopt: true");
            });
    assertThat(BucketHandler.tags(s3, NAME)).doesNotContainKey("setpoint:environment");
    // apply itself refuses too, should a caller skip checkManageable.
    assertThatThrownBy(
            () ->
                handler(BUCKET)
                    .apply(
                        spec,
                        Plan.update(
                            List.of(
                                new dev.setpoint.orchestrator.provider.Change(
                                    "versioning", true, false))),
                        context()))
        .isInstanceOf(ProviderException.class);

    ResourceSpec adopt = adopting(spec);
    Plan plan = plan(adopt);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(plan.reason()).contains("adopt");
    reconcile(adopt);
    assertThat(handler(BUCKET).observe(spec, context()).ownership())
        .isEqualTo(Observation.Ownership.MANAGED);
    assertNone(plan(spec));
  }

  @Test
  void aBucketOfAnotherEnvironmentIsNeverTouched() {
    reconcile(bucket(), context("prod"));
    assertThat(handler(BUCKET).observe(adopting(bucket()), context()).ownership())
        .isEqualTo(Observation.Ownership.MANAGED_ELSEWHERE);
    assertThatThrownBy(() -> reconcile(adopting(bucket())))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID));
    assertThat(BucketHandler.tags(s3, NAME)).containsEntry("setpoint:environment", "prod");
  }

  @Test
  void deleteRefusesObjectsWithoutForceDestroyAndIsIdempotent() {
    reconcile(bucket());
    s3.putObject(r -> r.bucket(NAME).key("a.txt"), RequestBody.fromString("a"));
    ManagedResource managed = listed();
    assertThat(managed).isEqualTo(new ManagedResource(ENV, "artifacts", BUCKET, NAME, Map.of()));
    assertThatThrownBy(() -> handler(BUCKET).delete(managed, context()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
              assertThat(e.getMessage()).contains("forceDestroy");
            });
    assertThat(s3.listBuckets().buckets()).hasSize(1);

    reconcile(bucket("forceDestroy", true, "versioning", true));
    s3.putObject(r -> r.bucket(NAME).key("a.txt"), RequestBody.fromString("b"));
    s3.deleteObject(r -> r.bucket(NAME).key("a.txt"));
    ManagedResource forced = listed();
    assertThat(forced.attributes()).containsEntry("setpoint.dev/force-destroy", "true");
    handler(BUCKET).delete(forced, context());
    handler(BUCKET).delete(forced, context());
    assertThat(s3.listBuckets().buckets()).isEmpty();
    assertThat(provider.listManaged(ENV, context())).isEmpty();
  }

  @Test
  void aBucketDeletedOutOfBandIsMadeAgain() {
    reconcile(bucket());
    s3.deleteBucket(r -> r.bucket(NAME));
    assertThat(plan(bucket()).action()).isEqualTo(Plan.Action.CREATE);
    reconcile(bucket());
    assertThat(BucketHandler.tags(s3, NAME)).containsEntry("setpoint:resource", "artifacts");
    assertNone(plan(bucket()));
  }

  @Test
  void aRenameReplacesTheOldBucketAndANonEmptyOneNeedsForceDestroy() {
    reconcile(bucket());
    s3.putObject(r -> r.bucket(NAME).key("a.txt"), RequestBody.fromString("a"));
    String renamed = NAME + "-2";
    ResourceSpec rename = spec("artifacts", BUCKET, props("bucketName", renamed));
    Plan plan = plan(rename);
    assertThat(plan.action()).isEqualTo(Plan.Action.REPLACE);
    assertThat(plan.reason()).contains("bucketName");
    assertThatThrownBy(() -> reconcile(rename))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.getMessage()).contains("forceDestroy"));
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(NAME);

    ResourceSpec forced =
        spec("artifacts", BUCKET, props("bucketName", renamed, "forceDestroy", true));
    reconcile(forced);
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(renamed);
    assertThat(provider.listManaged(ENV, context()))
        .extracting(ManagedResource::id)
        .containsExactly(renamed);
    assertNone(plan(forced));
  }

  @Test
  void anUnmarkedBucketAppearingBetweenPlanAndApplyIsNotAdopted() {
    Plan plan = plan(bucket());
    assertThat(plan.action()).isEqualTo(Plan.Action.CREATE);
    s3.createBucket(r -> r.bucket(NAME));
    assertThatThrownBy(() -> handler(BUCKET).apply(bucket(), plan, context()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.getMessage()).contains("adopt: true"));
    assertThat(BucketHandler.tags(s3, NAME)).doesNotContainKey("setpoint:environment");
  }

  @Test
  void aRenameOntoAnUnmarkedBucketIsRefusedBeforeAnythingIsDeletedOrCreated() {
    reconcile(bucket());
    String renamed = NAME + "-2";
    ResourceSpec rename = spec("artifacts", BUCKET, props("bucketName", renamed));
    Plan planned = plan(rename);
    assertThat(planned.action()).isEqualTo(Plan.Action.REPLACE);
    s3.createBucket(r -> r.bucket(renamed));

    // Through observe, as the engine runs it, and through apply with the plan made before the
    // unmarked bucket appeared: both refuse while the old bucket is still there.
    assertThatThrownBy(() -> reconcile(rename))
        .isInstanceOfSatisfying(ProviderException.class, BucketHandlerTest::refusedNamingAdopt);
    assertThatThrownBy(() -> handler(BUCKET).apply(rename, planned, context()))
        .isInstanceOfSatisfying(ProviderException.class, BucketHandlerTest::refusedNamingAdopt);
    assertThat(s3.listBuckets().buckets())
        .extracting(b -> b.name())
        .containsExactlyInAnyOrder(NAME, renamed);
    assertThat(BucketHandler.tags(s3, NAME)).containsEntry("setpoint:resource", "artifacts");
    assertThat(BucketHandler.tags(s3, renamed)).isEmpty();
    assertNone(plan(bucket()));
  }

  @Test
  void aRenameOntoAnAdoptedBucketReplacesTheOldOne() {
    reconcile(bucket());
    String renamed = NAME + "-2";
    s3.createBucket(r -> r.bucket(renamed));
    ResourceSpec adopt = spec("artifacts", BUCKET, props("bucketName", renamed), true, List.of());
    Plan plan = plan(adopt);
    assertThat(plan.action()).isEqualTo(Plan.Action.REPLACE);
    assertThat(plan.reason()).contains("bucketName");

    reconcile(adopt);
    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).containsExactly(renamed);
    assertThat(BucketHandler.tags(s3, renamed)).containsEntry("setpoint:resource", "artifacts");
    assertThat(provider.listManaged(ENV, context()))
        .extracting(ManagedResource::id)
        .containsExactly(renamed);
    assertNone(plan(adopt));
  }

  static void refusedNamingAdopt(ProviderException e) {
    assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID);
    assertThat(e.getMessage()).contains("adopt: true").doesNotContain("\n");
  }

  @Test
  void aTagReadDeniedWhileListingForPruneFailsTheListingInsteadOfSkippingTheBucket()
      throws Exception {
    reconcile(bucket());
    s3.createBucket(r -> r.bucket("someone-elses"));
    // A bucket without tags (NoSuchTagSet) is not the environment's: skipped, not an error.
    assertThat(provider.listManaged(ENV, context()))
        .extracting(ManagedResource::id)
        .containsExactly(NAME);

    // A worker whose keys may list buckets but not read their tags: moto refuses the tag read
    // (AccessDenied), which must fail the listing, or prune would silently miss the bucket.
    software.amazon.awssdk.services.iam.model.AccessKey key;
    try (var iam = MOTO.iam()) {
      iam.createUser(r -> r.userName("lister"));
      iam.putUserPolicy(
          r ->
              r.userName("lister")
                  .policyName("list-only")
                  .policyDocument(
                      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                          + "\"Action\":[\"ec2:Describe*\",\"s3:ListAllMyBuckets\"],"
                          + "\"Resource\":\"*\"}]}"));
      key = iam.createAccessKey(r -> r.userName("lister")).accessKey();
    }
    MOTO.authenticate(true);
    System.setProperty("aws.accessKeyId", key.accessKeyId());
    System.setProperty("aws.secretAccessKey", key.secretAccessKey());
    try (AwsProvider lister =
        new AwsProvider(Map.of(AwsClients.ENDPOINT_VARIABLE, MOTO.endpoint().toString())::get)) {
      assertThatThrownBy(() -> lister.listManaged(ENV, context()))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ProviderException.Kind.PERMISSION);
                assertThat(e.getMessage())
                    .startsWith("reading tags of aws:s3/Bucket ")
                    .contains("AccessDenied")
                    .doesNotContain("\n");
              });
    } finally {
      System.setProperty("aws.accessKeyId", "testing");
      System.setProperty("aws.secretAccessKey", "testing");
      MOTO.authenticate(false);
    }
  }
}
