package dev.setpoint.orchestrator.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.StatusCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.FileUtils;

/**
 * An environment repository: a local working tree, or a remote cloned into a cache and fetched on
 * every open. Definitions are read from commits ({@link #tree}); files on disk only on request
 * ({@link #workingTree}).
 *
 * <p>Remote access never prompts: no JGit {@code CredentialsProvider} is registered, so a remote
 * that needs a password fails with JGit's message instead of waiting for input, and SSH uses only
 * keys and {@code known_hosts} as {@code ~/.ssh} configures them.
 */
public final class GitSource implements AutoCloseable {

  private static final String HINT_COMMIT =
      "Setpoint reads definitions from commits: run \"git init\" and commit the files";
  private static final List<String> REF_PREFIXES =
      List.of("", Constants.R_HEADS, Constants.R_TAGS, Constants.R_REMOTES + "origin/");
  private static final Pattern COMMIT_ID_PREFIX = Pattern.compile("[0-9a-fA-F]{4,40}");
  private static final int NETWORK_TIMEOUT_SECONDS = 120;
  private static final int NAMES_IN_MESSAGES = 10;

  private final Repository repository;
  private final Path directory;
  private final String description;
  private final boolean remote;

  private GitSource(Repository repository, Path directory, String description, boolean remote) {
    this.repository = repository;
    this.directory = directory;
    this.description = description;
    this.remote = remote;
  }

