package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.model.ResourceSpec;
import dev.setpoint.orchestrator.provider.Observation;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Observes of one type that arrive together share one Describe, and none is served stale data. */
class ObserveBatchTest extends AwsTestSupport {

  static final String SUBNET = "aws:ec2/Subnet";
  static final int SUBNETS = 8;

  @Test
  void subnetsObservedTogetherAreReadWithFewerDescribesThanSubnets() throws Exception {
    String vpcId = vpc();
    Map<ResourceSpec, String> ids = new LinkedHashMap<>();
    for (int i = 0; i < SUBNETS; i++) {
      ResourceSpec subnet =
          spec(
              "subnet-" + i,
              SUBNET,
              props("vpcId", vpcId, "cidrBlock", "10.0." + i + ".0/24"),
              false,
              List.of("vpc"));
      ids.put(subnet, reconcile(subnet).values().get("id").toString());
    }
    ResourceHandler handler = handler(SUBNET);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(SUBNETS);
    ApiCalls.reset();
    try {
      List<Future<Observation>> observed = new ArrayList<>();
      for (ResourceSpec subnet : ids.keySet()) {
        observed.add(
            threads.submit(
                () -> {
                  start.await();
                  return handler.observe(subnet, context());
                }));
      }
      start.countDown();
      int i = 0;
      for (String id : ids.values()) {
        Observation observation = observed.get(i++).get();
        assertThat(observation.ownership()).isEqualTo(Observation.Ownership.MANAGED);
        assertThat(observation.id()).isEqualTo(id);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(ApiCalls.counts().get("Ec2.DescribeSubnets")).isBetween(1L, SUBNETS - 1L);

    // A later observe is a later Describe: a subnet deleted in between is seen as gone.
    ResourceSpec first = ids.keySet().iterator().next();
    ec2.deleteSubnet(r -> r.subnetId(ids.get(first)));
    assertThat(handler.observe(first, context()).ownership())
        .isEqualTo(Observation.Ownership.ABSENT);
  }
}
