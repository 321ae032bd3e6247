package io.bootcloud.rules.config;

/** What happens to a pool with no member on a day (DESIGN.md "Pools", §4.4.2(4)). */
public enum EmptyPoolPolicy {
  /** The pool is not emitted; its budget stays under the mining cap for later days. */
  CARRY,
  /** The pool's budget is shared among the non-empty pools pro rata to their percentages. */
  REDISTRIBUTE
}