  /**
   * The repository whose working tree (or bare folder) contains {@code path}, searching upward from
   * it like {@code git} does.
   */
  public static GitSource openLocal(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      throw new GitSourceException("path does not exist: " + absolute);
    }
    Path start;
    try {
      Path real = absolute.toRealPath();
      start = Files.isDirectory(real) ? real : real.getParent();
    } catch (IOException e) {
      throw new GitSourceException("cannot read " + absolute + ": " + oneLine(e), e);
    }
    FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(start.toFile());
    if (builder.getGitDir() == null) {
      throw new GitSourceException("not a Git repository: " + absolute + " (" + HINT_COMMIT + ")");
    }
    try {
      Repository repository = builder.setMustExist(true).build();
      Path directory =
          repository.isBare()
              ? repository.getDirectory().toPath()
              : repository.getWorkTree().toPath();
      return new GitSource(repository, directory, directory.toString(), false);
    } catch (IOException e) {
      throw new GitSourceException(
          "cannot open the Git repository " + builder.getGitDir() + ": " + oneLine(e), e);
    }
  }

  /**
   * A remote repository (https, ssh or file URL), cloned bare into {@code cacheRoot/<name>-<hash>}
   * the first time and fetched (branches and tags, forced, pruned) on every later open, so that
   * refs always name what the remote has now.
   */
  public static GitSource openRemote(String url, Path cacheRoot) {
    Path cache = cacheRoot.toAbsolutePath().normalize().resolve(cacheFolderName(url));
    Repository repository;
    if (RepositoryCache.FileKey.isGitRepository(cache.toFile(), FS.DETECTED)) {
      repository = openCache(cache);
      try {
        fetch(repository, url);
      } catch (RuntimeException e) {
        repository.close();
        throw e;
      }
    } else {
      repository = cloneInto(cache, url);
    }
    return new GitSource(repository, cache, url, true);
  }

  /** {@code <last URL path segment without .git>-<first 12 hex of sha-256(url)>}. */
  static String cacheFolderName(String url) {
    String name;
    try {
      name = new URIish(url).getHumanishName();
    } catch (URISyntaxException e) {
      throw new GitSourceException(
          "not a Git URL: \"" + url + "\" (use an https://, ssh:// or file:// URL)", e);
    } catch (IllegalArgumentException e) {
      name = "repository";
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return name.replaceAll("[^A-Za-z0-9._-]", "-")
          + "-"
          + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static Repository openCache(Path cache) {
    try {
      return new FileRepositoryBuilder().setGitDir(cache.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      throw new GitSourceException(
          "cannot open the cached clone " + cache + ": " + oneLine(e) + " (delete the folder)", e);
    }
  }

  private static Repository cloneInto(Path cache, String url) {
    try {
      // A folder left by an interrupted clone is not a repository: start again.
      FileUtils.delete(cache.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
      return Git.cloneRepository()
          .setURI(url)
          .setDirectory(cache.toFile())
          .setBare(true)
          .setTimeout(NETWORK_TIMEOUT_SECONDS)
          .call()
          .getRepository();
    } catch (GitAPIException | IOException | RuntimeException e) {
      throw new GitSourceException("cannot clone " + url + ": " + transportCause(e, url), e);
    }
  }

  private static void fetch(Repository repository, String url) {
    FetchResult result;
    try {
      result =
          Git.wrap(repository)
              .fetch()
              .setRemote(url)
              .setRefSpecs(
                  new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_HEADS + "*"),
                  new RefSpec("+" + Constants.R_TAGS + "*:" + Constants.R_TAGS + "*"))
              .setRemoveDeletedRefs(true)
              .setTimeout(NETWORK_TIMEOUT_SECONDS)
              .call();
    } catch (GitAPIException | RuntimeException e) {
      throw new GitSourceException("cannot fetch " + url + ": " + transportCause(e, url), e);
    }
    followRemoteDefaultBranch(repository, result.getAdvertisedRef(Constants.HEAD), url);
  }

  /** Points the cache's HEAD where the remote's HEAD points, should its default branch change. */
  private static void followRemoteDefaultBranch(Repository repository, Ref remoteHead, String url) {
    if (remoteHead == null || !remoteHead.isSymbolic()) {
      return;
    }
    String target = remoteHead.getTarget().getName();
    try {
      Ref head = repository.exactRef(Constants.HEAD);
      if (head != null && head.isSymbolic() && head.getTarget().getName().equals(target)) {
        return;
      }
      RefUpdate.Result result = repository.updateRef(Constants.HEAD).link(target);
      if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FORCED) {
        throw new IOException("HEAD update " + result);
      }
    } catch (IOException e) {
      throw new GitSourceException(
          "cannot point HEAD of the cached clone of " + url + " at " + target + ": " + oneLine(e),
          e);
    }
  }

  /** The repository-relative path of a file or folder of this working tree. */
  public String pathInRepository(Path path) {
    Path workTree = requireWorkTree();
    Path real;
    try {
      real = realPathOfExistingPart(path.toAbsolutePath().normalize());
    } catch (IOException e) {
      throw new GitSourceException("cannot read " + path + ": " + oneLine(e), e);
    }
    if (!real.startsWith(workTree)) {
      throw new GitSourceException(
          "path " + path + " is not inside the Git repository " + workTree);
    }
    List<String> names = new ArrayList<>();
    workTree.relativize(real).forEach(name -> names.add(name.toString()));
    return RepoPaths.resolve("", String.join("/", names));
  }

  /** The real path of the longest existing prefix, with the rest (which does not exist) added. */
  private static Path realPathOfExistingPart(Path absolute) throws IOException {
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null
        ? absolute
        : existing.toRealPath().resolve(existing.relativize(absolute));
  }

  /**
   * Resolves what the user asked for to one commit.
   *
   * @param ref a branch or tag name ({@code main}, {@code v1.0}, {@code refs/heads/main}), or
   *     {@code null}
   * @param revision a full or abbreviated commit id, or {@code null}; with a ref it must be
   *     reachable from that ref
   * @return with both {@code null}, the commit HEAD points to (for a remote: its default branch)
   */
  public Revision resolve(String ref, String revision) {
    try (RevWalk walk = new RevWalk(repository)) {
      Ref found = ref != null ? findRef(ref) : revision == null ? findRef(Constants.HEAD) : null;
      RevCommit refCommit = found == null ? null : commitOf(walk, found, ref);
      String refName = found == null ? null : found.getLeaf().getName();
      if (revision == null) {
        return new Revision(refCommit.name(), refName, refCommit.getShortMessage());
      }
      RevCommit commit = findCommit(walk, revision);
      if (refCommit != null && !walk.isMergedInto(commit, refCommit)) {
        throw new GitSourceException(
            "revision "
                + commit.abbreviate(7).name()
                + " is not reachable from ref \""
                + ref
                + "\" in "
                + description
                + " (give the branch or tag that contains it, or leave the ref out)");
      }
      return new Revision(commit.name(), refName, commit.getShortMessage());
    } catch (IOException e) {
      throw new GitSourceException("cannot read " + description + ": " + oneLine(e), e);
    }
  }

  private Ref findRef(String name) throws IOException {
    for (String prefix : REF_PREFIXES) {
      String candidate = prefix + name;
      if (!candidate.equals(Constants.HEAD) && !Repository.isValidRefName(candidate)) {
        continue;
      }
      Ref ref = repository.exactRef(candidate);
      if (ref != null) {
        return ref;
      }
    }
    throw new GitSourceException(
        "unknown ref \""
            + name
            + "\" in "
            + description
            + " (branches: "
            + refNames(Constants.R_HEADS)
            + "; tags: "
            + refNames(Constants.R_TAGS)
            + ")");
  }

  private String refNames(String prefix) throws IOException {
    List<String> names =
        repository.getRefDatabase().getRefsByPrefix(prefix).stream()
            .map(ref -> ref.getName().substring(prefix.length()))
            .sorted()
            .toList();
    if (names.isEmpty()) {
      return "none";
    }
    String listed = names.stream().limit(NAMES_IN_MESSAGES).collect(Collectors.joining(", "));
    return names.size() > NAMES_IN_MESSAGES ? listed + ", …" : listed;
  }

  private RevCommit commitOf(RevWalk walk, Ref ref, String asGiven) throws IOException {
    if (ref.getObjectId() == null) {
      throw new GitSourceException(
          (asGiven == null ? "HEAD" : "ref \"" + asGiven + "\"")
              + " of "
              + description
              + " points to "
              + ref.getLeaf().getName()
              + ", which has no commits yet ("
              + HINT_COMMIT
              + ")");
    }
    RevObject target = walk.peel(walk.parseAny(ref.getObjectId()));
    if (!(target instanceof RevCommit commit)) {
      throw new GitSourceException(
          "ref \"" + asGiven + "\" in " + description + " does not point to a commit");
    }
    return commit;
  }

  /** The one commit whose id starts with {@code revision}; annotated tag ids are peeled. */
  private RevCommit findCommit(RevWalk walk, String revision) throws IOException {
    if (!COMMIT_ID_PREFIX.matcher(revision).matches()) {
      throw new GitSourceException(
          "revision \""
              + revision
              + "\" is not a commit id (give 4 to 40 hex digits; branch and tag names go in the"
              + " ref)");
    }
    Set<RevCommit> commits = new LinkedHashSet<>();
    AbbreviatedObjectId prefix = AbbreviatedObjectId.fromString(revision.toLowerCase());
    for (ObjectId id : walk.getObjectReader().resolve(prefix)) {
      try {
        if (walk.peel(walk.parseAny(id)) instanceof RevCommit commit) {
          commits.add(commit);
        }
      } catch (MissingObjectException e) {
        // A complete id is returned unchecked by resolve(): it names nothing here.
      }
    }
    if (commits.isEmpty()) {
      throw new GitSourceException(
          "unknown revision \""
              + revision
              + "\" in "
              + description
              + " (no commit has this id: check it, or push it)");
    }
    if (commits.size() > 1) {
      throw new GitSourceException(
          "revision \""
              + revision
              + "\" is ambiguous in "
              + description
              + " (commits "
              + commits.stream()
                  .map(commit -> commit.abbreviate(10).name())
                  .collect(Collectors.joining(", "))
              + ": give more digits)");
    }
    return commits.iterator().next();
  }

  /** The files of {@code revision}'s commit, read lazily; valid while this source is open. */
  public SourceTree tree(Revision revision) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(revision.commitId()));
      String label =
          revision.refName() == null
              ? ""
              : " (" + Repository.shortenRefName(revision.refName()) + ")";
      return new CommitTree(
          repository, commit.getTree().getId(), "commit " + revision.shortId() + label);
    } catch (MissingObjectException e) {
      throw new GitSourceException(
          "commit " + revision.shortId() + " is not in " + description + " (resolve it again)", e);
    } catch (IOException e) {
      throw new GitSourceException("cannot read " + description + ": " + oneLine(e), e);
    }
  }

  /**
   * Whether {@code revision}'s commit may be applied under {@code signers}: signed by a listed key
   * with a valid signature, or no list enforced.
   */
  public SignatureVerdict verifySignature(Revision revision, TrustedSigners signers) {
    try (RevWalk walk = new RevWalk(repository)) {
      RevCommit commit = walk.parseCommit(ObjectId.fromString(revision.commitId()));
      return CommitSignatures.check(repository, commit, signers);
    } catch (IOException e) {
      throw new GitSourceException("cannot read " + description + ": " + oneLine(e), e);
    }
  }

  /**
   * Whether {@code older} is {@code newer} or one of its ancestors: on the same line of history.
   */
  public boolean isAncestor(Revision older, Revision newer) {
    try (RevWalk walk = new RevWalk(repository)) {
      return walk.isMergedInto(
          walk.parseCommit(ObjectId.fromString(older.commitId())),
          walk.parseCommit(ObjectId.fromString(newer.commitId())));
    } catch (IOException e) {
      throw new GitSourceException("cannot read " + description + ": " + oneLine(e), e);
    }
  }

  /** The files as they are on disk now, for {@code --working-tree}; local repositories only. */
  public SourceTree workingTree() {
    return new WorkingTree(requireWorkTree());
  }

  /**
   * Repository-relative paths under {@code pathPrefix} (a file or folder, {@code ""} for all) that
   * differ from HEAD: modified, added, removed, or untracked and not ignored; sorted.
   */
  public List<String> uncommittedChanges(String pathPrefix) {
    requireWorkTree();
    String prefix = RepoPaths.resolve("", pathPrefix);
    StatusCommand command = Git.wrap(repository).status();
    if (!prefix.isEmpty()) {
      command.addPath(prefix);
    }
    try {
      Status status = command.call();
      Set<String> paths = new TreeSet<>();
      paths.addAll(status.getAdded());
      paths.addAll(status.getChanged());
      paths.addAll(status.getModified());
      paths.addAll(status.getRemoved());
      paths.addAll(status.getMissing());
      paths.addAll(status.getUntracked());
      paths.addAll(status.getConflicting());
      return List.copyOf(paths);
    } catch (GitAPIException | RuntimeException e) {
      throw new GitSourceException(
          "cannot compare the working tree of " + description + " with HEAD: " + oneLine(e), e);
    }
  }

  private Path requireWorkTree() {
    if (remote || repository.isBare()) {
      throw new GitSourceException(
          description
              + " has no working tree (it is read from commits only; clone it to use local files)");
    }
    return directory;
  }

  /** The working tree of a local repository, or the cache folder of a remote one. */
  public Path directory() {
    return directory;
  }

  /** For messages: the working-tree path, or the URL of a remote. */
  public String describeRepository() {
    return description;
  }

  @Override
  public void close() {
    repository.close();
  }

  /**
   * Why a clone or fetch failed, in one line: the innermost message that names the URL (JGit's
   * wrappers add little), without repeating the URL, and the root cause when it adds something.
   */
  static String transportCause(Throwable error, String url) {
    Throwable described = error;
    Throwable root = error;
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && cause.getMessage().contains(url)) {
        described = cause;
      }
      root = cause;
    }
    String message = oneLine(described).replace(url + ": ", "");
    String rootMessage = oneLine(root).replace(url + ": ", "");
    return message.contains(rootMessage) ? message : message + ": " + rootMessage;
  }

  /** A message on one line, for errors people read in a terminal. */
  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.strip().replaceAll("\\s*\\R\\s*", "; ");
  }
}
