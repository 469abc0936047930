package dev.setpoint.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.report.ResourceStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLinesTest {

  private static final String LINE = "  + vpc (aws:ec2/Vpc) create ... failed: no credentials";

  @Test
  void aTerminalGetsElapsedTimeAndAColouredStatus() {
    ProgressLines progress = new ProgressLines(new PrintWriter(new StringWriter()), true, true);

    String shown = progress.decorated(LINE, ResourceStatus.FAILED);

    assertThat(shown)
        .matches("\\[ *\\d+s\\]   \\+ vpc \\(aws:ec2/Vpc\\) create \\.\\.\\. .*")
        .contains("... \u001b[31mfailed: no credentials\u001b[0m");
  }

  @Test
  void noColourMeansPlainTextWithElapsedTime() {
    ProgressLines progress = new ProgressLines(new PrintWriter(new StringWriter()), true, false);

    String shown = progress.decorated(LINE, ResourceStatus.SUCCEEDED);

    assertThat(shown).doesNotContain("\u001b").endsWith(LINE).startsWith("[");
  }
}
