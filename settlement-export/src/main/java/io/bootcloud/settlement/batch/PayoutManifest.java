package io.bootcloud.settlement.batch;

import io.bootcloud.rules.RootApproval;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The signed description of a payout batch that treasury approves: day, root, totals, class
 * breakdown, inputs and the items file's hash. Serialised as canonical JSON (fixed key order,
 * amounts as decimal strings, one trailing newline), so the same batch always has the same
 * bytes; {@link #hash()} is keccak256 of those bytes and is what the EIP-712 approvals sign.
 */
public record PayoutManifest(LocalDate day, long chainId, String distributor, String merkleRoot,
    BigInteger totalAmount, BigInteger cumulativeTotal, long recipients, Map<String, BigInteger> totalsByClass,
    Map<String, Long> countsByClass, Map<String, Long> inputVersions, String rulesetVersion, String itemsFile,
    String itemsSha256) {

  public static final String SCHEMA = "bootcloud.payout-manifest/1";

  public String toJson() {
    StringBuilder sb = new StringBuilder("{\n");
    field(sb, "schema", quote(SCHEMA));
    field(sb, "day", quote(day.toString()));
    field(sb, "chain_id", Long.toString(chainId));
    field(sb, "distributor", quote(distributor));
    field(sb, "merkle_root", quote(merkleRoot));
    field(sb, "total_amount", quote(totalAmount.toString()));
    field(sb, "cumulative_total", quote(cumulativeTotal.toString()));
    field(sb, "recipients", Long.toString(recipients));
    field(sb, "totals_by_class", map(totalsByClass, v -> quote(v.toString())));
    field(sb, "counts_by_class", map(countsByClass, v -> Long.toString(v)));
    field(sb, "input_versions", map(inputVersions, v -> Long.toString(v)));
    field(sb, "ruleset_version", quote(rulesetVersion));
    field(sb, "items_file", quote(itemsFile));
    sb.append("  \"items_sha256\": ").append(quote(itemsSha256)).append("\n}\n");
    return sb.toString();
  }

  public byte[] bytes() {
    return toJson().getBytes(StandardCharsets.UTF_8);
  }

  /** keccak256 of the canonical JSON, 0x hex. */
  public String hash() {
    return Numeric.toHexString(Hash.sha3(bytes()));
  }

  /** The typed data treasury and the exporter sign for this manifest. */
  public RootApproval approval() {
    return new RootApproval(chainId, distributor, day.toEpochDay(), merkleRoot, cumulativeTotal, hash());
  }

  private static void field(StringBuilder sb, String key, String value) {
    sb.append("  ").append(quote(key)).append(": ").append(value).append(",\n");
  }

  private static <V> String map(Map<String, V> m, java.util.function.Function<V, String> f) {
    StringBuilder sb = new StringBuilder("{");
    int i = 0;
    for (Map.Entry<String, V> e : new TreeMap<>(m).entrySet()) {
      sb.append(i++ == 0 ? "" : ", ").append(quote(e.getKey())).append(": ").append(f.apply(e.getValue()));
    }
    return sb.append("}").toString();
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
