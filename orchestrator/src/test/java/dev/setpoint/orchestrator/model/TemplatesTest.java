package dev.setpoint.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.Reference.Index;
import dev.setpoint.orchestrator.model.Reference.Key;
import dev.setpoint.orchestrator.model.Template.Literal;
import dev.setpoint.orchestrator.model.Template.Ref;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  private static final Map<String, Map<String, Object>> OUTPUTS =
      Map.of(
          "vpc", Map.of("id", "vpc-0abc", "cidrBlock", "10.0.0.0/16"),
          "subnet", Map.of("ids", List.of("subnet-1", "subnet-2"), "count", 2L),
          "tf", Map.of("config", Map.of("port", 8080L, "name", "web")));

  private static final Function<Reference, Object> LOOKUP =
      ref ->
          ref.isVariable()
              ? Map.<String, Object>of("region", "eu-west-1", "replicas", 3L).get(ref.name())
              : OUTPUTS.getOrDefault(ref.resource().value(), Map.of()).get(ref.name());

  @Test
  void parsesOutputVariableKeyAndIndexReferences() throws Exception {
    Template template = Templates.parse("a-${vpc.id}-${var.region}-${tf.config.port}-${s.ids[1]}");

    assertThat(template.parts())
        .containsExactly(
            new Literal("a-"),
            new Ref(Reference.output(new ResourceName("vpc"), "id", List.of()), 2),
            new Literal("-"),
            new Ref(Reference.variable("region", List.of()), 12),
            new Literal("-"),
            new Ref(
                Reference.output(new ResourceName("tf"), "config", List.of(new Key("port"))), 26),
            new Literal("-"),
            new Ref(Reference.output(new ResourceName("s"), "ids", List.of(new Index(1))), 44));
  }

  @Test
  void doubleDollarIsALiteral() throws Exception {
    Template template = Templates.parse("echo $${HOME} and ${var.region}");

    assertThat(template.parts())
        .containsExactly(
            new Literal("echo ${HOME} and "), new Ref(Reference.variable("region", List.of()), 18));
    assertThat(Templates.resolve("echo $${HOME}", LOOKUP)).isEqualTo("echo ${HOME}");
  }

  @Test
  void wholeValueReferenceKeepsItsType() {
    assertThat(Templates.resolve("${subnet.ids}", LOOKUP))
        .isEqualTo(List.of("subnet-1", "subnet-2"));
    assertThat(Templates.resolve("${subnet.count}", LOOKUP)).isEqualTo(2L);
    assertThat(Templates.resolve("${tf.config}", LOOKUP))
        .isEqualTo(Map.of("port", 8080L, "name", "web"));
    assertThat(Templates.resolve("${var.replicas}", LOOKUP)).isEqualTo(3L);
  }

  @Test
  void referenceInsideLongerStringIsInterpolatedAsText() {
    assertThat(Templates.resolve("port-${tf.config.port}-${subnet.ids[0]}", LOOKUP))
        .isEqualTo("port-8080-subnet-1");
  }

  @Test
  void resolvesEveryStringInNestedValues() {
    Object resolved =
        Templates.resolve(
            Map.of("data", Map.of("vpc", "${vpc.id}", "list", List.of("${var.region}", 7L))),
            LOOKUP);

    assertThat(resolved)
        .isEqualTo(Map.of("data", Map.of("vpc", "vpc-0abc", "list", List.of("eu-west-1", 7L))));
  }

  @Test
  void substituteLeavesUnknownReferencesAndEscapesForALaterStage() {
    Function<Reference, Object> variablesOnly = ref -> ref.isVariable() ? LOOKUP.apply(ref) : null;

    Object staged = Templates.substitute("$${x} ${var.region} ${vpc.id}", variablesOnly);

    assertThat(staged).isEqualTo("$${x} eu-west-1 ${vpc.id}");
    assertThat(Templates.resolve(staged, LOOKUP)).isEqualTo("${x} eu-west-1 vpc-0abc");
  }

  @Test
  void interpolatingAListIsAnError() {
    assertThatThrownBy(() -> Templates.resolve("ids: ${subnet.ids}", LOOKUP))
        .isInstanceOf(ReferenceException.class)
        .hasMessageContaining("${subnet.ids} is a list and cannot be part of a longer string");
  }

  @Test
  void missingKeyOrIndexIsAnError() {
    assertThatThrownBy(() -> Templates.resolve("${subnet.ids[5]}", LOOKUP))
        .hasMessage("${subnet.ids[5]}: the list (of 2) has no element [5]");
    assertThatThrownBy(() -> Templates.resolve("${tf.config.host}", LOOKUP))
        .hasMessage("${tf.config.host}: the value (a map) has no key \"host\"");
  }

  @Test
  void syntaxErrorsSayWhatToWrite() {
    assertThatThrownBy(() -> Templates.parse("x ${vpc"))
        .isInstanceOf(TemplateSyntaxException.class)
        .hasMessageContaining("unterminated reference")
        .extracting(e -> ((TemplateSyntaxException) e).offset())
        .isEqualTo(2);
    assertThatThrownBy(() -> Templates.parse("${vpc}")).hasMessageContaining("write ${vpc.OUTPUT}");
    assertThatThrownBy(() -> Templates.parse("${}")).hasMessageContaining("empty reference");
    assertThatThrownBy(() -> Templates.parse("${Vpc.id}"))
        .hasMessageContaining("\"Vpc\" is not a resource name");
    assertThatThrownBy(() -> Templates.parse("${vpc.ids[x]}"))
        .hasMessageContaining("a list index is a number in brackets");
  }

  @Test
  void referencedResourcesAreListedOnceInOrderOfUse() {
    Object properties =
        Map.of(
            "a",
            List.of("${vpc.id}", "${var.region}", "${tf.config.port}"),
            "b",
            "${vpc.cidrBlock}");

    assertThat(Templates.referencedResources(properties))
        .containsExactlyInAnyOrder(new ResourceName("vpc"), new ResourceName("tf"));
  }
}
