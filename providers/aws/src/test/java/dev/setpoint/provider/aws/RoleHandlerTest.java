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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

class RoleHandlerTest extends AwsTestSupport {

  static final String ROLE = "aws:iam/Role";
  static final String NAME = "deployer";

  IamClient iam;
  String readPolicy;
  String writePolicy;

  @BeforeEach
  void iam() {
    iam = MOTO.iam();
    String document =
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
    readPolicy =
        iam.createPolicy(r -> r.policyName("read").policyDocument(document)).policy().arn();
    writePolicy =
        iam.createPolicy(r -> r.policyName("write").policyDocument(document)).policy().arn();
  }

  @AfterEach
  void closeIam() {
    iam.close();
  }

  static Map<String, Object> trust(String service) {
    return props(
        "Version",
        "2012-10-17",
        "Statement",
        List.of(
            props(
                "Effect",
                "Allow",
                "Principal",
                Map.of("Service", service),
                "Action",
                "sts:AssumeRole")));
  }

  ResourceSpec role(boolean adopt, Object... more) {
    Map<String, Object> properties = props(more);
    properties.put("roleName", NAME);
    properties.putIfAbsent("assumeRolePolicy", trust("ec2.amazonaws.com"));
    return spec("deployer", ROLE, properties, adopt, List.of());
  }

  List<String> attached() {
    return iam.listAttachedRolePolicies(r -> r.roleName(NAME)).attachedPolicies().stream()
        .map(AttachedPolicy::policyArn)
        .sorted()
        .toList();
  }

  @Test
  void createsThenNoOpThenUpdatesAndRevertsDrift() {
    ResourceSpec spec = role(false, "managedPolicyArns", List.of(readPolicy), "description", "ci");
    Map<String, Object> outputs = reconcile(spec).values();
    assertThat(outputs.get("roleName")).isEqualTo(NAME);
    assertThat(outputs.get("arn").toString()).endsWith(":role/" + NAME);
    assertThat(attached()).containsExactly(readPolicy);
    assertThat(RoleHandler.tags(iam, NAME)).containsEntry("setpoint:resource", "deployer");
    assertNone(plan(spec));

    ResourceSpec both =
        role(
            false,
            "managedPolicyArns",
            List.of(writePolicy, readPolicy),
            "description",
            "ci and cd");
    assertThat(paths(plan(both))).containsExactlyInAnyOrder("managedPolicyArns", "description");
    reconcile(both);
    assertThat(attached()).containsExactlyInAnyOrder(readPolicy, writePolicy);
    assertThat(iam.getRole(r -> r.roleName(NAME)).role().description()).isEqualTo("ci and cd");
    assertNone(plan(both));

    iam.detachRolePolicy(r -> r.roleName(NAME).policyArn(writePolicy));
    iam.updateAssumeRolePolicy(
        r ->
            r.roleName(NAME)
                .policyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
    Plan drift = plan(both);
    assertThat(drift.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(drift))
        .anyMatch(p -> p.startsWith("assumeRolePolicy"))
        .contains("managedPolicyArns");
    reconcile(both);
    assertThat(attached()).containsExactlyInAnyOrder(readPolicy, writePolicy);
    assertNone(plan(both));
  }

  @Test
  void anUnmarkedRoleIsRefusedUnlessAdoptedAndDeleteIsIdempotent() {
    iam.createRole(
        r ->
            r.roleName(NAME)
                .assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
    assertThat(handler(ROLE).observe(role(false), context()).ownership())
        .isEqualTo(Observation.Ownership.UNMANAGED);
    assertThatThrownBy(() -> reconcile(role(false)))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.getMessage()).contains("adopt: true"));
    assertThat(RoleHandler.tags(iam, NAME)).doesNotContainKey("setpoint:environment");

    reconcile(role(true, "managedPolicyArns", List.of(readPolicy)));
    assertThat(handler(ROLE).observe(role(false), context()).ownership())
        .isEqualTo(Observation.Ownership.MANAGED);
    assertNone(plan(role(false, "managedPolicyArns", List.of(readPolicy))));

    ManagedResource managed = listedOfType(ROLE);
    assertThat(managed.id()).isEqualTo(NAME);
    handler(ROLE).delete(managed, context());
    handler(ROLE).delete(managed, context());
    assertThat(handler(ROLE).observe(role(false), context()).ownership())
        .isEqualTo(Observation.Ownership.ABSENT);
  }

