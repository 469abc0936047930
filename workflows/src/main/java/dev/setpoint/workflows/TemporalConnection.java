package dev.setpoint.workflows;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;

/** A client of one Temporal namespace, and the one-time set-up Setpoint needs there. */
public final class TemporalConnection implements AutoCloseable {

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final String namespace;

  private TemporalConnection(WorkflowServiceStubs service, String namespace) {
    this.service = service;
    this.namespace = namespace;
    this.client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /** Connects to {@code address} (host:port) and namespace. */
  public static TemporalConnection connect(String address, String namespace) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    return new TemporalConnection(service, namespace);
  }

  public WorkflowClient client() {
    return client;
  }

  public String namespace() {
    return namespace;
  }

  /**
   * Registers Setpoint's search attributes; a server that already has them is fine, and one that
   * refuses (no permission) leaves runs without them rather than failing.
   *
   * @return whether the attributes are there to use
   */
  public boolean registerSearchAttributes() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(
                      Map.of(
                          RunSearchAttributes.ENVIRONMENT.getName(),
                          IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                          RunSearchAttributes.REVISION.getName(),
                          IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                          RunSearchAttributes.MODE.getName(),
                          IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
                          RunSearchAttributes.DRIFTED.getName(),
                          IndexedValueType.INDEXED_VALUE_TYPE_BOOL))
                  .build());
      return true;
    } catch (StatusRuntimeException refused) {
      return refused.getStatus().getCode() == Status.Code.ALREADY_EXISTS;
    } finally {
      operator.shutdown();
    }
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
