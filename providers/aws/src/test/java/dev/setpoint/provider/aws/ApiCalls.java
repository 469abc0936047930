package dev.setpoint.provider.aws;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS API calls of every SDK client in this JVM, per operation ({@code
 * Ec2.DescribeVpcs}): the SDK loads it as a global interceptor from {@code
 * software/amazon/awssdk/global/handlers/execution.interceptors} on the test class path, so the
 * provider the CLI's ServiceLoader makes is counted without any hook in the provider. One count per
 * call (each page of a paginated call is one), not per HTTP retry.
 */
public final class ApiCalls implements ExecutionInterceptor {

  private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();

  @Override
  public void beforeExecution(
      Context.BeforeExecution context, ExecutionAttributes executionAttributes) {
    String operation =
        executionAttributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)
            + "."
            + executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    COUNTS.computeIfAbsent(operation, key -> new LongAdder()).increment();
  }

  /** Forgets every count so far. */
  public static void reset() {
    COUNTS.clear();
  }

  /** The calls since the last {@link #reset}, by operation, sorted. */
  public static Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    COUNTS.forEach((operation, count) -> counts.put(operation, count.sum()));
    return counts;
  }

  /** The calls since the last {@link #reset}, all operations together. */
  public static long total() {
    return COUNTS.values().stream().mapToLong(LongAdder::sum).sum();
  }
}