  @Test
  void aRenameReplacesTheOldRole() {
    reconcile(role(false, "managedPolicyArns", List.of(readPolicy)));
    Map<String, Object> properties = props("managedPolicyArns", List.of(readPolicy));
    properties.put("roleName", "deployer-2");
    properties.put("assumeRolePolicy", trust("ec2.amazonaws.com"));
    ResourceSpec rename = spec("deployer", ROLE, properties);
    Plan plan = plan(rename);
    assertThat(plan.action()).isEqualTo(Plan.Action.REPLACE);
    assertThat(plan.reason()).contains("roleName");

    reconcile(rename);
    assertThat(iam.listRoles().roles()).extracting(r -> r.roleName()).containsExactly("deployer-2");
    assertThat(provider.listManaged(ENV, context()))
        .extracting(ManagedResource::id)
        .containsExactly("deployer-2");
    assertNone(plan(rename));
  }

  @Test
  void aTrustPolicyChangedInGitIsUpdated() {
    reconcile(role(false));
    ResourceSpec lambda = role(false, "assumeRolePolicy", trust("lambda.amazonaws.com"));
    Plan plan = plan(lambda);
    assertThat(plan.action()).isEqualTo(Plan.Action.UPDATE);
    assertThat(paths(plan)).allMatch(path -> path.startsWith("assumeRolePolicy"));
    reconcile(lambda);
    assertThat(
            RoleHandler.parsePolicy(
                iam.getRole(r -> r.roleName(NAME)).role().assumeRolePolicyDocument()))
        .isEqualTo(trust("lambda.amazonaws.com"));
    assertNone(plan(lambda));
  }

  ResourceSpec renamedRole(boolean adopt) {
    Map<String, Object> properties = props("roleName", "deployer-2");
    properties.put("assumeRolePolicy", trust("ec2.amazonaws.com"));
    return spec("deployer", ROLE, properties, adopt, List.of());
  }

  void createUnmarked(String name) {
    iam.createRole(
        r ->
            r.roleName(name)
                .assumeRolePolicyDocument(
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"));
  }

  @Test
  void aRenameOntoAnUnmarkedRoleIsRefusedBeforeAnythingIsDeletedOrCreated() {
    reconcile(role(false, "managedPolicyArns", List.of(readPolicy)));
    Plan planned = plan(renamedRole(false));
    assertThat(planned.action()).isEqualTo(Plan.Action.REPLACE);
    createUnmarked("deployer-2");

    assertThatThrownBy(() -> reconcile(renamedRole(false)))
        .isInstanceOfSatisfying(ProviderException.class, BucketHandlerTest::refusedNamingAdopt);
    assertThatThrownBy(() -> handler(ROLE).apply(renamedRole(false), planned, context()))
        .isInstanceOfSatisfying(ProviderException.class, BucketHandlerTest::refusedNamingAdopt);
    assertThat(iam.listRoles().roles())
        .extracting(r -> r.roleName())
        .containsExactlyInAnyOrder(NAME, "deployer-2");
    assertThat(attached()).containsExactly(readPolicy);
    assertThat(RoleHandler.tags(iam, "deployer-2")).isEmpty();
    assertNone(plan(role(false, "managedPolicyArns", List.of(readPolicy))));
  }

  @Test
  void aRenameOntoAnAdoptedRoleReplacesTheOldOne() {
    reconcile(role(false));
    createUnmarked("deployer-2");
    Plan plan = plan(renamedRole(true));
    assertThat(plan.action()).isEqualTo(Plan.Action.REPLACE);
    assertThat(plan.reason()).contains("roleName");

    reconcile(renamedRole(true));
    assertThat(iam.listRoles().roles()).extracting(r -> r.roleName()).containsExactly("deployer-2");
    assertThat(provider.listManaged(ENV, context()))
        .extracting(ManagedResource::id)
        .containsExactly("deployer-2");
    assertNone(plan(renamedRole(true)));
  }
}
