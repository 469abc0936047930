package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.provider.Plan.Action;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DiffsTest {

  /** A map that keeps the order its entries are given in, and allows null values. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  @Nested
  class Changes {

    @Test
    void equalMapsHaveNoChanges() {
      var desired = map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", true);

      assertThat(
              Diffs.changes(desired, map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", true)))
          .isEmpty();
    }

    @Test
    void aDifferentScalarIsOneChangeWithBeforeAndAfter() {
      var changes =
          Diffs.changes(
              map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", true),
              map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", false));

      assertThat(changes).containsExactly(new Change("enableDnsHostnames", false, true));
    }

    @Test
    void fieldsOnlyTheLiveSideHasAreNeverChanges() {
      var changes =
          Diffs.changes(
              map("cidrBlock", "10.0.0.0/16"),
              map("cidrBlock", "10.0.0.0/16", "enableDnsSupport", true, "ownerId", "1234"));

      assertThat(changes).isEmpty();
    }

    @Test
    void aFieldMissingLiveChangesFromNull() {
      var changes = Diffs.changes(map("versioning", true), map());

      assertThat(changes).containsExactly(new Change("versioning", null, true));
    }

    @Test
    void aNullObservedMapIsTreatedAsEmpty() {
      assertThat(Diffs.changes(map("versioning", true), null))
          .containsExactly(new Change("versioning", null, true));
    }

    @Test
    void changesFollowTheOrderOfTheDesiredMap() {
      var changes = Diffs.changes(map("z", 1, "a", 2, "m", 3), map("z", 0, "a", 0, "m", 0));

      assertThat(changes).extracting(Change::path).containsExactly("z", "a", "m");
    }

    @Test
    void nestedMapsAreComparedKeyByKeyWithDottedPaths() {
      var changes =
          Diffs.changes(
              map("tags", map("team", "payments", "env", "staging")),
              map("tags", map("team", "search", "env", "staging", "owner", "someone-else")));

      assertThat(changes).containsExactly(new Change("tags.team", "search", "payments"));
    }

    @Test
    void keysThatAreNotPlainNamesAreQuotedInThePath() {
      var changes =
          Diffs.changes(
              map("labels", map("app.kubernetes.io/name", "web")),
              map("labels", map("app.kubernetes.io/name", "api")));

      assertThat(changes)
          .extracting(Change::path)
          .containsExactly("labels[\"app.kubernetes.io/name\"]");
    }

    @Test
    void aNestedMapMissingLiveListsEachDesiredKey() {
      var changes = Diffs.changes(map("tags", map("team", "payments", "env", "staging")), map());

      assertThat(changes)
          .containsExactly(
              new Change("tags.team", null, "payments"), new Change("tags.env", null, "staging"));
    }

    @Test
    void deeplyNestedMapsBuildTheWholePath() {
      var changes =
          Diffs.changes(
              map("spec", map("template", map("replicas", 3))),
              map("spec", map("template", map("replicas", 1, "paused", false))));

      assertThat(changes).containsExactly(new Change("spec.template.replicas", 1, 3));
    }

    @Test
    void aMapWhereLiveHasAScalarIsOneChangeOfTheWholeValue() {
      var changes = Diffs.changes(map("policy", map("version", "2012")), map("policy", "{}"));

      assertThat(changes).containsExactly(new Change("policy", "{}", map("version", "2012")));
    }

    @Test
    void aListIsComparedWholeAndReportedWithThePathOfTheList() {
      var desired =
          map(
              "routes",
              List.of(
                  map("destinationCidrBlock", "0.0.0.0/0", "gatewayId", "igw-1"),
                  map("destinationCidrBlock", "10.1.0.0/16", "gatewayId", "pcx-1")));
      var live =
          map(
              "routes",
              List.of(
                  map("destinationCidrBlock", "0.0.0.0/0", "gatewayId", "igw-2"),
                  map("destinationCidrBlock", "10.1.0.0/16", "gatewayId", "pcx-1")));

      var changes = Diffs.changes(desired, live);

      assertThat(changes)
          .containsExactly(new Change("routes", live.get("routes"), desired.get("routes")));
    }

    @Test
    void listOrderMatters() {
      var changes =
          Diffs.changes(map("subnetIds", List.of("a", "b")), map("subnetIds", List.of("b", "a")));

      assertThat(changes)
          .containsExactly(new Change("subnetIds", List.of("b", "a"), List.of("a", "b")));
    }

    @Test
    void aLiveListWithAnExtraElementDiffers() {
      var changes =
          Diffs.changes(
              map("managedPolicyArns", List.of("a")), map("managedPolicyArns", List.of("a", "b")));

      assertThat(changes).hasSize(1);
    }

    @Test
    void mapsInsideListsMustMatchExactly() {
      var changes =
          Diffs.changes(
              map("ingress", List.of(map("protocol", "tcp"))),
              map("ingress", List.of(map("protocol", "tcp", "fromPort", 22))));

      assertThat(changes).extracting(Change::path).containsExactly("ingress");
    }

    @Test
    void numbersAreComparedByValueWhateverTheirJavaType() {
      var desired = map("a", 2, "b", 2L, "c", 2.0, "d", new BigDecimal("2.00"), "e", 0.1, "f", 3);
      var live =
          map(
              "a",
              2L,
              "b",
              2.0,
              "c",
              2,
              "d",
              BigInteger.TWO,
              "e",
              new BigDecimal("0.1"),
              "f",
              (short) 3);

      assertThat(Diffs.changes(desired, live)).isEmpty();
    }

    @Test
    void numbersInsideListsAndNestedMapsAreComparedByValue() {
      var desired = map("ports", List.of(80, 443), "limits", map("replicas", 2));
      var live = map("ports", List.of(80L, 443.0), "limits", map("replicas", 2L));

      assertThat(Diffs.changes(desired, live)).isEmpty();
    }

    @Test
    void differentNumbersDiffer() {
      assertThat(Diffs.changes(map("replicas", 3), map("replicas", 2L)))
          .containsExactly(new Change("replicas", 2L, 3));
      assertThat(Diffs.changes(map("ratio", 0.5), map("ratio", 0.25))).hasSize(1);
    }

    @Test
    void aStringNeverEqualsANumber() {
      assertThat(Diffs.changes(map("replicas", 2), map("replicas", "2")))
          .containsExactly(new Change("replicas", "2", 2));
    }

    @Test
    void aBooleanNeverEqualsAString() {
      assertThat(Diffs.changes(map("versioning", true), map("versioning", "true"))).hasSize(1);
    }

    @Test
    void aDesiredNullMatchesAnAbsentOrNullLiveValue() {
      assertThat(Diffs.changes(map("description", null), map())).isEmpty();
      assertThat(Diffs.changes(map("description", null), map("description", null))).isEmpty();
    }

    @Test
    void aDesiredNullAgainstALiveValueRemovesIt() {
      assertThat(Diffs.changes(map("description", null), map("description", "old")))
          .containsExactly(new Change("description", "old", null));
    }

    @Test
    void anEmptyDesiredMapSetsNothing() {
      assertThat(Diffs.changes(map("tags", map()), map("tags", map("team", "x")))).isEmpty();
    }

    @Test
    void theResultCannotBeModified() {
      var changes = Diffs.changes(map("a", 1), map());

      assertThatThrownBy(() -> changes.add(new Change("b", null, 1)))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theChangedValuesAreCopiesTheCallerCannotAlter() {
      List<Object> desiredList = new ArrayList<>(List.of("a"));
      var changes = Diffs.changes(map("names", desiredList), map("names", List.of()));
      desiredList.add("b");

      assertThat(changes.get(0).after()).isEqualTo(List.of("a"));
    }
  }

  @Nested
  class SameValue {

    @Test
    void mapsMustHaveTheSameKeysExceptForNullValues() {
      assertThat(Diffs.sameValue(map("a", 1), map("a", 1L))).isTrue();
      assertThat(Diffs.sameValue(map("a", 1), map("a", 1, "b", 2))).isFalse();
      assertThat(Diffs.sameValue(map("a", 1), map("a", 1, "b", null))).isTrue();
    }

    @Test
    void mapsDoNotDependOnTheirImplementationOrOrder() {
      Map<String, Object> hashed = new HashMap<>(map("b", 2, "a", 1));

      assertThat(Diffs.sameValue(map("a", 1, "b", 2), hashed)).isTrue();
    }

    @Test
    void listsOfDifferentLengthsDiffer() {
      assertThat(Diffs.sameValue(List.of(1, 2), List.of(1, 2, 3))).isFalse();
      assertThat(Diffs.sameValue(List.of(1, 2, 3), List.of(1, 2))).isFalse();
    }

    @Test
    void nullOnlyEqualsNull() {
      assertThat(Diffs.sameValue(null, null)).isTrue();
      assertThat(Diffs.sameValue(null, 0)).isFalse();
      assertThat(Diffs.sameValue("", null)).isFalse();
    }

    @Test
    void nonFiniteNumbersCompareAsDoubles() {
      assertThat(Diffs.sameValue(Double.NaN, Double.NaN)).isTrue();
      assertThat(Diffs.sameValue(Double.POSITIVE_INFINITY, Float.POSITIVE_INFINITY)).isTrue();
      assertThat(Diffs.sameValue(Double.POSITIVE_INFINITY, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void largeLongsAreComparedExactly() {
      assertThat(Diffs.sameValue(Long.MAX_VALUE, Long.MAX_VALUE - 1)).isFalse();
      assertThat(Diffs.sameValue(Long.MAX_VALUE, new BigInteger(Long.toString(Long.MAX_VALUE))))
          .isTrue();
    }
  }

  @Nested
  class PlanRules {

    private final Set<String> immutable = Set.of("cidrBlock", "availabilityZone");

    @Test
    void nothingLiveIsACreateListingTheDesiredFields() {
      var plan =
          Diffs.plan(
              map("cidrBlock", "10.0.0.0/16", "tags", map("team", "x")),
              Observation.absent(),
              immutable);

      assertThat(plan.action()).isEqualTo(Action.CREATE);
      assertThat(plan.changes())
          .containsExactly(
              new Change("cidrBlock", null, "10.0.0.0/16"), new Change("tags.team", null, "x"));
    }

    @Test
    void nothingDifferentIsNone() {
      var observed = Observation.managed("vpc-1", map("cidrBlock", "10.0.0.0/16"), Outputs.none());

      assertThat(Diffs.plan(map("cidrBlock", "10.0.0.0/16"), observed, immutable))
          .isEqualTo(Plan.none());
    }

    @Test
    void aMutableChangeIsAnUpdate() {
      var observed =
          Observation.managed(
              "vpc-1", map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", false), null);

      var plan =
          Diffs.plan(
              map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", true), observed, immutable);

      assertThat(plan)
          .isEqualTo(Plan.update(List.of(new Change("enableDnsHostnames", false, true))));
    }

    @Test
    void anImmutableChangeIsAReplaceThatNamesTheField() {
      var observed =
          Observation.managed(
              "vpc-1", map("cidrBlock", "10.0.0.0/16", "enableDnsHostnames", false), null);

      var plan =
          Diffs.plan(
              map("cidrBlock", "10.1.0.0/16", "enableDnsHostnames", true), observed, immutable);

      assertThat(plan.action()).isEqualTo(Action.REPLACE);
      assertThat(plan.reason()).isEqualTo("cidrBlock cannot change in place");
      assertThat(plan.changes())
          .containsExactly(
              new Change("cidrBlock", "10.0.0.0/16", "10.1.0.0/16"),
              new Change("enableDnsHostnames", false, true));
    }

    @Test
    void theReasonNamesEveryImmutableFieldThatChanged() {
      var observed =
          Observation.managed(
              "subnet-1", map("cidrBlock", "10.0.1.0/24", "availabilityZone", "us-east-1a"), null);

      var plan =
          Diffs.plan(
              map("cidrBlock", "10.0.2.0/24", "availabilityZone", "us-east-1b"),
              observed,
              immutable);

      assertThat(plan.reason()).isEqualTo("cidrBlock and availabilityZone cannot change in place");
    }

    @Test
    void aChangeInsideAnImmutableMapPropertyForcesAReplace() {
      var observed = Observation.managed("r-1", map("selector", map("app", "web")), null);

      var plan = Diffs.plan(map("selector", map("app", "api")), observed, Set.of("selector"));

      assertThat(plan.action()).isEqualTo(Action.REPLACE);
      assertThat(plan.reason()).isEqualTo("selector cannot change in place");
    }

    @Test
    void anUnmarkedResourceBeingAdoptedIsAnUpdateEvenWhenInSync() {
      var observed = Observation.unmanaged("bucket-1", map("bucketName", "assets"), null);

      var plan = Diffs.plan(map("bucketName", "assets"), observed, immutable);

      assertThat(plan).isEqualTo(Plan.adopt(List.of()));
    }

    @Test
    void anUnmarkedResourceBeingAdoptedCarriesItsChanges() {
      var observed = Observation.unmanaged("bucket-1", map("versioning", false), null);

      assertThat(Diffs.plan(map("versioning", true), observed, immutable))
          .isEqualTo(Plan.adopt(List.of(new Change("versioning", false, true))));
    }

    @Test
    void anImmutableChangeStaysAReplaceWhenAdopting() {
      var observed = Observation.unmanaged("vpc-1", map("cidrBlock", "10.0.0.0/16"), null);

      assertThat(Diffs.plan(map("cidrBlock", "10.9.0.0/16"), observed, immutable).action())
          .isEqualTo(Action.REPLACE);
    }
  }

  @Test
  void keysMustBeStrings() {
    Map<String, Object> desired = map("tags", Map.of(1, "x"));

    assertThatThrownBy(() -> Diffs.changes(desired, map()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keys are strings");
  }
}
