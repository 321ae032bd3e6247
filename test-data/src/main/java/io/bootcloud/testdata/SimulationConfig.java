package io.bootcloud.testdata;

import java.time.LocalDate;

/**
 * What to simulate. Rates are probabilities per event (or per file / device where named).
 * The same config and seed always write the same bytes.
 */
public record SimulationConfig(
    int contributors,
    int days,
    long seed,
    LocalDate startDay,
    int shareIntervalSeconds,
    int heartbeatIntervalSeconds,
    boolean gzip,
    double duplicateRate,
    double malformedRate,
    double missingFieldRate,
    double badValueRate,
    double lateRate,
    double futureRate,
    double unknownDeviceRate,
    double fraudRate,
    double rebindRate,
    double conflictRate,
    double corruptFileRate,
    double clockSkewRate) {

  public SimulationConfig {
    if (contributors < 1 || days < 1) {
      throw new IllegalArgumentException("contributors and days must be >= 1, got " + contributors + " and " + days);
    }
    if (shareIntervalSeconds < 1 || heartbeatIntervalSeconds < 1 || heartbeatIntervalSeconds > 3600
        || 3600 % heartbeatIntervalSeconds != 0) {
      throw new IllegalArgumentException("heartbeat interval must divide 3600 and share interval be >= 1, got "
          + heartbeatIntervalSeconds + " and " + shareIntervalSeconds);
    }
    for (double r : new double[] {duplicateRate, malformedRate, missingFieldRate, badValueRate, lateRate, futureRate,
        unknownDeviceRate, fraudRate, rebindRate, conflictRate, corruptFileRate, clockSkewRate}) {
      if (r < 0 || r > 1) {
        throw new IllegalArgumentException("every fault rate must be between 0 and 1, got " + r);
      }
    }
  }

  /** A clean fleet: no faults. */
  public static SimulationConfig clean(int contributors, int days, long seed, LocalDate startDay) {
    return new SimulationConfig(contributors, days, seed, startDay, 1800, 300, false,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Every fault at a small rate, for tests that check where each kind ends. */
  public static SimulationConfig faulty(int contributors, int days, long seed, LocalDate startDay) {
    return new SimulationConfig(contributors, days, seed, startDay, 1800, 300, true,
        0.01, 0.005, 0.005, 0.005, 0.01, 0.002, 0.05, 0.1, 0.1, 0.1, 0.03, 0.2);
  }
}
