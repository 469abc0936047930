package dev.setpoint.provider.aws;

import dev.setpoint.orchestrator.provider.ProviderContext;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The SDK clients of one provider instance, made on first use per region and shared by every
 * activity (SDK clients are thread-safe). Credentials come from the SDK's default chain only; the
 * region from the {@code region} setting, else the default chain; {@code AWS_ENDPOINT_URL}, read
 * through an injectable environment, points every client at another endpoint (moto, LocalStack),
 * with path-style S3 addressing.
 */
final class AwsClients implements AutoCloseable {

  static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL";

  /** The SDK's system property for {@link #ENDPOINT_VARIABLE}, which wins over it as in the SDK. */
  static final String ENDPOINT_PROPERTY = "aws.endpointUrl";

  private static final String DEFAULT_REGION = "";

  private final Function<String, String> environment;
  private final Map<String, Ec2Client> ec2 = new ConcurrentHashMap<>();
  private final Map<String, S3Client> s3 = new ConcurrentHashMap<>();
  private final Map<String, IamClient> iam = new ConcurrentHashMap<>();

  AwsClients(Function<String, String> environment) {
    this.environment = environment;
  }

  Ec2Client ec2(ProviderContext context) {
    return ec2.computeIfAbsent(
        region(context),
        region -> {
          var builder = Ec2Client.builder();
          if (!region.isEmpty()) {
            builder.region(Region.of(region));
          }
          URI endpoint = endpoint();
          if (endpoint != null) {
            builder.endpointOverride(endpoint);
          }
          return builder.build();
        });
  }

  S3Client s3(ProviderContext context) {
    return s3.computeIfAbsent(
        region(context),
        region -> {
          var builder = S3Client.builder();
          if (!region.isEmpty()) {
            builder.region(Region.of(region));
          }
          URI endpoint = endpoint();
          if (endpoint != null) {
            builder.endpointOverride(endpoint).forcePathStyle(true);
          }
          return builder.build();
        });
  }

  IamClient iam(ProviderContext context) {
    return iam.computeIfAbsent(
        region(context),
        region -> {
          var builder = IamClient.builder().region(Region.AWS_GLOBAL);
          URI endpoint = endpoint();
          if (endpoint != null) {
            builder.endpointOverride(endpoint);
          }
          return builder.build();
        });
  }

  /** The region the context's settings name, or the region the client of {@code s3} resolved. */
  String regionName(ProviderContext context, S3Client client) {
    String region = region(context);
    return region.isEmpty() ? client.serviceClientConfiguration().region().id() : region;
  }

  /** The region the context's settings name, or "" for the default chain's: what keys clients. */
  static String regionKey(ProviderContext context) {
    return region(context);
  }

  private static String region(ProviderContext context) {
    Object region = context.providerSettings().settings().get("region");
    return region == null ? DEFAULT_REGION : region.toString();
  }

  /**
   * A setting of this process: the system property the SDK names for {@code variable}, else the
   * environment variable, so an in-process caller (a test, an embedding) can point the provider at
   * moto without changing the process environment.
   */
  static String processSetting(String variable) {
    if (ENDPOINT_VARIABLE.equals(variable)) {
      String property = System.getProperty(ENDPOINT_PROPERTY);
      if (property != null && !property.isBlank()) {
        return property;
      }
    }
    return System.getenv(variable);
  }

  private URI endpoint() {
    String value = environment.apply(ENDPOINT_VARIABLE);
    return value == null || value.isBlank() ? null : URI.create(value.strip());
  }

  @Override
  public void close() {
    for (Map<String, ? extends SdkClient> clients : java.util.List.of(ec2, s3, iam)) {
      clients.values().forEach(SdkClient::close);
      clients.clear();
    }
  }
}
