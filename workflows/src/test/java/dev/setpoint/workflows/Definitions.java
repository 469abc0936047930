package dev.setpoint.workflows;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Resource entries for {@link WorkflowHarness#commit}, for tests that need many alike. */
final class Definitions {

  private Definitions() {}

  /** A network that depends on nothing. */
  static String network(String name) {
    return network(name, new String[0]);
  }

  /** A network that explicitly depends on {@code dependsOn}. */
  static String network(String name, String... dependsOn) {
    return "  - name: "
        + name
        + "\n    type: test:net/Network\n"
        + (dependsOn.length == 0
            ? ""
            : "    dependsOn: ["
                + Arrays.stream(dependsOn).collect(Collectors.joining(", "))
                + "]\n")
        + "    properties: {cidrBlock: 10.0.0.0/16}\n";
  }

  /** A subnet whose {@code networkId} references {@code network}: an implicit dependency. */
  static String subnetOf(String name, String network) {
    return "  - name: "
        + name
        + "\n    type: test:net/Subnet\n"
        + "    properties: {networkId: \"${"
        + network
        + ".id}\", cidrBlock: 10.0.1.0/24}\n";
  }
}
