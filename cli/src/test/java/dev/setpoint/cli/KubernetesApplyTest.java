package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.sandbox.k8s.KubernetesSandbox;
import dev.setpoint.workflows.SharedCloudProvider;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code setpoint apply} of an environment with a {@code kubernetes:Manifests} resource, from a
 * real Git repository, against the in-memory Kubernetes API that {@code KUBECONFIG} points at; its
 * manifest file references an upstream resource's output.
 */
class KubernetesApplyTest {

  static final String ENVIRONMENT =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: dev
      spec:
        resources:
          - name: app
            type: kubernetes:Manifests
            properties: {path: ../../k8s/app, namespace: app}
          - name: net
            type: test:net/Network
            properties: {cidrBlock: 10.0.0.0/16}
      """;

  static final String MANIFESTS =
      """
      apiVersion: v1
      kind: Namespace
      metadata: {name: app}
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: settings}
      data:
        network: ${net.id}
        greeting: hello
      """;

  @TempDir Path folder;
  TestRepository repository;
  KubernetesSandbox sandbox;
  KubernetesClient client;

  @BeforeEach
  void commitTheEnvironmentAndStartTheApi() throws Exception {
    SharedCloudProvider.reset();
    sandbox = KubernetesSandbox.start();
    client = sandbox.client();
    System.setProperty(
        "kubeconfig", sandbox.writeKubeconfig(folder.resolve("kubeconfig")).toString());
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", "");
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", ENVIRONMENT);
    repository.write("k8s/app/app.yaml", MANIFESTS);
    repository.commit("dev environment with manifests");
  }

  @AfterEach
  void stop() {
    System.clearProperty("kubeconfig");
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
    repository.close();
    client.close();
    sandbox.close();
  }

  String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  ConfigMap settings() {
    return client.configMaps().inNamespace("app").withName("settings").get();
  }

  @Test
  void applyOrdersByTheReferenceInTheManifestFileThenPlanShowsAHandEditAsAFieldChange() {
    CliRun apply = CliRun.of("apply", env());

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    assertThat(apply.out())
        .contains("  + app (kubernetes:Manifests) create ... succeeded\n")
        .contains("status:  2 succeeded");
    assertThat(settings().getData()).containsEntry("greeting", "hello");
    // net's output in the ConfigMap: app ran after net (progress lines may come in either order)
    assertThat(settings().getData().get("network")).startsWith("id-");
    assertThat(settings().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "setpoint");

    CliRun unchanged = CliRun.of("plan", env());
    assertThat(unchanged.exitCode()).as(unchanged.out() + unchanged.err()).isZero();

    client
        .configMaps()
        .inNamespace("app")
        .withName("settings")
        .edit(m -> new ConfigMapBuilder(m).addToData("greeting", "bonjour").build());
    CliRun drifted = CliRun.of("plan", env());
    CliRun revert = CliRun.of("apply", env());

    assertThat(drifted.exitCode()).as(drifted.out() + drifted.err()).isEqualTo(2);
    assertThat(drifted.out())
        .contains("ConfigMap/app/settings data.greeting: \"bonjour\" -> \"hello\"");
    assertThat(revert.exitCode()).as(revert.out() + revert.err()).isZero();
    assertThat(settings().getData()).containsEntry("greeting", "hello");
  }

  @Test
  void inlineManifestsTakeAnUpstreamOutputAndLandInTheApi() throws Exception {
    repository.write(
        "envs/inline/environment.yaml",
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: inline
        spec:
          resources:
            - name: settings
              type: kubernetes:Manifests
              properties:
                namespace: app
                manifests:
                  - apiVersion: v1
                    kind: ConfigMap
                    metadata: {name: inline-settings}
                    data:
                      network: ${net.id}
                      cidr: "${net.cidrBlock}"
            - name: net
              type: test:net/Network
              properties: {cidrBlock: 10.1.0.0/16}
        """);
    repository.commit("inline manifests");

    CliRun apply = CliRun.of("apply", repository.root().resolve("envs/inline").toString());

    assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
    ConfigMap inline = client.configMaps().inNamespace("app").withName("inline-settings").get();
    assertThat(inline.getData().get("network")).startsWith("id-");
    assertThat(inline.getData()).containsEntry("cidr", "10.1.0.0/16");
    assertThat(inline.getMetadata().getLabels())
        .containsEntry("setpoint.dev/environment", "inline");
  }

  @Test
  void providersKubernetesContextPicksTheContextAndAWrongOneIsOneLineSayingWhatToDo()
      throws Exception {
    String environment =
        """
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: ctx
        spec:
          providers:
            kubernetes: {context: %s}
          resources:
            - name: settings
              type: kubernetes:Manifests
              properties:
                namespace: app
                manifests:
                  - {apiVersion: v1, kind: ConfigMap, metadata: {name: by-context}}
        """;
    repository.write("envs/ctx/environment.yaml", environment.formatted("staging"));
    repository.commit("a context the kubeconfig lacks");
    String env = repository.root().resolve("envs/ctx").toString();

    CliRun wrong = CliRun.of("apply", env);

    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.out() + wrong.err())
        .contains(
            "has no context \"staging\" (providers.kubernetes.context): add it, or point"
                + " KUBECONFIG at one that has it")
        .doesNotContain("Exception");
    assertThat(client.configMaps().inNamespace("app").withName("by-context").get()).isNull();

    repository.write("envs/ctx/environment.yaml", environment.formatted(KubernetesSandbox.CONTEXT));
    repository.commit("the sandbox's context");
    CliRun right = CliRun.of("apply", env);

    assertThat(right.exitCode()).as(right.out() + right.err()).isZero();
    assertThat(client.configMaps().inNamespace("app").withName("by-context").get()).isNotNull();
  }

  @Test
  void withoutAKubeconfigTheResourceFailsWithOneLineThatSaysWhatToDo() {
    System.setProperty("kubeconfig", folder.resolve("missing").toString());

    CliRun apply = CliRun.of("apply", env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.out() + apply.err())
        .contains("KUBECONFIG names " + folder.resolve("missing") + ", which is not a file")
        .doesNotContain("Exception");
  }
}
