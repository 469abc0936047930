package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.workflows.SharedCloudProvider;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy.approval: required} through the commands: {@code setpoint apply} against a server
 * shows the plan and waits; {@code setpoint approve} refuses a hash that is not the waiting plan's
 * and approves the plan it prints.
 */
class ApproveCommandTest {

  static final String GATED =
      ReconcileCommandsTest.ENVIRONMENT.replace(
          "spec:\n", "spec:\n  policy: {approval: required}\n");

  @TempDir Path folder;
  TestRepository repository;
  ClientModeServer server;

  @BeforeEach
  void startAServer() throws Exception {
    SharedCloudProvider.reset();
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    repository = TestRepository.init(folder.resolve("repo"));
    repository.write("envs/dev/environment.yaml", GATED);
    repository.commit("dev environment, approval required");
    server = ClientModeServer.start(folder.resolve("worker-home"), false).startWorkers();
  }

  @AfterEach
  void stop() {
    server.close();
    repository.close();
    System.clearProperty("setpoint.home");
  }

  String env() {
    return repository.root().resolve("envs/dev").toString();
  }

  @Test
  void applyWaitsAWrongHashIsRefusedAndApproveAppliesThePlanItPrints() throws Exception {
    StringWriter applyOut = new StringWriter();
    StringWriter applyErr = new StringWriter();
    CompletableFuture<Integer> apply =
        CompletableFuture.supplyAsync(
            () ->
                Main.run(
                    new String[] {"apply", env()},
                    new PrintWriter(applyOut, true),
                    new PrintWriter(applyErr, true)));
    Pattern waiting =
        Pattern.compile("waiting for approval: setpoint approve dev --plan (\\w{16})");
    Matcher shown =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> waiting.matcher(applyOut.toString()), Matcher::find);
    String hash = shown.group(1);
    assertThat(applyOut.toString()).contains("plan hash: " + hash);
    assertThat(SharedCloudProvider.live()).isEmpty();

    CliRun wrong = CliRun.of("approve", env(), "--plan", "0123456789abcdef");

    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err())
        .isEqualTo(
            "error: stale plan 0123456789abcdef: the waiting plan is "
                + hash
                + "; run setpoint plan to read it\n");
    assertThat(SharedCloudProvider.live()).isEmpty();

    CliRun approve = CliRun.of("approve", env());

    assertThat(approve.exitCode()).as(approve.err()).isZero();
    assertThat(approve.out())
        .contains("plan hash: " + hash)
        .endsWith("approved plan " + hash + " of dev: workflow setpoint-dev-apply applies it\n");
    assertThat(apply.get(60, TimeUnit.SECONDS)).as(applyErr.toString()).isZero();
    assertThat(SharedCloudProvider.live()).containsKeys("net", "sub");

    CliRun nothing = CliRun.of("approve", env());
    assertThat(nothing.exitCode()).isEqualTo(1);
    assertThat(nothing.err())
        .startsWith("error: nothing waits for approval in environment \"dev\"");
  }

  @Test
  void controllerStatusShowsTheWaitingPlanAndApproveLetsTheControllerApplyIt() {
    CliRun start = CliRun.of("controller", "start", env());
    assertThat(start.exitCode()).as(start.err()).isZero();
    Pattern waiting =
        Pattern.compile("waiting for approval of plan (\\w{16}): setpoint approve dev --plan \\1");

    CliRun status =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> CliRun.of("controller", "status", env()),
                run -> waiting.matcher(run.out()).find());
    assertThat(SharedCloudProvider.live()).isEmpty();

    Matcher shown = waiting.matcher(status.out());
    assertThat(shown.find()).isTrue();
    CliRun approve = CliRun.of("approve", env(), "--plan", shown.group(1));

    assertThat(approve.exitCode()).as(approve.err()).isZero();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> SharedCloudProvider.live().keySet().containsAll(Set.of("net", "sub")));
    assertThat(CliRun.of("controller", "stop", env()).exitCode()).isZero();
  }

  @Test
  void anEmbeddedApplyIsRefusedUpFrontSinceNobodyCouldApprove() {
    System.setProperty("setpoint.temporal.address", "");

    CliRun apply = CliRun.of("apply", env());

    assertThat(apply.exitCode()).isEqualTo(1);
    assertThat(apply.err())
        .startsWith("error: environment \"dev\" requires approval")
        .contains("set TEMPORAL_ADDRESS");
    assertThat(apply.err().lines()).hasSize(1);
    assertThat(SharedCloudProvider.live()).isEmpty();
  }
}
