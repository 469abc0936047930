package dev.setpoint.workflows;

import dev.setpoint.orchestrator.model.EnvironmentDefinition;
import java.util.List;
import java.util.Map;

/**
 * One slice of a partitioned environment, what its child workflow walks.
 *
 * @param definition the environment with only this slice's resources
 * @param order the slice's resources in the order the walk starts them (reversed for destroy)
 * @param prerequisites for each resource of the slice, what must succeed before it starts, in this
 *     slice or an earlier one: its dependencies, or for destroy its dependents
 * @param consumers for each resource of the slice that another slice waits on, those slices: the
 *     parent hands its outcome and outputs to them only
 */
public record Slice(
    EnvironmentDefinition definition,
    List<String> order,
    Map<String, List<String>> prerequisites,
    Map<String, List<Integer>> consumers) {}
