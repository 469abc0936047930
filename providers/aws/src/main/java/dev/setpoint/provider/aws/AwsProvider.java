package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.model.RetrySpec;
import dev.setpoint.orchestrator.provider.ManagedResource;
import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderContext;
import dev.setpoint.orchestrator.provider.ResourceHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The AWS provider: EC2 networking found by Setpoint's tags, S3 buckets found by name. One instance
 * per worker; its clients are shared and closed with it.
 */
public final class AwsProvider implements Provider {

  private final AwsClients clients;
  private final VpcHandler vpc;
  private final SubnetHandler subnet;
  private final InternetGatewayHandler internetGateway;
  private final RouteTableHandler routeTable;
  private final SecurityGroupHandler securityGroup;
  private final BucketHandler bucket;
  private final RoleHandler role;

  /**
   * Reads the endpoint as the AWS SDK does: the JVM system property {@code aws.endpointUrl}, else
   * the environment variable {@code AWS_ENDPOINT_URL}; credentials and region come from the SDK's
   * default chain, which reads the same two places.
   */
  public AwsProvider() {
    this(AwsClients::processSetting);
  }

  /** Reads environment variables ({@code AWS_ENDPOINT_URL}) through {@code environment}. */
  public AwsProvider(Function<String, String> environment) {
    this.clients = new AwsClients(environment);
    this.vpc = new VpcHandler(clients);
    this.subnet = new SubnetHandler(clients);
    this.internetGateway = new InternetGatewayHandler(clients);
    this.routeTable = new RouteTableHandler(clients);
    this.securityGroup = new SecurityGroupHandler(clients);
    this.bucket = new BucketHandler(clients);
    this.role = new RoleHandler(clients);
  }

  @Override
  public String name() {
    return AwsSchema.PROVIDER;
  }

  @Override
  public List<ResourceHandler> handlers() {
    return List.of(vpc, subnet, internetGateway, routeTable, securityGroup, bucket, role);
  }

  @Override
  public List<ManagedResource> listManaged(String environment, ProviderContext context) {
    List<ManagedResource> managed = new ArrayList<>();
    managed.addAll(vpc.listManaged(environment, context));
    managed.addAll(subnet.listManaged(environment, context));
    managed.addAll(internetGateway.listManaged(environment, context));
    managed.addAll(routeTable.listManaged(environment, context));
    managed.addAll(securityGroup.listManaged(environment, context));
    managed.addAll(bucket.listManaged(environment, context));
    managed.addAll(role.listManaged(environment, context));
    return managed;
  }

  @Override
  public RetrySpec defaultRetry() {
    return new RetrySpec(8, Duration.ofSeconds(2), Duration.ofSeconds(30), 2.0);
  }

  @Override
  public void close() {
    clients.close();
  }
}
