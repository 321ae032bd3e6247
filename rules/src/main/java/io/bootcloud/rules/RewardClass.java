package io.bootcloud.rules;

/**
 * A contributor's class for the day (§4.4.2(3)), decided in integers by {@link Population}:
 * A above μ+2σ, B in (μ, μ+2σ], C in [μ−2σ, μ], D below μ−2σ.
 */
public enum RewardClass {
  A, B, C, D;

  /** The pool the class is paid from: A, BC (B and C together) or D. */
  public Pool pool() {
    return switch (this) {
      case A -> Pool.A;
      case B, C -> Pool.BC;
      case D -> Pool.D;
    };
  }
}
