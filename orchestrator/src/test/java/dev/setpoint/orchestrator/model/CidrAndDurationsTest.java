package dev.setpoint.orchestrator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CidrAndDurationsTest {

  @Test
  void validBlocksHaveNoProblem() {
    assertThat(Cidr.problem("10.0.0.0/16")).isEmpty();
    assertThat(Cidr.problem("0.0.0.0/0")).isEmpty();
    assertThat(Cidr.problem("192.168.1.7/32")).isEmpty();
  }

  @Test
  void invalidBlocksSayWhy() {
    assertThat(Cidr.problem("10.0.0.0")).get().asString().contains("write an IPv4 network");
    assertThat(Cidr.problem("10.0.300.0/24")).get().asString().contains("300 is not an address");
    assertThat(Cidr.problem("10.0.0.0/33")).get().asString().contains("at most 32");
    assertThat(Cidr.problem("10.0.1.0/16"))
        .get()
        .asString()
        .contains("host bits are set (did you mean \"10.0.0.0/16\"?)");
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(Durations.parse("90s")).contains(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(Durations.parse("250ms")).contains(Duration.ofMillis(250));
    assertThat(Durations.parse("2d")).contains(Duration.ofDays(2));
    assertThat(Durations.parse("5")).isEmpty();
    assertThat(Durations.parse("5 m")).isEmpty();
    assertThat(Durations.parse("m5")).isEmpty();
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
  }
}
