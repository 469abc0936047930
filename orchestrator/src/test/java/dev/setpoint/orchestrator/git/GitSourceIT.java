package dev.setpoint.orchestrator.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.setpoint.orchestrator.git.SourceTree.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real repositories made with JGit in temporary folders; remotes are served by file:// URLs. */
class GitSourceIT {

  private static final PersonIdent AUTHOR = new PersonIdent("Setpoint Test", "test@setpoint.dev");
  private static final String ENV_FILE = "environments/prod/environment.yaml";

  @TempDir Path temp;

  @Test
  void readsTheCommitNotTheFilesOnDisk() throws Exception {
    Path repo = temp.resolve("repo");
    try (Git git = init(repo)) {
      write(repo, ENV_FILE, "committed");
      write(repo, "environments/prod/removed.yaml", "gone soon");
      write(repo, "README.md", "readme");
      write(repo, ".gitignore", "*.log\n");
      RevCommit head = commitAll(git, "Add prod\n\nWith a body.");

      write(repo, ENV_FILE, "on disk");
      write(repo, "environments/prod/untracked.yaml", "new");
      write(repo, "environments/prod/staged.yaml", "staged");
      git.add().addFilepattern("environments/prod/staged.yaml").call();
      Files.delete(repo.resolve("environments/prod/removed.yaml"));
      write(repo, "environments/prod/debug.log", "ignored");
      write(repo, "environments/prodigy/other.yaml", "a sibling whose name shares the prefix");
      write(repo, "README.md", "changed outside the environment");

      try (GitSource source = GitSource.openLocal(repo.resolve(ENV_FILE))) {
        Revision revision = source.resolve(null, null);
        assertThat(revision).isEqualTo(new Revision(head.name(), "refs/heads/main", "Add prod"));

        SourceTree committed = source.tree(revision);
        assertThat(committed.read(ENV_FILE)).isEqualTo("committed");
        assertThat(committed.kind("environments/prod/untracked.yaml")).isEqualTo(Kind.MISSING);
        assertThat(committed.describe()).isEqualTo("commit " + revision.shortId() + " (main)");

        SourceTree onDisk = source.workingTree();
        assertThat(onDisk.read(ENV_FILE)).isEqualTo("on disk");
        assertThat(onDisk.kind("environments/prod/untracked.yaml")).isEqualTo(Kind.FILE);
        assertThat(onDisk.describe()).isEqualTo("working tree");

        assertThat(source.uncommittedChanges("environments/prod"))
            .containsExactly(
                "environments/prod/environment.yaml",
                "environments/prod/removed.yaml",
                "environments/prod/staged.yaml",
                "environments/prod/untracked.yaml");
        assertThat(source.uncommittedChanges(ENV_FILE)).containsExactly(ENV_FILE);
        assertThat(source.uncommittedChanges(""))
            .containsExactly(
                "README.md",
                "environments/prod/environment.yaml",
                "environments/prod/removed.yaml",
                "environments/prod/staged.yaml",
                "environments/prod/untracked.yaml",
                "environments/prodigy/other.yaml");
        assertThat(source.uncommittedChanges("k8s")).isEmpty();
      }
    }
  }

  @Test
  void findsTheRepositoryFromAnyPathInsideItAlsoThroughSymlinks() throws Exception {
    Path repo = temp.resolve("repo");
    try (Git git = init(repo)) {
      write(repo, ENV_FILE, "x");
      commitAll(git, "Add prod");
    }
    Path linkToRepo = Files.createSymbolicLink(temp.resolve("link-to-repo"), repo);

    try (GitSource source = GitSource.openLocal(linkToRepo.resolve("environments/prod"))) {
      assertThat(source.directory()).isEqualTo(repo.toRealPath());
      assertThat(source.describeRepository()).isEqualTo(repo.toRealPath().toString());
      assertThat(
              source.pathInRepository(linkToRepo.resolve("environments/./prod/environment.yaml")))
          .isEqualTo(ENV_FILE);
      assertThat(source.pathInRepository(repo.resolve("environments/prod")))
          .isEqualTo("environments/prod");
      assertThat(source.pathInRepository(repo)).isEqualTo("");
      assertThat(source.pathInRepository(repo.resolve("environments/new/environment.yaml")))
          .isEqualTo("environments/new/environment.yaml");
      assertThatThrownBy(() -> source.pathInRepository(temp))
          .isInstanceOf(GitSourceException.class)
          .hasMessage("path " + temp + " is not inside the Git repository " + repo.toRealPath());
    }
  }

