package dev.setpoint.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a benchmark spends its time, from the CPU samples of a recording made with {@code -prof
 * jfr}: the share of samples per method on top of the stack, per nearest orchestrator method (so a
 * JDK or SnakeYAML frame is charged to the Setpoint code that called it), and per orchestrator
 * method anywhere on the stack. Only the JMH worker thread's samples count.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.setpoint.bench.JfrHotSpots PROFILE.jfr [ROWS]
 * </pre>
 *
 * <p>JDK 17's {@code jfr} tool prints events but does not aggregate them; this does.
 */
public final class JfrHotSpots {

  private static final String ORCHESTRATOR = "dev.setpoint.orchestrator.";

  private JfrHotSpots() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: JfrHotSpots PROFILE.jfr [ROWS]");
      System.exit(2);
    }
    int rows = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    Map<String, Integer> onTop = new HashMap<>();
    Map<String, Integer> nearestOrchestrator = new HashMap<>();
    Map<String, Integer> anywhere = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getThread("sampledThread") == null
          || !String.valueOf(event.getThread("sampledThread").getJavaName())
              .contains("jmh-worker")) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      List<String> methods = new ArrayList<>();
      for (RecordedFrame frame : stack.getFrames()) {
        if (frame.getMethod().getType().getName().contains("$$Lambda")) {
          continue; // a lambda's generated class: its body is the frame below
        }
        methods.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
      }
      onTop.merge(methods.get(0), 1, Integer::sum);
      String nearest =
          methods.stream()
              .filter(method -> method.startsWith(ORCHESTRATOR))
              .findFirst()
              .orElse("(outside the orchestrator)");
      nearestOrchestrator.merge(nearest, 1, Integer::sum);
      Set<String> distinct = new LinkedHashSet<>(methods);
      for (String method : distinct) {
        if (method.startsWith(ORCHESTRATOR)) {
          anywhere.merge(method, 1, Integer::sum);
        }
      }
      if (stack.isTruncated()) {
        anywhere.merge("(stack truncated: deeper callers not counted)", 1, Integer::sum);
      }
    }
    System.out.println(samples + " CPU samples of the JMH worker thread");
    print("on top of the stack", onTop, samples, rows);
    print("charged to the nearest orchestrator method", nearestOrchestrator, samples, rows);
    print("orchestrator methods anywhere on the stack", anywhere, samples, rows * 2);
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
    System.out.println();
    System.out.println("-- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(
            entry ->
                System.out.printf(
                    "%5.1f%%  %s%n", 100.0 * entry.getValue() / samples, entry.getKey()));
  }
}
