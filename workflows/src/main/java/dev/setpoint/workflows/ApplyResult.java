package dev.setpoint.workflows;

import dev.setpoint.orchestrator.provider.Outputs;
import dev.setpoint.orchestrator.provider.Plan;

/**
 * What an apply step did: the plan it found (action NONE when live already matched) and the outputs
 * after it.
 */
public record ApplyResult(Plan plan, Outputs outputs, int attempt) {}
