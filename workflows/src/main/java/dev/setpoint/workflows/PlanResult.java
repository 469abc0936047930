package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;

/**
 * What a plan step found.
 *
 * @param exists whether the resource exists live
 * @param outputs its observed outputs, for the references of its dependents in plan mode
 * @param attempt which attempt of the step produced this (1 for the first)
 */
public record PlanResult(Plan plan, boolean exists, Outputs outputs, int attempt) {}