  @Test
  void aFolderOutsideAnyRepositoryIsNamedInTheError() throws IOException {
    Path plain = Files.createDirectories(temp.resolve("plain/environments"));

    assertThatThrownBy(() -> GitSource.openLocal(plain))
        .isInstanceOf(GitSourceException.class)
        .hasMessage(
            "not a Git repository: "
                + plain
                + " (Setpoint reads definitions from commits: run \"git init\" and commit the"
                + " files)");
    assertThatThrownBy(() -> GitSource.openLocal(temp.resolve("nowhere")))
        .isInstanceOf(GitSourceException.class)
        .hasMessage("path does not exist: " + temp.resolve("nowhere"));
  }

  @Test
  void resolvesBranchesTagsAndCommitIds() throws Exception {
    Path repo = temp.resolve("repo");
    RevCommit first;
    RevCommit second;
    RevCommit onFeature;
    try (Git git = init(repo)) {
      write(repo, ENV_FILE, "one");
      first = commitAll(git, "First\n\nbody");
      git.tag()
          .setName("v1.0")
          .setAnnotated(true)
          .setMessage("release 1.0")
          .setTagger(AUTHOR)
          .setSigned(false)
          .call();
      git.tag().setName("light").setAnnotated(false).call();
      git.branchCreate().setName("release").call();
      git.checkout().setCreateBranch(true).setName("feature").setStartPoint(first).call();
      write(repo, ENV_FILE, "feature");
      onFeature = commitAll(git, "Feature");
      git.checkout().setName("main").call();
      write(repo, ENV_FILE, "two");
      second = commitAll(git, "Second");
    }

    try (GitSource source = GitSource.openLocal(repo)) {
      assertThat(source.resolve(null, null))
          .isEqualTo(new Revision(second.name(), "refs/heads/main", "Second"));
      assertThat(source.resolve("main", null))
          .isEqualTo(new Revision(second.name(), "refs/heads/main", "Second"));
      assertThat(source.resolve("release", null))
          .isEqualTo(new Revision(first.name(), "refs/heads/release", "First"));
      assertThat(source.resolve("refs/heads/feature", null))
          .isEqualTo(new Revision(onFeature.name(), "refs/heads/feature", "Feature"));
      // The annotated tag is peeled to its commit; the tag object's own id is never returned.
      assertThat(source.resolve("v1.0", null))
          .isEqualTo(new Revision(first.name(), "refs/tags/v1.0", "First"));
      assertThat(source.resolve("light", null))
          .isEqualTo(new Revision(first.name(), "refs/tags/light", "First"));

      assertThat(source.resolve(null, first.name()))
          .isEqualTo(new Revision(first.name(), null, "First"));
      assertThat(source.resolve(null, first.name().substring(0, 7).toUpperCase()))
          .isEqualTo(new Revision(first.name(), null, "First"));
      assertThat(source.resolve("main", first.name().substring(0, 10)))
          .isEqualTo(new Revision(first.name(), "refs/heads/main", "First"));

      assertThatThrownBy(() -> source.resolve("main", onFeature.name()))
          .isInstanceOf(GitSourceException.class)
          .hasMessageStartingWith(
              "revision "
                  + onFeature.name().substring(0, 7)
                  + " is not reachable from ref \"main\" in "
                  + source.describeRepository());
      assertThatThrownBy(() -> source.resolve("relase", null))
          .isInstanceOf(GitSourceException.class)
          .hasMessage(
              "unknown ref \"relase\" in "
                  + source.describeRepository()
                  + " (branches: feature, main, release; tags: light, v1.0)");
      String absent = first.name().startsWith("0000") ? "ffff" : "0000";
      assertThatThrownBy(() -> source.resolve(null, absent))
          .isInstanceOf(GitSourceException.class)
          .hasMessageStartingWith("unknown revision \"" + absent + "\" in ");
      assertThatThrownBy(() -> source.resolve(null, "HEAD~1"))
          .isInstanceOf(GitSourceException.class)
          .hasMessageStartingWith("revision \"HEAD~1\" is not a commit id");
    }
  }

  @Test
  void anEmptyRepositorySaysThereIsNothingCommitted() throws Exception {
    Path repo = temp.resolve("empty");
    init(repo).close();

    try (GitSource source = GitSource.openLocal(repo)) {
      assertThatThrownBy(() -> source.resolve(null, null))
          .isInstanceOf(GitSourceException.class)
          .hasMessageContaining("points to refs/heads/main, which has no commits yet");
    }
  }

