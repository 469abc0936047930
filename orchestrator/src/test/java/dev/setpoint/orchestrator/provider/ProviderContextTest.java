package dev.setpoint.orchestrator.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.model.ProviderSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderContextTest {

  private static final ProviderSettings AWS = ProviderSettings.empty("aws");

  @Test
  void progressGoesToTheListener() {
    List<String> seen = new ArrayList<>();
    var context =
        new ProviderContext("staging", "a".repeat(40), AWS, null, Path.of("w"), seen::add);

    context.progress("creating vpc");
    context.progress("tagging vpc");

    assertThat(seen).containsExactly("creating vpc", "tagging vpc");
  }

  @Test
  void noListenerMeansProgressIsIgnored() {
    var context = new ProviderContext("staging", null, AWS, null, Path.of("w"), null);

    assertThat(context.progressListener()).isSameAs(ProgressListener.NONE);
  }

  @Test
  void environmentSettingsAndWorkDirectoryAreRequired() {
    assertThatThrownBy(() -> new ProviderContext(null, null, AWS, null, Path.of("w"), null))
        .hasMessage("environment");
    assertThatThrownBy(() -> new ProviderContext("staging", null, null, null, Path.of("w"), null))
        .hasMessage("providerSettings");
    assertThatThrownBy(() -> new ProviderContext("staging", null, AWS, null, null, null))
        .hasMessage("workDirectory");
  }
}
