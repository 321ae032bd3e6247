package io.bootcloud.settlement.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootcloud.rules.PayoutMerkleTree.Leaf;
import io.bootcloud.rules.PayoutMerkleTree;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Byte-compatibility with {@code @openzeppelin/merkle-tree} 1.0.8: the npm package itself (run
 * by Node from {@code src/test/js/merkle-vectors.mjs}, installed from package-lock.json by the
 * build) computes the golden roots and proofs.
 */
class PayoutMerkleTreeTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<Leaf> leaves(int n, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Leaf> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      StringBuilder w = new StringBuilder("0x");
      for (int k = 0; k < 40; k++) {
        w.append(Character.forDigit(rnd.nextInt(16), 16));
      }
      BigInteger amount = i % 17 == 0 ? BigInteger.ZERO
          : new BigInteger(rnd.nextInt(1, 200), new java.util.Random(rnd.nextLong()));
      out.add(new Leaf(w.toString(), amount));
    }
    return out;
  }

  private static JsonNode reference(List<Leaf> leaves, List<Integer> proofIndices) throws Exception {
    Path script = Path.of("src/test/js/merkle-vectors.mjs");
    assertThat(Path.of("node_modules/@openzeppelin/merkle-tree")).as(
        "npm dependencies are installed by the build (npm ci in settlement-export)").exists();
    ObjectNode input = JSON.createObjectNode();
    ArrayNode arr = input.putArray("leaves");
    for (Leaf l : leaves) {
      arr.addArray().add(l.wallet()).add(l.cumulativeAmount().toString());
    }
    ArrayNode idx = input.putArray("proofs");
    proofIndices.forEach(idx::add);
    Process node = new ProcessBuilder("node", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (OutputStream in = node.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(input));
    }
    byte[] out = node.getInputStream().readAllBytes();
    assertThat(node.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(node.exitValue()).isZero();
    return JSON.readTree(new String(out, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 1000, 100_000})
  void rootAndProofsMatchTheNpmPackage(int n) throws Exception {
    List<Leaf> leaves = leaves(n, n);
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (n <= 1000 || i % 9973 == 0 || i == n - 1) {
        indices.add(i);
      }
    }
    JsonNode ref = reference(leaves, indices);
    PayoutMerkleTree tree = PayoutMerkleTree.of(leaves);
    assertThat(tree.root()).isEqualTo(ref.get("root").asText());
    for (int i : indices) {
      List<String> expected = new ArrayList<>();
      ref.get("proofs").get(Integer.toString(i)).forEach(p -> expected.add(p.asText()));
      List<String> proof = tree.proof(leaves.get(i).wallet());
      assertThat(proof).as("proof of leaf " + i).isEqualTo(expected);
      assertThat(PayoutMerkleTree.verify(tree.root(), leaves.get(i), proof)).isTrue();
    }
  }

  @Test
  void matchesThePublishedTwoLeafExample() {
    // The example of the @openzeppelin/merkle-tree README: two (address, uint256) leaves.
    PayoutMerkleTree tree = PayoutMerkleTree.of(List.of(
        new Leaf("0x1111111111111111111111111111111111111111", new BigInteger("5000000000000000000")),
        new Leaf("0x2222222222222222222222222222222222222222", new BigInteger("2500000000000000000"))));
    assertThat(tree.root()).isEqualTo("0xd4dee0beab2d53f2cc83e567171bd2820e49898130a22622b10ead383e90bd77");
  }

  @Test
  void aProofFailsForAnotherAmount() {
    List<Leaf> leaves = leaves(5, 9);
    PayoutMerkleTree tree = PayoutMerkleTree.of(leaves);
    Leaf first = leaves.get(1);
    List<String> proof = tree.proof(first.wallet());
    assertThat(PayoutMerkleTree.verify(tree.root(), new Leaf(first.wallet(), first.cumulativeAmount().add(BigInteger.ONE)),
        proof)).isFalse();
  }

  @Test
  void refusesBadLeavesNamingTheWallet() {
    BigInteger one = BigInteger.ONE;
    assertThatThrownBy(() -> PayoutMerkleTree.of(List.of(new Leaf("0xABC", one))))
        .hasMessage("wallet 0xABC is not a lower-case 0x-prefixed 20-byte address");
    String w = "0x" + "ab".repeat(20);
    assertThatThrownBy(() -> PayoutMerkleTree.of(List.of(new Leaf(w, one), new Leaf(w, one))))
        .hasMessage("wallet " + w + " appears twice in the batch");
    assertThatThrownBy(() -> PayoutMerkleTree.of(List.of(new Leaf(w, one.negate()))))
        .hasMessageContaining("outside uint256");
    assertThatThrownBy(() -> PayoutMerkleTree.of(List.of())).hasMessageContaining("at least one leaf");
  }
}
