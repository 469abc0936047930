package dev.setpoint.orchestrator.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RepoPathsTest {

  @Test
  void resolvesRelativeToTheBaseFolder() {
    assertThat(RepoPaths.resolve("environments/prod", "../base/network.yaml"))
        .isEqualTo("environments/base/network.yaml");
    assertThat(RepoPaths.resolve("environments/prod", "../../k8s/app")).isEqualTo("k8s/app");
    assertThat(RepoPaths.resolve("", "k8s/app")).isEqualTo("k8s/app");
  }

  @Test
  void normalizesDotsRepeatedSlashesAndBackslashes() {
    assertThat(RepoPaths.resolve("a", "./b//c/./d/")).isEqualTo("a/b/c/d");
    assertThat(RepoPaths.resolve("a", "b\\c")).isEqualTo("a/b/c");
    assertThat(RepoPaths.resolve("a/b", "..")).isEqualTo("a");
    assertThat(RepoPaths.resolve("a", "..")).isEqualTo("");
    assertThat(RepoPaths.resolve("", "")).isEqualTo("");
    assertThat(RepoPaths.resolve("", ".")).isEqualTo("");
  }

  @Test
  void rejectsClimbingPastTheRoot() {
    assertThatThrownBy(() -> RepoPaths.resolve("environments/prod", "../../../outside"))
        .isInstanceOf(PathOutsideRepositoryException.class)
        .hasMessage("path \"../../../outside\" leads out of the repository");
    assertThatThrownBy(() -> RepoPaths.resolve("", ".."))
        .isInstanceOf(PathOutsideRepositoryException.class);
    // Climbing out and back in still leaves the repository on the way.
    assertThatThrownBy(() -> RepoPaths.resolve("a", "../../a/b"))
        .isInstanceOf(PathOutsideRepositoryException.class);
  }

  @Test
  void rejectsAbsolutePaths() {
    assertThatThrownBy(() -> RepoPaths.resolve("a", "/etc/passwd"))
        .isInstanceOf(PathOutsideRepositoryException.class)
        .hasMessage(
            "absolute path \"/etc/passwd\": paths are relative to the file that names them");
    assertThatThrownBy(() -> RepoPaths.resolve("a", "\\\\server\\share"))
        .isInstanceOf(PathOutsideRepositoryException.class)
        .hasMessageStartingWith("absolute path");
    assertThatThrownBy(() -> RepoPaths.resolve("a", "C:\\Windows"))
        .isInstanceOf(PathOutsideRepositoryException.class)
        .hasMessageStartingWith("absolute path");
  }

  @Test
  void parentAndFileName() {
    assertThat(RepoPaths.parent("environments/prod/environment.yaml"))
        .isEqualTo("environments/prod");
    assertThat(RepoPaths.parent("README.md")).isEqualTo("");
    assertThat(RepoPaths.fileName("environments/prod/environment.yaml"))
        .isEqualTo("environment.yaml");
    assertThat(RepoPaths.fileName("README.md")).isEqualTo("README.md");
  }
}
