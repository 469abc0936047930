package dev.setpoint.orchestrator.model;

/** Helpers for type names of the form {@code provider:module/Kind}. */
public final class ResourceType {

  private ResourceType() {}

  public static String providerOf(String type) {
    int colon = type.indexOf(':');
    return colon < 0 ? type : type.substring(0, colon);
  }
}
