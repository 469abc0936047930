package dev.setpoint.orchestrator.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.testing.InMemoryTree;
import dev.setpoint.orchestrator.testing.TestSchema;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per validation rule of SPEC §1, each asserting the message and where it points. The
 * environment file is {@value #FILE}; {@link #HEADER} takes lines 1 to 9, so the first resource
 * starts on line 10 with its dash in column 5.
 */
class ValidationRulesTest {

  static final String FILE = "envs/dev/environment.yaml";

  static final String HEADER =
      """
      apiVersion: setpoint.dev/v1alpha1
      kind: Environment
      metadata:
        name: dev
      spec:
        variables:
          region: eu-west-1
          cidr: 10.0.0.0/16
        resources:
      """;

  private static List<String> errors(String resources) {
    return errors(InMemoryTree.of(java.util.Map.of(FILE, HEADER + resources)));
  }

  static List<String> errors(InMemoryTree tree) {
    LoadResult result = new EnvironmentLoader(TestSchema.registry()).load(tree, "envs/dev");
    return result.errors().stream().map(Diagnostic::toString).toList();
  }

  private static String at(int line, int column, String message) {
    return FILE + ":" + line + ":" + column + ": error: " + message;
  }

  @Test
  void validDefinitionHasNoErrors() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      properties:
                        cidrBlock: ${var.cidr}
                """))
        .isEmpty();
  }

  @Test
  void yamlSyntaxErrorPointsAtTheProblem() {
    assertThat(errors("    - name: [net\n"))
        .singleElement()
        .asString()
        .startsWith(FILE + ":11:1: error: YAML syntax:");
  }

  @Test
  void duplicateKeysAreErrors() {
    assertThat(
            errors(
                """
                    - name: net
                      name: other
                      type: test:net/Network
                      properties: {cidrBlock: 10.0.0.0/16}
                """))
        .containsExactly(at(11, 7, "duplicate key \"name\" (first at line 10)"));
  }

  @Test
  void unknownFieldsSuggestTheClosestName() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      dependOn: []
                      properties: {cidrBlock: 10.0.0.0/16}
                """))
        .containsExactly(
            at(
                12,
                7,
                "unknown field \"dependOn\" in resource \"net\" (did you mean \"dependsOn\"?)"));
  }

  @Test
  void missingRequiredFieldsAreNamed() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE, "apiVersion: setpoint.dev/v1alpha1\nkind: Environment\nspec: {}\n"));

    assertThat(errors(tree))
        .containsExactly(
            FILE + ":1:1: error: missing required field \"metadata\" in the environment file");
  }

  @Test
  void unknownAndMissingPropertiesPerType() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      properties:
                        cidrBlok: 10.0.0.0/16
                """))
        .containsExactly(
            at(
                13,
                9,
                "unknown field \"cidrBlok\" in test:net/Network properties (did you mean"
                    + " \"cidrBlock\"?)"),
            at(13, 9, "missing required field \"cidrBlock\" in test:net/Network properties"));
  }

  @Test
  void wrongValueTypes() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      properties:
                        cidrBlock: 10.0.0.0/16
                        enableDns: yes
                        tags: [a, b]
                    - name: sub
                      type: test:net/Subnet
                      adopt: "true"
                      properties:
                        networkId: ${net.id}
                        cidrBlock: 10.0.1.0/24
                        count: three
                        rules:
                          - port: 80
                            cidrBlocks: 0.0.0.0/0
                """))
        .containsExactly(
            at(14, 20, "\"enableDns\" must be a boolean, not a string (write true or false)"),
            at(15, 15, "\"tags\" must be a map, not a list"),
            at(18, 14, "\"adopt\" must be a boolean, not a string (write true or false)"),
            at(22, 16, "\"count\" must be an integer, not a string"),
            at(25, 25, "\"cidrBlocks\" must be a list of CIDR blocks, not a string"));
  }

  @Test
  void invalidEnvironmentAndResourceNames() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("name: dev", "name: Dev_env")
                    + """
                        - name: Net_1
                          type: test:net/Network
                          properties: {cidrBlock: 10.0.0.0/16}
                        - name: var
                          type: test:net/Network
                          properties: {cidrBlock: 10.0.0.0/16}
                    """));

    assertThat(errors(tree))
        .containsExactly(
            at(
                4,
                9,
                "invalid environment name \"Dev_env\": lower-case letters, digits and '-',"
                    + " starting and ending with a letter or digit, at most 40 characters"),
            at(
                10,
                13,
                "invalid resource name \"Net_1\": lower-case letters, digits and '-', starting and"
                    + " ending with a letter or digit, at most 63 characters"),
            at(
                13,
                13,
                "invalid resource name \"var\": lower-case letters, digits and '-', starting and"
                    + " ending with a letter or digit, at most 63 characters (\"var\" is"
                    + " reserved)"));
  }

  @Test
  void unsupportedApiVersionAndKind() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER
                        .replace("setpoint.dev/v1alpha1", "setpoint.dev/v2")
                        .replace("kind: Environment", "kind: Environement")
                    + "    []\n"));

    assertThat(errors(tree))
        .contains(
            at(
                1,
                13,
                "unsupported apiVersion \"setpoint.dev/v2\": this Setpoint reads"
                    + " setpoint.dev/v1alpha1"),
            at(2, 7, "kind \"Environement\" is not Environment"));
  }

  @Test
  void duplicateNamesAcrossIncludedFiles() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("  resources:\n", "  include: [../base/net.yaml]\n  resources:\n")
                    + """
                        - name: net
                          type: test:net/Network
                          properties: {cidrBlock: 10.0.0.0/16}
                    """,
                "envs/base/net.yaml",
                """
                resources:
                  - name: net
                    type: test:net/Network
                    properties: {cidrBlock: 10.1.0.0/16}
                """));

    assertThat(errors(tree))
        .containsExactly(
            at(
                11,
                13,
                "duplicate resource name \"net\" (first defined at envs/base/net.yaml:2:5)"));
  }

  @Test
  void includedFilesHoldOnlyIncludeVariablesAndResources() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("  resources:\n", "  include: [../base/net.yaml]\n  resources:\n")
                    + "    []\n",
                "envs/base/net.yaml",
                "policy: {drift: report}\nresources: []\n"));

    assertThat(errors(tree))
        .containsExactly(
            "envs/base/net.yaml:1:1: error: unknown field \"policy\" in an included file");
  }

  @Test
  void unknownTypeSuggestsTheClosestType() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Netwrk
                    - name: files
                      type: tset:Files
                """))
        .containsExactly(
            at(
                11,
                13,
                "unknown resource type \"test:net/Netwrk\" (did you mean \"test:net/Network\"?)"),
            at(13, 13, "unknown resource type \"tset:Files\" (providers: test)"));
  }

  @Test
  void notificationsNameTheWorkersVariableNeverTheUrl() {
    String notifications =
        """
          notifications:
            - urlFromEnv: https://hooks.slack.com/services/T000/B000/XXXX
            - urlFromEnv: SLACK_URL
              events: [runFailed, driftFond]
        """;
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("  resources:\n", notifications + "  resources:\n")
                    + "    - name: net\n      type: test:net/Network\n"
                    + "      properties: {cidrBlock: 10.0.0.0/16}\n"));

    List<String> errors = errors(tree);
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0))
        .startsWith(FILE + ":10:19: error: urlFromEnv \"https://hooks.slack.com/services/T000")
        .endsWith("(webhook URLs are secrets and stay out of Git)");
    assertThat(errors.get(1))
        .startsWith(FILE + ":12:")
        .contains("driftFond")
        .contains("driftFound");
  }

  @Test
  void notificationsDefaultToEveryEvent() {
    String notifications =
        """
          notifications:
            - urlFromEnv: SLACK_URL
            - urlFromEnv: PAGER_URL
              events: [runFailed]
        """;
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("  resources:\n", notifications + "  resources:\n")
                    + "    - name: net\n      type: test:net/Network\n"
                    + "      properties: {cidrBlock: 10.0.0.0/16}\n"));
    LoadResult result = new EnvironmentLoader(TestSchema.registry()).load(tree, "envs/dev");

    assertThat(result.errors()).isEmpty();
    var loaded = result.definition().orElseThrow().notifications();
    assertThat(loaded.get(0).events()).hasSize(4);
    assertThat(loaded.get(1).wants(dev.setpoint.orchestrator.model.Notification.Event.RUN_FAILED))
        .isTrue();
    assertThat(loaded.get(1).wants(dev.setpoint.orchestrator.model.Notification.Event.DRIFT_FOUND))
        .isFalse();
  }

  @Test
  void invalidCidrBlocksAndDurations() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("  resources:\n", "  sync:\n    interval: 5\n  resources:\n")
                    + """
                        - name: net
                          type: test:net/Network
                          timeout: 10 minutes
                          properties:
                            cidrBlock: 10.0.1.0/16
                    """));

    assertThat(errors(tree))
        .containsExactly(
            at(
                10,
                15,
                "invalid duration \"5\" for \"interval\": write a number and a unit, as"
                    + " 90s, 5m or 1h30m"),
            at(
                14,
                16,
                "invalid duration \"10 minutes\" for \"timeout\": write a number and a"
                    + " unit, as 90s, 5m or 1h30m"),
            at(
                16,
                20,
                "invalid CIDR block \"10.0.1.0/16\": host bits are set (did you mean"
                    + " \"10.0.0.0/16\"?)"));
  }

  @Test
  void referencesToUnknownResourcesOutputsAndVariables() {
    assertThat(
            errors(
                    """
                    - name: net
                      type: test:net/Network
                      properties: {cidrBlock: 10.0.0.0/16}
                    - name: sub
                      type: test:net/Subnet
                      properties:
                        networkId: "id-${nett.id}"
                        cidrBlock: ${net.cidrBlok}
                        count: ${var.regon}
                    - name: mod
                      type: test:Module
                      properties:
                        source: ../../modules/app
                        variables: {any: "${mod2.whatever}", sub: "${sub.zones[0]}"}
                    - name: mod2
                      type: test:Module
                      properties:
                        source: ../../modules/app
                """)
                .stream()
                .filter(e -> !e.contains("does not exist"))
                .toList())
        .containsExactly(
            at(16, 24, "unknown resource \"nett\" in reference ${nett.id} (did you mean \"net\"?)"),
            at(
                17,
                20,
                "resource \"net\" (test:net/Network) has no output \"cidrBlok\" (did you mean"
                    + " \"cidrBlock\"?); its outputs: id, cidrBlock"),
            at(18, 16, "unknown variable \"regon\" (did you mean \"region\"?)"));
  }

  @Test
  void referenceSyntaxErrorsPointIntoTheString() {
    assertThat(
            errors(
                """
                    - name: sub
                      type: test:net/Subnet
                      properties:
                        networkId: "x-${net}"
                        cidrBlock: 10.0.1.0/24
                """))
        .containsExactly(at(13, 23, "reference \"${net}\" names no output: write ${net.OUTPUT}"));
  }

  @Test
  void referencedTypesAreCheckedAfterVariablesAndLeftAloneForOutputs() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      properties: {cidrBlock: "${var.cidr}"}
                    - name: sub
                      type: test:net/Subnet
                      properties:
                        networkId: ${net.id}
                        cidrBlock: ${net.cidrBlock}
                        count: ${net.id}
                    - name: sub2
                      type: test:net/Subnet
                      properties:
                        networkId: ${net.id}
                        cidrBlock: 10.0.2.0/24
                        count: "n-${net.id}"
                """))
        .containsExactly(
            at(
                24,
                16,
                "\"count\" must be an integer, not text with references (a whole-value reference"
                    + " keeps its type)"));
  }

  @Test
  void unknownDependsOnTargetsAndSelfDependencies() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      dependsOn: [nett, net]
                      properties: {cidrBlock: 10.0.0.0/16}
                """))
        .containsExactly(
            at(12, 19, "unknown resource \"nett\" in dependsOn (did you mean \"net\"?)"),
            at(12, 25, "resource \"net\" cannot depend on itself"));
  }

  @Test
  void dependencyCyclesArePrintedWithTheirPath() {
    assertThat(
            errors(
                    """
                    - name: a
                      type: test:Module
                      dependsOn: [c]
                      properties: {source: ../../modules/app}
                    - name: b
                      type: test:Module
                      properties: {source: ../../modules/app, variables: {x: "${a.out}"}}
                    - name: c
                      type: test:Module
                      dependsOn: [b]
                      properties: {source: ../../modules/app}
                """)
                .stream()
                .filter(e -> !e.contains("does not exist"))
                .toList())
        .containsExactly(at(10, 7, "dependency cycle: a -> c -> b -> a"));
  }

  @Test
  void includeCyclesArePrinted() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace("  resources:\n", "  include: [../base/a.yaml]\n  resources:\n")
                    + "    []\n",
                "envs/base/a.yaml",
                "include: [b.yaml]\n",
                "envs/base/b.yaml",
                "include: [../dev/environment.yaml]\n"));

    assertThat(errors(tree))
        .containsExactly(
            "envs/base/b.yaml:1:11: error: include cycle: envs/dev/environment.yaml ->"
                + " envs/base/a.yaml -> envs/base/b.yaml -> envs/dev/environment.yaml");
  }

  @Test
  void pathsMustExistAndStayInsideTheRepository() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER
                    + """
                        - name: a
                          type: test:Module
                          properties: {source: ../../modules/ap}
                        - name: b
                          type: test:Module
                          properties: {source: ../../../outside}
                        - name: c
                          type: test:Module
                          properties: {source: /etc/passwd}
                    """,
                "modules/app/main.tf",
                "# module\n"));

    assertThat(errors(tree))
        .containsExactly(
            at(
                12,
                28,
                "path \"../../modules/ap\" does not exist in the test tree (it resolves to"
                    + " \"modules/ap\") (did you mean \"app\"?)"),
            at(15, 28, "path \"../../../outside\" leads out of the repository"),
            at(
                18,
                28,
                "absolute path \"/etc/passwd\": paths are relative to the file that names them"));
  }

  @Test
  void pathPropertiesCannotReferenceResources() {
    assertThat(
            errors(
                """
                    - name: a
                      type: test:Module
                      properties: {source: "${b.dir}"}
                    - name: b
                      type: test:Module
                      properties: {source: ".."}
                """))
        .containsExactly(
            at(12, 28, "\"source\" is a path in the repository and cannot reference a resource"));
  }

  @Test
  void exactlyOneOfAGroupOfProperties() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER
                    + """
                        - name: none
                          type: test:Files
                          properties: {timeout: 5m}
                        - name: both
                          type: test:Files
                          properties: {path: files, inline: []}
                    """,
                "envs/dev/files/a.yaml",
                "a: 1\n"));

    assertThat(errors(tree))
        .containsExactly(
            at(12, 19, "test:Files needs one of \"inline\" or \"path\""),
            at(15, 19, "test:Files takes only one of \"inline\" or \"path\", not both"));
  }

  @Test
  void credentialsInProvidersAreRefusedWithWhereTheyComeFrom() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace(
                        "  resources:\n",
                        "  providers:\n    test:\n      region: x\n      nested: {secret_key: abc}\n"
                            + "      password: hunter2\n  resources:\n")
                    + "    []\n"));

    List<String> errors = errors(tree);

    assertThat(errors)
        .anyMatch(
            e ->
                e.startsWith(
                    at(
                        12,
                        16,
                        "credentials do not belong in Git: remove \"secret_key\" from provider"
                            + " \"test\"; Setpoint takes credentials from the runtime"
                            + " environment")))
        .anyMatch(
            e -> e.startsWith(at(13, 7, "credentials do not belong in Git: remove \"password\"")))
        .anyMatch(
            e -> e.equals(at(12, 7, "unknown field \"nested\" in provider \"test\" settings")))
        .hasSize(3);
  }

  @Test
  void providerSettingsAreCheckedAndReferenceVariablesOnly() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE,
                HEADER.replace(
                        "  resources:\n",
                        "  providers:\n    tst: {}\n    test:\n      regon: x\n"
                            + "      region: ${net.id}\n      taskQueue: q\n  resources:\n")
                    + """
                        - name: net
                          type: test:net/Network
                          properties: {cidrBlock: 10.0.0.0/16}
                    """));

    assertThat(errors(tree))
        .containsExactly(
            at(10, 5, "unknown provider \"tst\" (did you mean \"test\"?) (providers: test)"),
            at(
                12,
                7,
                "unknown field \"regon\" in provider \"test\" settings (did you mean"
                    + " \"region\"?)"),
            at(13, 15, "provider settings may reference variables only, not resource outputs"));
  }

  @Test
  void variablesArePlainValues() {
    InMemoryTree tree =
        InMemoryTree.of(
            java.util.Map.of(
                FILE, HEADER.replace("cidr: 10.0.0.0/16", "cidr: ${net.cidrBlock}") + "    []\n"));

    assertThat(errors(tree))
        .containsExactly(
            at(
                8,
                11,
                "variables are plain values and cannot hold references (write $${ for a"
                    + " literal ${)"));
  }

  @Test
  void invalidEnumValuesListTheChoices() {
    assertThat(
            errors(
                """
                    - name: net
                      type: test:net/Network
                      drift: revrt
                      properties: {cidrBlock: 10.0.0.0/16}
                """))
        .containsExactly(
            at(
                12,
                14,
                "invalid value \"revrt\" for \"drift\": one of revert, report, ignore (did"
                    + " you mean \"revert\"?)"));
  }

  @Test
  void everyErrorIsReportedInOnePassInFileOrder() {
    List<String> errors =
        errors(
            """
                - name: net
                  type: test:net/Network
                  properties:
                    cidrBlock: 10.0.0/16
                    colour: blue
                - name: net
                  type: test:net/Subnet
                - name: sub
                  type: test:net/Subnet
                  dependsOn: [nets]
                  properties:
                    networkId: ${net.idd}
                    cidrBlock: ${var.cdr}
            """);

    assertThat(errors)
        .containsExactly(
            at(13, 20, "invalid CIDR block \"10.0.0/16\": write an IPv4 network as 10.0.0.0/16"),
            at(14, 9, "unknown field \"colour\" in test:net/Network properties"),
            at(15, 13, "duplicate resource name \"net\" (first defined at " + FILE + ":10:7)"),
            at(19, 19, "unknown resource \"nets\" in dependsOn (did you mean \"net\"?)"),
            at(
                21,
                20,
                "resource \"net\" (test:net/Network) has no output \"idd\" (did you mean \"id\"?);"
                    + " its outputs: id, cidrBlock"),
            at(22, 20, "unknown variable \"cdr\" (did you mean \"cidr\"?)"));
  }

  @Test
  void missingEnvironmentFileSaysWhereItLooked() {
    LoadResult result =
        new EnvironmentLoader(TestSchema.registry())
            .load(InMemoryTree.of(java.util.Map.of("other/x.yaml", "a: 1\n")), "envs/prod");

    assertThat(result.valid()).isFalse();
    assertThat(result.errors())
        .extracting(Diagnostic::toString)
        .containsExactly(
            "error: \"envs/prod\" is not in the test tree (is it committed? --working-tree reads"
                + " the files on disk)");
  }
}
