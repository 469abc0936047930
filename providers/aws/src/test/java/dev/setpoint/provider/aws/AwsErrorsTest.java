package dev.setpoint.provider.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.setpoint.orchestrator.provider.Provider;
import dev.setpoint.orchestrator.provider.ProviderException;
import dev.setpoint.orchestrator.provider.ProviderException.Kind;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class AwsErrorsTest {

  static AwsServiceException failure(String code, int status) {
    return AwsServiceException.builder()
        .statusCode(status)
        .awsErrorDetails(
            AwsErrorDetails.builder().errorCode(code).errorMessage("line one\nline two").build())
        .build();
  }

  static Kind kind(String code, int status) {
    return AwsErrors.classify("creating aws:ec2/Vpc \"vpc\"", failure(code, status)).kind();
  }

  @Test
  void classifiesByErrorCode() {
    assertThat(kind("Throttling", 400)).isEqualTo(Kind.TRANSIENT);
    assertThat(kind("RequestLimitExceeded", 503)).isEqualTo(Kind.TRANSIENT);
    assertThat(kind("DependencyViolation", 400)).isEqualTo(Kind.TRANSIENT);
    assertThat(kind("Whatever", 500)).isEqualTo(Kind.TRANSIENT);
    assertThat(kind("InvalidParameterValue", 400)).isEqualTo(Kind.INVALID);
    assertThat(kind("MalformedPolicyDocument", 400)).isEqualTo(Kind.INVALID);
    assertThat(kind("ValidationError", 400)).isEqualTo(Kind.INVALID);
    assertThat(kind("AccessDenied", 403)).isEqualTo(Kind.PERMISSION);
    assertThat(kind("UnauthorizedOperation", 403)).isEqualTo(Kind.PERMISSION);
    assertThat(kind("InvalidVpcID.NotFound", 400)).isEqualTo(Kind.NOT_FOUND);
    assertThat(kind("NoSuchBucket", 404)).isEqualTo(Kind.NOT_FOUND);
  }

  @Test
  void messagesAreOneLineNamingTheResourceAndTheCode() {
    ProviderException e =
        AwsErrors.classify("creating aws:ec2/Vpc \"vpc\"", failure("InvalidParameterValue", 400));
    assertThat(e.getMessage())
        .isEqualTo("creating aws:ec2/Vpc \"vpc\": InvalidParameterValue (line one line two)");
    assertThat(AwsErrors.classify("x", SdkClientException.create("connection refused")).kind())
        .isEqualTo(Kind.TRANSIENT);
  }

  @Test
  void theProviderHasTheNoArgumentConstructorServiceLoaderNeeds() throws Exception {
    try (Provider provider = AwsProvider.class.getConstructor().newInstance()) {
      assertThat(provider.name()).isEqualTo("aws");
      assertThat(provider.handlers())
          .extracting(h -> h.type())
          .containsExactly(
              "aws:ec2/Vpc",
              "aws:ec2/Subnet",
              "aws:ec2/InternetGateway",
              "aws:ec2/RouteTable",
              "aws:ec2/SecurityGroup",
              "aws:s3/Bucket",
              "aws:iam/Role");
    }
  }
}
