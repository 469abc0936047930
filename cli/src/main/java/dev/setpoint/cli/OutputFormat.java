package dev.setpoint.cli;

/** How {@code plan}, {@code apply}, {@code drift} and {@code destroy} print their report. */
enum OutputFormat {
  /** Progress while the run is under way, then a summary for people. */
  TEXT,
  /** Only the report of SPEC §3, one JSON object on standard output. */
  JSON
}
