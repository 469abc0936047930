package dev.setpoint.workflows.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One controller per environment however its repository and branch are spelled: the workflow ID and
 * a push webhook's match read them the same way.
 */
class ControllerWorkflowIdTest {

  static final String ID =
      EnvironmentController.workflowId("https://git.example.com/acme/envs", "envs/dev", "main");

  @Test
  void spellingsOfOneRepositoryAndBranchGiveOneId() {
    assertThat(ID).startsWith("setpoint-dev-controller-");
    for (String repository :
        new String[] {
          "https://git.example.com/acme/envs.git",
          "https://git.example.com/acme/envs/",
          "https://Git.Example.COM/acme/envs.git/",
          "ssh://git@git.example.com/acme/envs.git",
          "git@git.example.com:acme/envs.git",
          " https://git.example.com/acme/envs "
        }) {
      assertThat(EnvironmentController.workflowId(repository, "envs/dev/", "refs/heads/main"))
          .as(repository)
          .isEqualTo(ID);
    }
    assertThat(
            EnvironmentController.workflowId(
                "https://git.example.com/acme/envs", "envs/dev/environment.yaml", "main"))
        .isEqualTo(ID);
  }

  @Test
  void anotherRepositoryBranchOrPathGivesAnotherId() {
    assertThat(
            EnvironmentController.workflowId(
                "https://git.example.com/acme/other", "envs/dev", "main"))
        .isNotEqualTo(ID);
    assertThat(
            EnvironmentController.workflowId(
                "https://git.example.com/acme/envs", "envs/dev", "release"))
        .isNotEqualTo(ID);
    assertThat(
            EnvironmentController.workflowId("https://git.example.com/acme/envs", "envs/dev", null))
        .isNotEqualTo(ID);
    assertThat(
            EnvironmentController.workflowId(
                "https://git.example.com/ACME/envs", "envs/dev", "main"))
        .as("paths keep their case: only the host's is not significant")
        .isNotEqualTo(ID);
  }

  @Test
  void aPushMatchesTheControllerOfItsBranchHoweverTheBranchIsSpelled() {
    assertThat(
            new ControllerEntry(ID, "https://git.example.com/acme/envs", "refs/heads/main")
                .follows("main"))
        .isTrue();
    assertThat(
            new ControllerEntry(ID, "https://git.example.com/acme/envs", "main")
                .follows("refs/heads/main"))
        .isTrue();
    assertThat(
            new ControllerEntry(ID, "https://git.example.com/acme/envs", "main").follows("release"))
        .isFalse();
  }
}
