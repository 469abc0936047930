package dev.setpoint.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole-process benchmark scripts in bench/scripts: each parses as bash, and the arithmetic
 * their tables rest on (medians, ratios) is right. Running them takes minutes and real tools, so
 * their figures are taken by hand and live in docs/performance.md.
 */
class BenchScriptsTest {

  private static final Path SCRIPTS = Path.of("scripts");

  @Test
  void everyScriptParses() throws Exception {
    List<Path> scripts;
    try (Stream<Path> files = Files.list(SCRIPTS)) {
      scripts = files.filter(f -> f.toString().endsWith(".sh")).sorted().toList();
    }
    assertThat(scripts)
        .extracting(p -> p.getFileName().toString())
        .contains("aws-vs-terraform.sh", "startup.sh", "common.sh");
    for (Path script : scripts) {
      Run run = bash("-n", script.toString());
      assertThat(run.exitCode()).as(script + ": " + run.output()).isZero();
    }
  }

  @Test
  void mediansAndRatiosAreRight() throws Exception {
    Run run =
        bash(
            "-c",
            ". scripts/common.sh; median 30 10 20; median 10 50 20 30; median 7; ratio 1 4;"
                + " ratio 3 0");

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output().lines()).containsExactly("20", "25", "7", "0.25", "n/a");
  }

  private record Run(int exitCode, String output) {}

  private static Run bash(String... arguments) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of("bash"), Stream.of(arguments)).toList();
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(process.waitFor(), output);
  }
}
