package io.bootcloud.settlement.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bootcloud.rules.DayInvariants.Check;
import io.bootcloud.rules.PayoutMerkleTree;
import io.bootcloud.rules.RootApproval;
import io.bootcloud.settlement.batch.PayoutItemsFile;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * Re-checks an exported batch from its files alone, before anyone signs or posts it: the
 * manifest's hash, the items file's SHA-256, the Merkle root recomputed from the items, the
 * items' totals, and the exporter's EIP-712 signature. Used by review, approve and settle.
 */
public final class BatchVerifier {

  /** One check: a name, whether it passed, and what was found. */

  /** The verified batch: the approval it asks for and every check. */
  public record Result(RootApproval approval, String manifestHash, BigInteger totalAmount, long recipients,
      List<Check> checks) {
    public boolean passed() {
      return checks.stream().allMatch(Check::passed);
    }

    public String failures() {
      return String.join("; ", checks.stream().filter(c -> !c.passed()).map(c -> c.name() + ": " + c.detail()).toList());
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private BatchVerifier() {}

  /**
   * @param recordedManifestHash the manifest hash settlement.payout_batches holds for the day
   * @param exporter the exporter address the table holds
   */
  public static Result verify(Path folder, LocalDate day, String recordedManifestHash, String exporter)
      throws IOException {
    List<Check> checks = new ArrayList<>();
    byte[] manifestBytes = Files.readAllBytes(folder.resolve(ExportJob.MANIFEST));
    String manifestHash = Numeric.toHexString(Hash.sha3(manifestBytes));
    checks.add(Check.of("manifest_hash", manifestHash.equals(recordedManifestHash),
        "file " + manifestHash + ", table " + recordedManifestHash));
    JsonNode m = JSON.readTree(manifestBytes);
    checks.add(Check.of("manifest_day", day.toString().equals(m.path("day").asText()),
        "manifest day " + m.path("day").asText()));
    Path items = folder.resolve(m.path("items_file").asText(PayoutItemsFile.NAME));
    String sha = PayoutItemsFile.sha256(items);
    checks.add(Check.of("items_sha256", sha.equals(m.path("items_sha256").asText()),
        "file " + sha + ", manifest " + m.path("items_sha256").asText()));
    List<PayoutItemsFile.Row> rows = PayoutItemsFile.read(items);
    String root = m.path("merkle_root").asText();
    String recomputed = rows.isEmpty() ? "(no items)" : PayoutMerkleTree.of(rows.stream()
        .map(r -> new PayoutMerkleTree.Leaf(r.wallet(), r.cumulativeAmount())).toList()).root();
    checks.add(Check.of("merkle_root", recomputed.equals(root), "recomputed " + recomputed + ", manifest " + root));
    BigInteger total = rows.stream().map(PayoutItemsFile.Row::amount).reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger cumulative = rows.stream().map(PayoutItemsFile.Row::cumulativeAmount)
        .reduce(BigInteger.ZERO, BigInteger::add);
    BigInteger manifestTotal = new BigInteger(m.path("total_amount").asText("0"));
    BigInteger manifestCumulative = new BigInteger(m.path("cumulative_total").asText("0"));
    checks.add(Check.of("total_amount", total.equals(manifestTotal), "items " + total + ", manifest " + manifestTotal));
    checks.add(Check.of("cumulative_total", cumulative.equals(manifestCumulative),
        "items " + cumulative + ", manifest " + manifestCumulative));
    RootApproval approval = new RootApproval(m.path("chain_id").asLong(), m.path("distributor").asText(),
        day.toEpochDay(), root, manifestCumulative, manifestHash);
    String signer;
    try {
      JsonNode sig = JSON.readTree(folder.resolve(ExportJob.SIGNATURE).toFile());
      signer = ApprovalSignatures.recover(approval, sig.path("signature").asText());
    } catch (IOException | IllegalArgumentException e) {
      signer = "unverifiable (" + e.getMessage() + ")";
    }
    checks.add(Check.of("exporter_signature", signer.equalsIgnoreCase(exporter),
        "signed by " + signer + ", exporter " + exporter));
    return new Result(approval, manifestHash, manifestTotal, rows.size(), checks);
  }
}
