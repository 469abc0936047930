package dev.setpoint.orchestrator.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR blocks, as {@code 10.0.0.0/16}. */
public final class Cidr {

  private static final Pattern SHAPE =
      Pattern.compile("([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})/([0-9]{1,2})");

  private Cidr() {}

  /**
   * What is wrong with a CIDR block, or empty when it is valid.
   *
   * <p>Host bits set ({@code 10.0.1.0/16}) are an error with the network address suggested, because
   * AWS rejects such blocks and a typo there changes a whole network.
   */
  public static Optional<String> problem(String text) {
    Matcher match = SHAPE.matcher(text);
    if (!match.matches()) {
      return Optional.of(
          "invalid CIDR block \"" + text + "\": write an IPv4 network as 10.0.0.0/16");
    }
    long address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(match.group(i));
      if (octet > 255) {
        return Optional.of(
            "invalid CIDR block \"" + text + "\": " + octet + " is not an address byte (0-255)");
      }
      address = (address << 8) | octet;
    }
    int prefix = Integer.parseInt(match.group(5));
    if (prefix > 32) {
      return Optional.of(
          "invalid CIDR block \"" + text + "\": the prefix length is at most 32, not " + prefix);
    }
    long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    long network = address & mask;
    if (network != address) {
      return Optional.of(
          "invalid CIDR block \""
              + text
              + "\": host bits are set (did you mean \""
              + format(network)
              + "/"
              + prefix
              + "\"?)");
    }
    return Optional.empty();
  }

  private static String format(long address) {
    return ((address >> 24) & 255)
        + "."
        + ((address >> 16) & 255)
        + "."
        + ((address >> 8) & 255)
        + "."
        + (address & 255);
  }
}