  @Test
  void clonesARemoteIntoTheCacheAndFetchesItOnEveryOpen() throws Exception {
    Path origin = temp.resolve("origin.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    String url = origin.toUri().toString();
    Path author = temp.resolve("author");
    Path cacheRoot = temp.resolve("cache");

    try (Git git = init(author)) {
      git.remoteAdd().setName("origin").setUri(new URIish(url)).call();
      write(author, ENV_FILE, "v1");
      RevCommit first = commitAll(git, "First");
      git.branchCreate().setName("old").call();
      git.push().setRemote("origin").setPushAll().call();

      Path cache;
      try (GitSource source = GitSource.openRemote(url, cacheRoot)) {
        cache = source.directory();
        assertThat(cache.getParent()).isEqualTo(cacheRoot);
        assertThat(cache.getFileName().toString()).matches("origin-[0-9a-f]{12}");
        assertThat(source.describeRepository()).isEqualTo(url);
        Revision revision = source.resolve(null, null);
        assertThat(revision).isEqualTo(new Revision(first.name(), "refs/heads/main", "First"));
        assertThat(source.tree(revision).read(ENV_FILE)).isEqualTo("v1");
        assertThat(source.resolve("old", null).commitId()).isEqualTo(first.name());
        assertThatThrownBy(source::workingTree)
            .isInstanceOf(GitSourceException.class)
            .hasMessageStartingWith(url + " has no working tree");
      }

      write(author, ENV_FILE, "v2");
      RevCommit second = commitAll(git, "Second");
      git.tag()
          .setName("v2")
          .setAnnotated(true)
          .setMessage("v2")
          .setTagger(AUTHOR)
          .setSigned(false)
          .call();
      git.push().setRemote("origin").add("main").setPushTags().call();
      try (Git originGit = Git.open(origin.toFile())) {
        originGit.branchDelete().setBranchNames("old").setForce(true).call();
      }

      try (GitSource source = GitSource.openRemote(url, cacheRoot)) {
        assertThat(source.directory()).isEqualTo(cache);
        Revision latest = new Revision(second.name(), "refs/heads/main", "Second");
        assertThat(source.resolve(null, null)).isEqualTo(latest);
        assertThat(source.resolve("main", null)).isEqualTo(latest);
        assertThat(source.resolve("v2", null).commitId()).isEqualTo(second.name());
        assertThat(source.tree(latest).read(ENV_FILE)).isEqualTo("v2");
        assertThatThrownBy(() -> source.resolve("old", null))
            .isInstanceOf(GitSourceException.class)
            .hasMessage("unknown ref \"old\" in " + url + " (branches: main; tags: v2)");
      }

      // The remote's default branch moves: HEAD of the cache follows it.
      git.checkout().setCreateBranch(true).setName("next").call();
      write(author, ENV_FILE, "v3");
      RevCommit third = commitAll(git, "Third");
      git.push().setRemote("origin").add("next").call();
      try (Git originGit = Git.open(origin.toFile())) {
        originGit.getRepository().updateRef(Constants.HEAD).link(Constants.R_HEADS + "next");
      }
      try (GitSource source = GitSource.openRemote(url, cacheRoot)) {
        assertThat(source.resolve(null, null))
            .isEqualTo(new Revision(third.name(), "refs/heads/next", "Third"));
      }
    }

    FileUtils.delete(origin.toFile(), FileUtils.RECURSIVE);
    assertThatThrownBy(() -> GitSource.openRemote(url, cacheRoot))
        .isInstanceOf(GitSourceException.class)
        .hasMessageStartingWith("cannot fetch " + url + ": ")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aRemoteThatCannotBeClonedLeavesNoCacheFolder() {
    String url = temp.resolve("no-such-origin.git").toUri().toString();
    Path cacheRoot = temp.resolve("cache");

    assertThatThrownBy(() -> GitSource.openRemote(url, cacheRoot))
        .isInstanceOf(GitSourceException.class)
        .hasMessage("cannot clone " + url + ": not found.");
    assertThat(cacheRoot.resolve(GitSource.cacheFolderName(url))).doesNotExist();
  }

  @Test
  void followsSymlinksThatStayInsideAndRefusesThoseThatLeave() throws Exception {
    Path repo = temp.resolve("repo");
    Files.createDirectories(temp.resolve("outside"));
    write(temp, "outside/secret.txt", "secret");
    try (Git git = init(repo)) {
      write(repo, "k8s/base/deploy.yaml", "kind: Deployment");
      write(repo, "k8s/base/service.yaml", "kind: Service");
      Files.createSymbolicLink(repo.resolve("k8s/app"), Path.of("base"));
      Files.createSymbolicLink(repo.resolve("deploy.yaml"), Path.of("k8s/app/deploy.yaml"));
      Files.createSymbolicLink(repo.resolve("k8s/escape"), Path.of("../../outside"));
      Files.createSymbolicLink(repo.resolve("absolute"), temp.resolve("outside"));
      Files.createSymbolicLink(repo.resolve("loop-a"), Path.of("loop-b"));
      Files.createSymbolicLink(repo.resolve("loop-b"), Path.of("loop-a"));
      commitAll(git, "Links");
    }

    try (GitSource source = GitSource.openLocal(repo)) {
      SourceTree committed = source.tree(source.resolve(null, null));
      for (SourceTree tree : List.of(committed, source.workingTree())) {
        assertThat(tree.kind("k8s/app")).as(tree.describe()).isEqualTo(Kind.DIRECTORY);
        assertThat(tree.list("k8s/app"))
            .as(tree.describe())
            .containsExactly("k8s/app/deploy.yaml", "k8s/app/service.yaml");
        assertThat(tree.read("k8s/app/service.yaml"))
            .as(tree.describe())
            .isEqualTo("kind: Service");
        assertThat(tree.kind("deploy.yaml")).as(tree.describe()).isEqualTo(Kind.FILE);
        assertThat(tree.read("deploy.yaml")).as(tree.describe()).isEqualTo("kind: Deployment");

        assertThatThrownBy(() -> tree.kind("k8s/escape"))
            .as(tree.describe())
            .isInstanceOf(PathOutsideRepositoryException.class)
            .hasMessage("symlink k8s/escape -> ../../outside leads out of the repository");
        assertThatThrownBy(() -> tree.read("k8s/escape/secret.txt"))
            .as(tree.describe())
            .isInstanceOf(PathOutsideRepositoryException.class)
            .hasMessage("symlink k8s/escape -> ../../outside leads out of the repository");
        assertThatThrownBy(() -> tree.kind("absolute"))
            .as(tree.describe())
            .isInstanceOf(PathOutsideRepositoryException.class)
            .hasMessage(
                "symlink absolute -> " + temp.resolve("outside") + " leads out of the repository");
        assertThatThrownBy(() -> tree.kind("loop-a"))
            .as(tree.describe())
            .isInstanceOf(UncheckedIOException.class)
            .hasCauseInstanceOf(FileSystemException.class);
        // Listing does not follow links, so the offending ones are still listed.
        assertThat(tree.list(""))
            .as(tree.describe())
            .containsExactly("absolute", "deploy.yaml", "k8s", "loop-a", "loop-b");
      }
    }
  }

  @Test
  void aPathThatIsNotInTheCommitIsMissing() throws Exception {
    Path repo = temp.resolve("repo");
    try (Git git = init(repo)) {
      write(repo, ENV_FILE, "x");
      write(repo, "k8s/b.yaml", "b");
      write(repo, "k8s/a.yaml", "a");
      write(repo, "k8s/Z.yaml", "z");
      write(repo, "k8s/a/nested.yaml", "nested");
      commitAll(git, "Files");
    }

    try (GitSource source = GitSource.openLocal(repo)) {
      SourceTree tree = source.tree(source.resolve(null, null));
      assertThat(tree.kind("environments/staging/environment.yaml")).isEqualTo(Kind.MISSING);
      assertThat(tree.kind(ENV_FILE + "/below-a-file")).isEqualTo(Kind.MISSING);
      assertThat(tree.kind("environments")).isEqualTo(Kind.DIRECTORY);
      assertThat(tree.kind("")).isEqualTo(Kind.DIRECTORY);
      assertThat(tree.kind("./environments/../" + ENV_FILE)).isEqualTo(Kind.FILE);
      assertThat(tree.list("k8s"))
          .containsExactly("k8s/Z.yaml", "k8s/a", "k8s/a.yaml", "k8s/b.yaml");
      assertThat(source.workingTree().list("k8s")).isEqualTo(tree.list("k8s"));
      assertThat(tree.list("")).containsExactly("environments", "k8s");
      assertThat(source.workingTree().list("")).containsExactly("environments", "k8s");

      assertThatThrownBy(() -> tree.read("environments/staging/environment.yaml"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> tree.read("environments/prod"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> tree.list("environments/staging"))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> tree.list(ENV_FILE))
          .isInstanceOf(UncheckedIOException.class)
          .hasCauseInstanceOf(NotDirectoryException.class);
      assertThatThrownBy(() -> tree.kind("../elsewhere"))
          .isInstanceOf(PathOutsideRepositoryException.class);
      assertThat(source.workingTree().kind(".git")).isEqualTo(Kind.MISSING);
    }
  }

  private static Git init(Path directory) throws GitAPIException {
    return Git.init().setInitialBranch("main").setDirectory(directory.toFile()).call();
  }

  /** Commits every change in the working tree, as {@code git add -A && git commit} would. */
  private static RevCommit commitAll(Git git, String message) throws GitAPIException {
    git.add().addFilepattern(".").call();
    return git.commit()
        .setAll(true)
        .setMessage(message)
        .setAuthor(AUTHOR)
        .setCommitter(AUTHOR)
        .setSign(false)
        .call();
  }

  private static void write(Path root, String path, String content) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
