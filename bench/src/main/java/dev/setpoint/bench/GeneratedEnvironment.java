package dev.setpoint.bench;

import dev.setpoint.orchestrator.graph.DependencyGraph;
import dev.setpoint.orchestrator.load.Diagnostic;
import dev.setpoint.orchestrator.load.EnvironmentLoader;
import dev.setpoint.orchestrator.load.LoadResult;
import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import dev.setpoint.orchestrator.model.ResourceName;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An environment repository of any number of resources, generated in memory, shaped like a real
 * one: network cells of a VPC, an internet gateway, four subnets, a route table, two security
 * groups and a bucket, each wired to the others by {@code ${...}} references and some {@code
 * dependsOn} (about two dependency edges per resource), with variables used throughout.
 *
 * <p>The cells are spread over {@value #DEFAULT_STACK_FILES} included stack files and the
 * environment file itself; every stack file also includes a shared {@code common.yaml} (merged
 * once). The environment file holds three shared resources that every cell, or the platform,
 * depends on: a log bucket, a Terraform module and Kubernetes manifests (whose paths exist in the
 * tree, so path checks run).
 *
 * <pre>
 * environments/generated/environment.yaml   header, variables, providers, own cells, shared resources
 * stacks/common.yaml                        variables shared by every stack
 * stacks/cells-00.yaml ... cells-09.yaml    cells, one cost-centre variable each
 * terraform/platform/main.tf
 * k8s/app/deployment.yaml
 * </pre>
 *
 * <p>The text is put together with {@link String#replace}, not {@code String.format}: {@code
 * java.util.Formatter} parses its patterns with {@code java.util.regex}, which the loader uses too,
 * and the cold benchmark's setup must not warm the code it measures.
 */
public final class GeneratedEnvironment {

  /** The environment file, repository-relative, as {@code setpoint validate} would be given it. */
  public static final String ENVIRONMENT_FILE = "environments/generated/environment.yaml";

  public static final int DEFAULT_STACK_FILES = 10;

  /** The log bucket, the Terraform module and the Kubernetes manifests of the environment file. */
  static final int SHARED_RESOURCES = 3;

  /** vpc, igw, subnet a to d, routes, web, db, assets: in an order where each uses only earlier. */
  static final int RESOURCES_PER_CELL = 10;

  public static final int MINIMUM_RESOURCES = SHARED_RESOURCES + RESOURCES_PER_CELL;

  private final int resourceCount;
  private final InMemorySourceTree tree;

  private GeneratedEnvironment(int resourceCount, InMemorySourceTree tree) {
    this.resourceCount = resourceCount;
    this.tree = tree;
  }

  /** An environment of exactly {@code resourceCount} resources over the default stack files. */
  public static GeneratedEnvironment generate(int resourceCount) {
    return generate(resourceCount, DEFAULT_STACK_FILES);
  }

  /**
   * An environment of exactly {@code resourceCount} resources: as many whole cells as fit, the last
   * one cut short when the count is not a multiple of {@value #RESOURCES_PER_CELL} (a cell's
   * resources only use the ones before them, so a shortened cell stays valid).
   */
  public static GeneratedEnvironment generate(int resourceCount, int stackFiles) {
    if (resourceCount < MINIMUM_RESOURCES) {
      throw new IllegalArgumentException(
          "a generated environment has at least " + MINIMUM_RESOURCES + " resources");
    }
    if (stackFiles < 1) {
      throw new IllegalArgumentException("a generated environment has at least one stack file");
    }
    int cellResources = resourceCount - SHARED_RESOURCES;
    int cells = (cellResources + RESOURCES_PER_CELL - 1) / RESOURCES_PER_CELL;
    // The stack files and the environment file each take one contiguous chunk of cells.
    int chunks = stackFiles + 1;
    Map<String, String> files = new LinkedHashMap<>();

    StringBuilder environment = new StringBuilder();
    environment.append(environmentHeader(stackFiles));
    for (int stack = 0; stack < stackFiles; stack++) {
      StringBuilder stackFile = new StringBuilder();
      stackFile.append(stackHeader(stack));
      appendCells(
          stackFile,
          2,
          chunkStart(stack, chunks, cells),
          chunkStart(stack + 1, chunks, cells),
          cellResources,
          "${var." + costCentreVariable(stack) + "}");
      files.put(stackFile(stack), stackFile.toString());
    }
    appendCells(
        environment, 4, chunkStart(stackFiles, chunks, cells), cells, cellResources, "${var.team}");
    environment.append(sharedResources().indent(4));
    files.put(ENVIRONMENT_FILE, environment.toString());
    files.put("stacks/common.yaml", COMMON_VARIABLES);
    files.put("terraform/platform/main.tf", TERRAFORM_MODULE);
    files.put("k8s/app/deployment.yaml", DEPLOYMENT);
    return new GeneratedEnvironment(resourceCount, new InMemorySourceTree(files));
  }

  public InMemorySourceTree tree() {
    return tree;
  }

  public int resourceCount() {
    return resourceCount;
  }

  /**
   * Loads the environment once and fails, with the first errors, unless it is valid and holds every
   * generated resource: a benchmark of a definition that does not load measures the error path.
   */
  public EnvironmentDefinition requireValid(EnvironmentLoader loader) {
    return requireValid(loader, tree, resourceCount);
  }

  static EnvironmentDefinition requireValid(
      EnvironmentLoader loader, InMemorySourceTree tree, int resourceCount) {
    LoadResult result = loader.load(tree, ENVIRONMENT_FILE);
    if (!result.valid()) {
      throw new IllegalStateException(
          "the generated environment of "
              + resourceCount
              + " resources is not valid ("
              + result.errors().size()
              + " errors); the first ones:\n"
              + result.errors().stream()
                  .limit(10)
                  .map(Diagnostic::toString)
                  .collect(Collectors.joining("\n")));
    }
    EnvironmentDefinition definition = result.definition().orElseThrow();
    if (definition.resources().size() != resourceCount) {
      throw new IllegalStateException(
          "the generated environment holds "
              + definition.resources().size()
              + " resources, not "
              + resourceCount);
    }
    return definition;
  }

  /** One line on what was generated, for the benchmark's log: files, size, edges, depth. */
  public String describe(EnvironmentDefinition definition) {
    DependencyGraph graph = DependencyGraph.of(definition.resources());
    long edges = 0;
    for (ResourceName name : graph.nodes()) {
      edges += graph.dependencies(name).size();
    }
    return String.format(
        "generated %d resources in %d files (%d KiB of YAML): %d dependency edges (%.2f per"
            + " resource), %d layers",
        resourceCount,
        tree.fileCount(),
        tree.totalCharacters() / 1024,
        edges,
        (double) edges / resourceCount,
        graph.layers().size());
  }

  private static int chunkStart(int chunk, int chunks, int cells) {
    return (int) ((long) cells * chunk / chunks);
  }

  private static String stackFile(int stack) {
    return "stacks/cells-" + twoDigits(stack) + ".yaml";
  }

  private static String costCentreVariable(int stack) {
    return "stack" + twoDigits(stack) + "CostCentre";
  }

  private static String twoDigits(int number) {
    return number < 10 ? "0" + number : Integer.toString(number);
  }

  private static String environmentHeader(int stackFiles) {
    StringBuilder includes = new StringBuilder();
    for (int stack = 0; stack < stackFiles; stack++) {
      includes.append("    - ../../").append(stackFile(stack)).append('\n');
    }
    return """
        # Generated by dev.setpoint.bench.GeneratedEnvironment for the load benchmarks.
        apiVersion: setpoint.dev/v1alpha1
        kind: Environment
        metadata:
          name: generated
        spec:
          include:
        {includes}  variables:
            region: us-east-1
            team: platform
            prefix: setpoint-bench
            enableDnsHostnames: true
            httpsPort: 443
          providers:
            aws:
              region: ${var.region}
            kubernetes:
              context: bench
            terraform:
              parallelism: 4
          policy:
            drift: revert
            prune: true
            approval: none
          sync:
            interval: 1m
            driftInterval: 30m
          resources:
        """
        .replace("{includes}", includes);
  }

  private static String stackHeader(int stack) {
    return """
        # Generated network cells, stack {stack}.
        include:
          - common.yaml
        variables:
          {costCentreVariable}: cc-{costCentre}
        resources:
        """
        .replace("{stack}", twoDigits(stack))
        .replace("{costCentreVariable}", costCentreVariable(stack))
        .replace("{costCentre}", Integer.toString(1000 + stack));
  }

  /**
   * Appends cells {@code [first, end)}, stopping when {@code cellResources} resources have been
   * generated in all (the last cell may be cut short).
   */
  private static void appendCells(
      StringBuilder out,
      int indent,
      int first,
      int end,
      int cellResources,
      String costCentreExpression) {
    for (int cell = first; cell < end; cell++) {
      int members = Math.min(RESOURCES_PER_CELL, cellResources - cell * RESOURCES_PER_CELL);
      for (int member = 0; member < members; member++) {
        out.append(cellResource(cell, member, costCentreExpression).indent(indent));
      }
    }
  }

  private static String cellResource(int cell, int member, String costCentreExpression) {
    int octet = cell % 256;
    return switch (member) {
      case 0 -> vpc(cell, octet);
      case 1 -> internetGateway(cell);
      case 2, 3, 4, 5 -> subnet(cell, octet, member - 2);
      case 6 -> routeTable(cell);
      case 7 -> webSecurityGroup(cell);
      case 8 -> databaseSecurityGroup(cell);
      case 9 -> assetsBucket(cell, costCentreExpression);
      default -> throw new IllegalArgumentException("a cell has " + RESOURCES_PER_CELL);
    };
  }

  private static String vpc(int cell, int octet) {
    return """
        - name: vpc-{cell}
          type: aws:ec2/Vpc
          properties:
            cidrBlock: 10.{octet}.0.0/16
            enableDnsHostnames: ${var.enableDnsHostnames}
            tags:
              team: ${var.team}
              cell: cell-{cell}
        """
        .replace("{cell}", Integer.toString(cell))
        .replace("{octet}", Integer.toString(octet));
  }

  private static String internetGateway(int cell) {
    return """
        - name: igw-{cell}
          type: aws:ec2/InternetGateway
          properties:
            vpcId: ${vpc-{cell}.id}
        """
        .replace("{cell}", Integer.toString(cell));
  }

  private static String subnet(int cell, int octet, int index) {
    char zone = (char) ('a' + index);
    return """
        - name: subnet-{cell}-{zone}
          type: aws:ec2/Subnet
          properties:
            vpcId: ${vpc-{cell}.id}
            cidrBlock: 10.{octet}.{third}.0/24
            availabilityZone: ${var.region}{zone}
            mapPublicIpOnLaunch: {public}
        """
        .replace("{cell}", Integer.toString(cell))
        .replace("{octet}", Integer.toString(octet))
        .replace("{zone}", String.valueOf(zone))
        .replace("{third}", Integer.toString(index + 1))
        .replace("{public}", Boolean.toString(index < 2));
  }

  private static String routeTable(int cell) {
    return """
        - name: routes-{cell}
          type: aws:ec2/RouteTable
          dependsOn: [igw-{cell}]
          properties:
            vpcId: ${vpc-{cell}.id}
            routes:
              - destinationCidrBlock: 0.0.0.0/0
                gatewayId: ${igw-{cell}.id}
            subnetIds:
              - ${subnet-{cell}-a.id}
              - ${subnet-{cell}-b.id}
              - ${subnet-{cell}-c.id}
              - ${subnet-{cell}-d.id}
        """
        .replace("{cell}", Integer.toString(cell));
  }

  /** Admits the office and, from the second cell on, the previous cell's VPC: a cross-cell edge. */
  private static String webSecurityGroup(int cell) {
    String peer = cell == 0 ? "192.168.0.0/16" : "${vpc-" + (cell - 1) + ".cidrBlock}";
    return """
        - name: web-{cell}
          type: aws:ec2/SecurityGroup
          properties:
            vpcId: ${vpc-{cell}.id}
            description: HTTPS from the office and from the previous cell
            ingress:
              - protocol: tcp
                fromPort: ${var.httpsPort}
                toPort: ${var.httpsPort}
                cidrBlocks:
                  - ${var.officeCidr}
                  - {peer}
            egress:
              - protocol: "-1"
                cidrBlocks:
                  - 0.0.0.0/0
            tags:
              team: ${var.team}
        """
        .replace("{cell}", Integer.toString(cell))
        .replace("{peer}", peer);
  }

  private static String databaseSecurityGroup(int cell) {
    return """
        - name: db-{cell}
          type: aws:ec2/SecurityGroup
          dependsOn: [web-{cell}]
          properties:
            vpcId: ${vpc-{cell}.id}
            groupName: ${var.prefix}-db-{cell}
            description: PostgreSQL from the private subnets
            ingress:
              - protocol: tcp
                fromPort: ${var.databasePort}
                toPort: ${var.databasePort}
                cidrBlocks:
                  - ${subnet-{cell}-c.cidrBlock}
                  - ${subnet-{cell}-d.cidrBlock}
        """
        .replace("{cell}", Integer.toString(cell));
  }

  private static String assetsBucket(int cell, String costCentreExpression) {
    return """
        - name: assets-{cell}
          type: aws:s3/Bucket
          dependsOn:
            - logs
            - db-{cell}
          properties:
            bucketName: ${var.prefix}-assets-{cell}-${var.region}
            versioning: true
            tags:
              team: ${var.team}
              costCentre: {costCentre}
              vpc: ${vpc-{cell}.id}
        """
        .replace("{cell}", Integer.toString(cell))
        .replace("{costCentre}", costCentreExpression);
  }

  private static String sharedResources() {
    return """
        - name: logs
          type: aws:s3/Bucket
          deletionPolicy: retain
          properties:
            bucketName: ${var.prefix}-logs-${var.region}
            versioning: true
            tags:
              team: ${var.team}
        - name: platform
          type: terraform:Module
          properties:
            source: ../../terraform/platform
            workspace: generated
            variables:
              log_bucket: ${logs.bucketName}
              region: ${var.region}
              first_vpc_id: ${vpc-0.id}
        - name: app
          type: kubernetes:Manifests
          dependsOn: [platform]
          drift: report
          properties:
            path: ../../k8s/app
            namespace: app
            timeout: 2m
        """;
  }

  private static final String COMMON_VARIABLES =
      """
      # Variables every stack uses; included by each stack, merged once.
      variables:
        officeCidr: 203.0.113.0/24
        databasePort: 5432
      """;

  private static final String TERRAFORM_MODULE =
      """
      variable "log_bucket" {}
      variable "region" {}
      variable "first_vpc_id" {}
      output "log_prefix" { value = "${var.log_bucket}/platform" }
      """;

  private static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: app
      spec:
        replicas: 2
        selector:
          matchLabels: {app: app}
        template:
          metadata:
            labels: {app: app}
          spec:
            containers:
              - name: app
                image: nginx:1.27
      """;
}
