package dev.setpoint.orchestrator.model;

import java.util.regex.Pattern;

/** The name of a resource, unique in its environment; also the first word of its references. */
public record ResourceName(String value) implements Comparable<ResourceName> {

  /** The DNS-label-like grammar shared by environment and resource names. */
  public static final Pattern GRAMMAR = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  public static final int MAX_LENGTH = 63;

  /** Reserved: `${var.NAME}` refers to a variable, so no resource may be called `var`. */
  public static final String RESERVED_VARIABLES = "var";

  public ResourceName {
    if (!isValid(value)) {
      throw new IllegalArgumentException("invalid resource name: " + value);
    }
  }

  public static boolean isValid(String value) {
    return value != null
        && value.length() <= MAX_LENGTH
        && isLabel(value)
        && !value.equals(RESERVED_VARIABLES);
  }

  /** {@link #GRAMMAR} as a loop: this runs for every reference, and a regex costs more. */
  static boolean isLabel(String value) {
    int last = value.length() - 1;
    if (last < 0 || value.charAt(0) == '-' || value.charAt(last) == '-') {
      return false;
    }
    for (int i = 0; i <= last; i++) {
      char c = value.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int compareTo(ResourceName other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
