package dev.setpoint.cli;

import dev.setpoint.orchestrator.testing.TestRepository;
import dev.setpoint.provider.aws.MotoServer;
import java.nio.file.Path;
import org.eclipse.jgit.api.errors.GitAPIException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where a CLI test against AWS starts: {@code setpoint} on its embedded Temporal server with its
 * home in {@code folder} and every AWS client pointed at moto, a Git repository to commit the
 * environment to, and SDK clients to look at (or tamper with) what it made.
 */
record MotoCli(TestRepository repository, Ec2Client ec2, S3Client s3, IamClient iam)
    implements AutoCloseable {

  static MotoCli open(Path folder, MotoServer moto) throws GitAPIException {
    System.setProperty("setpoint.home", folder.resolve("home").toString());
    System.setProperty("setpoint.temporal.address", ""); // embedded, whatever the machine says
    System.setProperty("aws.endpointUrl", moto.endpoint().toString());
    return new MotoCli(
        TestRepository.init(folder.resolve("repo")), moto.ec2(), moto.s3(), moto.iam());
  }

  @Override
  public void close() {
    System.clearProperty("setpoint.home");
    System.clearProperty("setpoint.temporal.address");
    System.clearProperty("aws.endpointUrl");
    repository.close();
    ec2.close();
    s3.close();
    iam.close();
  }
}
