package dev.setpoint.orchestrator.model;

import java.time.Duration;

/** How often the controller polls Git and audits drift. */
public record SyncSettings(Duration interval, Duration driftInterval) {

  public static final SyncSettings DEFAULT =
      new SyncSettings(Duration.ofMinutes(1), Duration.ofMinutes(30));
}
