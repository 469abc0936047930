package dev.setpoint.provider.aws;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Lets the observes of one EC2 type that arrive together share one paginated Describe, filtered by
 * the environment's tag and the names of the resources in the batch, instead of one Describe each:
 * a drift audit dispatches every resource whose dependencies are done at once, so N subnets of a
 * VPC are read with one DescribeSubnets.
 *
 * <p>The first observe of a key opens a batch and waits {@link #WINDOW} for others to join; then
 * the batch closes, and only then is the Describe sent. So every observe is served by a call sent
 * after it asked, and nothing is kept once the call returns: no data outlives its call, none is
 * served to a later observe, of this run or another.
 *
 * @param <L> the SDK's description of the live thing
 */
final class Ec2Batches<L> {

  /** How long a batch waits for more observes: a few ms against the tens a Describe costs. */
  static final Duration WINDOW = Duration.ofMillis(20);

  /** A batch being gathered: the resource names that joined it, and the answer they wait for. */
  private record Batch<L>(Set<String> names, CompletableFuture<List<L>> described) {}

  private final Map<String, Batch<L>> open = new HashMap<>();

  /**
   * What {@code describe} returns for the names of the batch of {@code key} (region and
   * environment) that observing {@code name} joins or opens; a failure of the Describe is thrown to
   * every observe of the batch.
   */
  List<L> described(String key, String name, Function<Set<String>, List<L>> describe) {
    Batch<L> batch;
    boolean opened = false;
    synchronized (open) {
      batch = open.get(key);
      if (batch == null) {
        batch = new Batch<>(new TreeSet<>(), new CompletableFuture<>());
        open.put(key, batch);
        opened = true;
      }
      batch.names().add(name);
    }
    if (opened) {
      gather();
      Set<String> names;
      synchronized (open) {
        open.remove(key);
        names = Set.copyOf(batch.names());
      }
      try {
        batch.described().complete(describe.apply(names));
      } catch (RuntimeException failure) {
        batch.described().completeExceptionally(failure);
      }
    }
    try {
      return batch.described().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static void gather() {
    try {
      Thread.sleep(WINDOW.toMillis());
    } catch (InterruptedException cancelled) {
      // A cancelled activity: keep the flag for the caller and describe at once.
      Thread.currentThread().interrupt();
    }
  }
}
