package dev.setpoint.cli;

/**
 * Where commands find Temporal (SPEC §3, runtime configuration): {@code TEMPORAL_ADDRESS} and
 * {@code TEMPORAL_NAMESPACE}. The system properties {@code setpoint.temporal.address} and {@code
 * setpoint.temporal.namespace} win, for tests and for embedding; an empty value means unset.
 *
 * @param address host:port of a Temporal server, or null to start the embedded one
 * @param namespace the namespace runs live in
 */
record TemporalSettings(String address, String namespace) {

  static final String DEFAULT_NAMESPACE = "default";

  static TemporalSettings fromEnvironment() {
    String address = read("setpoint.temporal.address", "TEMPORAL_ADDRESS");
    String namespace = read("setpoint.temporal.namespace", "TEMPORAL_NAMESPACE");
    return new TemporalSettings(address, namespace == null ? DEFAULT_NAMESPACE : namespace);
  }

  /** Whether commands start their own server and workers, because no address is configured. */
  boolean embedded() {
    return address == null;
  }

  private static String read(String property, String variable) {
    String value = System.getProperty(property, System.getenv(variable));
    return value == null || value.isBlank() ? null : value.strip();
  }
}
