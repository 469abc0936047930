package dev.setpoint.orchestrator.provider;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last step of stopping a provider's command line tool: what it started must be gone before the
 * step reports that it stopped, or a retry could run beside a leftover.
 */
public final class ProcessTrees {

  private ProcessTrees() {}

  /**
   * Sends SIGKILL to every process still alive and waits, up to {@code limit} for each, until it
   * has exited. It waits even when the thread is interrupted and leaves the interrupt flag set if
   * it was set before or during the wait.
   */
  public static void killAndAwait(Collection<ProcessHandle> processes, Duration limit) {
    boolean interrupted = Thread.interrupted();
    processes.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle process : processes) {
      try {
        process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException again) {
        interrupted = true;
      } catch (ExecutionException | TimeoutException stillThere) {
        // SIGKILL was sent: nothing more can be done from here
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
