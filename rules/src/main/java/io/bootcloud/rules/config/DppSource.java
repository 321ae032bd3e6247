package io.bootcloud.rules.config;

/** Which measure of work feeds rewards (DESIGN.md "DPP", §4.4.2(1)). */
public enum DppSource {
  /** Verified work: the sum of accepted share difficulties. */
  SHARES,
  /** Self-reported rate × computing time from heartbeats (trusting the device). */
  HEARTBEATS
}
