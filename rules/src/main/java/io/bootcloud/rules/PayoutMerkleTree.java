package io.bootcloud.rules;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The payout batch's Merkle tree over {@code (wallet, cumulative amount)} leaves, byte for byte
 * OpenZeppelin's {@code StandardMerkleTree} with encoding {@code ['address', 'uint256']}
 * (DESIGN.md "Payouts and settlement"), so {@code MerkleProof.sol} verifies its proofs:
 * <ul>
 *   <li>leaf = {@code keccak256(bytes.concat(keccak256(abi.encode(address, uint256))))};
 *   <li>leaves sorted by hash, laid out from the end of an array-backed complete binary tree
 *       ({@code tree[len − 1 − i] = leaf[i]}), each parent = keccak256 of its sorted children;
 *   <li>a proof lists the siblings from the leaf up to the root.
 * </ul>
 * Like Uniswap's merkle-distributor, the leaves are validated before anything is built: a bad
 * address, a negative or over-256-bit amount, or a wallet twice is refused, naming the wallet.
 */
public final class PayoutMerkleTree {

  /** One claim: a lower-case 0x wallet and its cumulative amount in base units. */
  public record Leaf(String wallet, BigInteger cumulativeAmount) {}

  private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

  private final byte[][] tree;
  private final Map<String, Integer> treeIndexByWallet;

  private PayoutMerkleTree(byte[][] tree, Map<String, Integer> treeIndexByWallet) {
    this.tree = tree;
    this.treeIndexByWallet = treeIndexByWallet;
  }

  /** Validates the leaves and builds the tree; refuses an empty batch. */
  public static PayoutMerkleTree of(List<Leaf> leaves) {
    if (leaves.isEmpty()) {
      throw new IllegalArgumentException("a payout tree needs at least one leaf");
    }
    Set<String> seen = new HashSet<>();
    List<byte[]> hashes = new ArrayList<>(leaves.size());
    List<String> wallets = new ArrayList<>(leaves.size());
    for (Leaf leaf : leaves) {
      String w = leaf.wallet();
      if (!WalletAddress.isCanonical(w)) {
        throw new IllegalArgumentException("wallet " + w + " is not a lower-case 0x-prefixed 20-byte address");
      }
      if (!seen.add(w)) {
        throw new IllegalArgumentException("wallet " + w + " appears twice in the batch");
      }
      BigInteger a = leaf.cumulativeAmount();
      if (a == null || a.signum() < 0 || a.compareTo(UINT256_LIMIT) >= 0) {
        throw new IllegalArgumentException("wallet " + w + " has cumulative amount " + a + " outside uint256");
      }
      hashes.add(leafHash(leaf));
      wallets.add(w);
    }
    Integer[] order = new Integer[hashes.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(hashes.get(x), hashes.get(y)));
    int n = order.length;
    byte[][] tree = new byte[2 * n - 1][];
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < n; i++) {
      tree[tree.length - 1 - i] = hashes.get(order[i]);
      index.put(wallets.get(order[i]), tree.length - 1 - i);
    }
    for (int i = tree.length - 1 - n; i >= 0; i--) {
      tree[i] = hashPair(tree[2 * i + 1], tree[2 * i + 2]);
    }
    return new PayoutMerkleTree(tree, index);
  }

  /** {@code keccak256(bytes.concat(keccak256(abi.encode(wallet, amount))))}. */
  public static byte[] leafHash(Leaf leaf) {
    byte[] encoded = new byte[64];
    byte[] address = Keccak.bytes(leaf.wallet());
    System.arraycopy(address, 0, encoded, 32 - address.length, address.length);
    byte[] amount = Keccak.word(leaf.cumulativeAmount());
    System.arraycopy(amount, 0, encoded, 32, 32);
    return Keccak.hash(Keccak.hash(encoded));
  }

  private static byte[] hashPair(byte[] a, byte[] b) {
    byte[] joined = new byte[64];
    boolean aFirst = Arrays.compareUnsigned(a, b) <= 0;
    System.arraycopy(aFirst ? a : b, 0, joined, 0, 32);
    System.arraycopy(aFirst ? b : a, 0, joined, 32, 32);
    return Keccak.hash(joined);
  }

  public String root() {
    return Keccak.hex(tree[0]);
  }

  public int size() {
    return treeIndexByWallet.size();
  }

  /** The proof of {@code wallet}'s leaf, sibling hashes from the leaf up. */
  public List<String> proof(String wallet) {
    Integer i = treeIndexByWallet.get(wallet);
    if (i == null) {
      throw new IllegalArgumentException("wallet " + wallet + " is not in the batch");
    }
    List<String> proof = new ArrayList<>();
    int index = i;
    while (index > 0) {
      int sibling = index % 2 == 1 ? index + 1 : index - 1;
      proof.add(Keccak.hex(tree[sibling]));
      index = (index - 1) / 2;
    }
    return proof;
  }

  /** Whether {@code proof} proves {@code leaf} under {@code root} (what MerkleProof.sol checks). */
  public static boolean verify(String root, Leaf leaf, List<String> proof) {
    byte[] node = leafHash(leaf);
    for (String p : proof) {
      node = hashPair(node, Keccak.bytes(p));
    }
    return Keccak.hex(node).equals(root);
  }
}
