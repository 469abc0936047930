package dev.setpoint.orchestrator.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** The parts of the Git source that need no repository. */
class GitSourceTest {

  private static final String COMMIT_ID = "1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";

  @Test
  void cacheFolderIsTheRepositoryNameAndAHashOfTheUrl() {
    assertThat(GitSource.cacheFolderName("https://github.com/acme/envs.git"))
        .isEqualTo("envs-25109b868dc6");
    assertThat(GitSource.cacheFolderName("git@github.com:acme/envs.git"))
        .isEqualTo("envs-9643154b2c90");
    assertThat(GitSource.cacheFolderName("ssh://git@example.com:2222/team/platform-envs"))
        .isEqualTo("platform-envs-b843740ec1a3");
  }

  @Test
  void oddUrlsStillGiveAUsableFolderName() {
    assertThat(GitSource.cacheFolderName("https://")).startsWith("repository-");
    assertThat(GitSource.cacheFolderName("file:///srv/my envs")).startsWith("my-envs-");
    assertThatThrownBy(() -> GitSource.cacheFolderName(""))
        .isInstanceOf(GitSourceException.class)
        .hasMessage("not a Git URL: \"\" (use an https://, ssh:// or file:// URL)");
  }

  @Test
  void revisionKeepsTheFullIdAndShortensItForPeople() {
    Revision revision = new Revision(COMMIT_ID, "refs/heads/main", "Add staging");
    assertThat(revision.shortId()).isEqualTo("1a2b3c4");
    assertThat(revision.refName()).isEqualTo("refs/heads/main");
  }

  @Test
  void revisionRefusesAnythingButAFullLowercaseCommitId() {
    assertThatThrownBy(() -> new Revision("1a2b3c4", null, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1a2b3c4");
    assertThatThrownBy(() -> new Revision(COMMIT_ID.toUpperCase(), null, ""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Revision(COMMIT_ID, null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pathNotInCommitSaysHowToReadUncommittedFiles() {
    assertThat(
            GitSourceException.pathNotInCommit(
                    "environments/prod/environment.yaml", new Revision(COMMIT_ID, null, ""))
                .getMessage())
        .isEqualTo(
            "path \"environments/prod/environment.yaml\" is not in commit 1a2b3c4 (is it"
                + " committed? use --working-tree to read files on disk)");
  }

  @Test
  void transportCauseKeepsTheInnermostMessageAboutTheUrlAndTheRootCause() {
    String url = "https://git.example.com/envs.git";
    Exception error =
        new IllegalStateException(
            "Invalid remote: origin",
            new IllegalStateException(
                url + ": connection failed", new ConnectException("Connection refused")));

    assertThat(GitSource.transportCause(error, url))
        .isEqualTo("connection failed: Connection refused");
  }

  @Test
  void oneLineJoinsMultiLineCauses() {
    assertThat(GitSource.oneLine(new RuntimeException("first\n  second\r\nthird\n")))
        .isEqualTo("first; second; third");
    assertThat(GitSource.oneLine(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
