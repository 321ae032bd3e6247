package io.bootcloud.settlement.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootcloud.core.UserException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Where {@code bootcloud deploy} put the contracts: written next to the lakehouse
 * ({@code var/chain/deployment.json}) so that export, approve, settle, reconcile and claim find
 * the distributor without flags. Addresses only; never a key.
 */
public record Deployment(long chainId, String rpcUrl, String token, String distributor, String owner,
    String guardian, List<String> signers, int threshold, long timelockSeconds) {

  public static final String FILE = "deployment.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public void write(Path file) throws IOException {
    ObjectNode o = JSON.createObjectNode();
    o.put("chain_id", chainId);
    o.put("rpc_url", rpcUrl);
    o.put("token", token);
    o.put("distributor", distributor);
    o.put("owner", owner);
    o.put("guardian", guardian);
    signers.forEach(o.putArray("signers")::add);
    o.put("threshold", threshold);
    o.put("timelock_seconds", timelockSeconds);
    Files.createDirectories(file.getParent());
    Path temp = file.resolveSibling("_" + file.getFileName() + ".tmp");
    Files.writeString(temp, JSON.writeValueAsString(o) + "\n");
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The deployment recorded in {@code file}, or null when there is none. */
  public static Deployment read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      JsonNode o = JSON.readTree(file.toFile());
      List<String> signers = new ArrayList<>();
      o.path("signers").forEach(s -> signers.add(s.asText()));
      return new Deployment(o.path("chain_id").asLong(), o.path("rpc_url").asText(), o.path("token").asText(),
          o.path("distributor").asText(), o.path("owner").asText(), o.path("guardian").asText(), signers,
          o.path("threshold").asInt(), o.path("timelock_seconds").asLong());
    } catch (IOException e) {
      throw new UserException("deployment record " + file + " is unreadable: " + e.getMessage());
    }
  }
}
