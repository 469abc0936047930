package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

  @AfterEach
  void clearProperties() {
    System.clearProperty("setpoint.temporal.address");
  }

  @Test
  void readyWhenEveryToolTheQuickstartNeedsIsInstalled() {
    assumeThat(Sandbox.findOnPath("terraform")).as("terraform installed").isNotNull();
    assumeThat(Sandbox.findOnPath("ansible-runner")).as("ansible-runner installed").isNotNull();
    assumeThat(Sandbox.findOnPath("moto_server")).as("moto_server installed").isNotNull();

    CliRun run = CliRun.of("doctor");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out())
        .containsPattern("ok +java +Java 1[7-9]|ok +java +Java [2-9][0-9]")
        .containsPattern("ok +temporal +embedded")
        .containsPattern("ok +terraform +\\S+: Terraform v")
        .containsPattern("ok +ansible-runner ")
        .containsPattern("ok +moto_server ")
        .contains("ready: ./setpoint apply examples/quickstart --sandbox");
  }

  @Test
  void anUnreachableTemporalAddressIsMissingWithWhatToDo() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    System.setProperty("setpoint.temporal.address", "127.0.0.1:" + closedPort);

    CliRun run = CliRun.of("doctor");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("MISSING +temporal +127\\.0\\.0\\.1:" + closedPort)
        .contains("unset TEMPORAL_ADDRESS to use the embedded server")
        .contains("not ready:");
  }
}
