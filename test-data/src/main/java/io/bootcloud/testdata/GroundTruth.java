package io.bootcloud.testdata;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a correct pipeline must find in a simulated landing folder: per day and contributor the
 * verified DPP (Σ difficulty of accepted, bound shares) and reported DPP (floor(Σ rate ×
 * computing seconds / 3600)), the accepted shares of no bound device per day, and the exact
 * count of every injected fault.
 */
public record GroundTruth(
    Map<LocalDate, Map<String, Long>> verifiedDpp,
    Map<LocalDate, Map<String, Long>> reportedDpp,
    Map<LocalDate, Long> unboundSharesByDay,
    Map<String, Long> faults,
    long validShares,
    long validHeartbeats,
    long registryEvents) {

  public long fault(String name) {
    return faults.getOrDefault(name, 0L);
  }

  /** Serialises as stable, pretty JSON (keys sorted). */
  public String toJson() {
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"valid_shares\": ").append(validShares).append(",\n");
    sb.append("  \"valid_heartbeats\": ").append(validHeartbeats).append(",\n");
    sb.append("  \"registry_events\": ").append(registryEvents).append(",\n");
    sb.append("  \"unbound_shares_by_day\": {");
    Map<String, Long> unbound = new TreeMap<>();
    unboundSharesByDay.forEach((d, n) -> unbound.put(d.toString(), n));
    appendMap(sb, unbound, "    ");
    sb.append("},\n");
    sb.append("  \"faults\": {");
    appendMap(sb, new TreeMap<>(faults), "    ");
    sb.append("},\n  \"days\": {");
    int i = 0;
    for (LocalDate day : new TreeMap<>(verifiedDpp).keySet()) {
      sb.append(i++ == 0 ? "\n" : ",\n").append("    \"").append(day).append("\": {");
      Map<String, Long> v = verifiedDpp.get(day);
      Map<String, Long> r = reportedDpp.getOrDefault(day, Map.of());
      TreeMap<String, Long> ids = new TreeMap<>(v);
      r.keySet().forEach(k -> ids.putIfAbsent(k, 0L));
      int j = 0;
      for (String c : ids.keySet()) {
        sb.append(j++ == 0 ? "\n" : ",\n").append("      \"").append(c).append("\": {\"verified_dpp\": ")
            .append(v.getOrDefault(c, 0L)).append(", \"reported_dpp\": ").append(r.getOrDefault(c, 0L)).append("}");
      }
      sb.append("\n    }");
    }
    sb.append("\n  }\n}\n");
    return sb.toString();
  }

  private static void appendMap(StringBuilder sb, Map<String, Long> m, String indent) {
    int i = 0;
    for (Map.Entry<String, Long> e : m.entrySet()) {
      sb.append(i++ == 0 ? "\n" : ",\n").append(indent).append("\"").append(e.getKey()).append("\": ").append(e.getValue());
    }
    sb.append(m.isEmpty() ? "" : "\n  ");
  }
}
