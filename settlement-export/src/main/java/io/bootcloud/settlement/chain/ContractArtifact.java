package io.bootcloud.settlement.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * A contract compiled during the build (solc-js, {@code src/main/solidity/compile.mjs}): its
 * bytecode and the names of its custom errors by selector, so a revert reads as
 * {@code RootPending(20454)} rather than as hex.
 */
public record ContractArtifact(String name, String bytecode, String compiler, Map<String, String> errorsBySelector) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static ContractArtifact load(String name) {
    String resource = "/io/bootcloud/settlement/contracts/" + name + ".json";
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("contract artifact " + resource + " is missing; build settlement-export "
            + "(it compiles the Solidity sources with the pinned solc-js)");
      }
      JsonNode n = JSON.readTree(in);
      Map<String, String> errors = new HashMap<>();
      for (JsonNode item : n.path("abi")) {
        if ("error".equals(item.path("type").asText())) {
          StringBuilder sig = new StringBuilder(item.path("name").asText()).append('(');
          int i = 0;
          for (JsonNode input : item.path("inputs")) {
            sig.append(i++ == 0 ? "" : ",").append(input.path("type").asText());
          }
          sig.append(')');
          String selector = Numeric.toHexString(Hash.sha3(sig.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 10);
          errors.put(selector, sig.toString());
        }
      }
      return new ContractArtifact(n.path("contractName").asText(), n.path("bytecode").asText(),
          n.path("compiler").asText(), errors);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** A readable name for revert data ({@code 0x<selector><args>}), or the data itself when unknown. */
  public String describeRevert(String data) {
    if (data == null || data.length() < 10) {
      return "reverted without a reason";
    }
    String known = errorsBySelector.get(data.substring(0, 10).toLowerCase());
    return known != null ? known + " (revert data " + data + ")" : "revert data " + data;
  }
}
