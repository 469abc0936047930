package dev.setpoint.orchestrator.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git repository in a temporary folder, written and committed with JGit. */
public final class TestRepository implements AutoCloseable {

  private final Path root;
  private final Git git;

  private TestRepository(Path root, Git git) {
    this.root = root;
    this.git = git;
  }

  public static TestRepository init(Path root) throws GitAPIException {
    return new TestRepository(
        root, Git.init().setDirectory(root.toFile()).setInitialBranch("main").call());
  }

  public Path root() {
    return root;
  }

  public TestRepository write(String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return this;
  }

  public String commit(String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    RevCommit commit =
        git.commit()
            .setMessage(message)
            .setAuthor("Test", "test@example.com")
            .setCommitter("Test", "test@example.com")
            .setSign(false)
            .call();
    return commit.getName();
  }

  public void tag(String name) throws GitAPIException {
    git.tag().setName(name).setAnnotated(false).call();
  }

  @Override
  public void close() {
    git.close();
  }
}
