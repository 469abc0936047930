package dev.setpoint.cli.webhook;

import dev.setpoint.workflows.controller.RepositoryUrls;
import java.util.List;

/**
 * A push to a branch, as a Git host announced it.
 *
 * @param source who sent it: {@code github}, {@code gitlab} or {@code generic}
 * @param repositoryUrls every URL the payload names for the repository (https, ssh, web), so that a
 *     controller started with any one of them matches
 * @param branch the branch name, without {@code refs/heads/}
 * @param commit the pushed head's commit id
 */
public record PushEvent(String source, List<String> repositoryUrls, String branch, String commit) {

  public PushEvent {
    repositoryUrls = List.copyOf(repositoryUrls);
  }

  /** Whether {@code url} names the pushed repository, however it is spelled. */
  public boolean isFor(String url) {
    String wanted = RepositoryUrls.canonical(url);
    return repositoryUrls.stream().map(RepositoryUrls::canonical).anyMatch(wanted::equals);
  }
}
