package io.bootcloud.settlement.chain;

import io.bootcloud.rules.TokenAllocation;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * The deployed BCT token and RewardDistributor, called through web3j's ABI encoder (no
 * generated wrappers): deployment per §7, root posting with approvals, timelock acceptance,
 * guardian revocation, claims and the views settlement and reconciliation read.
 */
public final class RewardDistributorContract {

  public static final ContractArtifact BCT = ContractArtifact.load("BCT");
  public static final ContractArtifact DISTRIBUTOR = ContractArtifact.load("RewardDistributor");

  /** A root as the contract holds it ({@code postedAt} 0: none). */
  public record Root(long day, String root, BigInteger cumulativeTotal, String manifestHash, long postedAt) {
    public boolean isEmpty() {
      return postedAt == 0 && root.equals("0x" + "0".repeat(64));
    }
  }

  private final ChainClient chain;
  private final String token;
  private final String address;

  public RewardDistributorContract(ChainClient chain, String token, String address) {
    this.chain = chain;
    this.token = token;
    this.address = address;
  }

  /** The distributor deployed at {@code address}; its token is read from the contract. */
  public static RewardDistributorContract at(ChainClient chain, String address) throws IOException {
    @SuppressWarnings("rawtypes")
    List<Type> out = chain.call(address, new Function("token", List.of(), List.of(new TypeReference<Address>() {})));
    return new RewardDistributorContract(chain, ((Address) out.get(0)).getValue(), address);
  }

  public String address() {
    return address;
  }

  public String token() {
    return token;
  }

  /**
   * Deploys BCT (every §7 line minted to {@code holders} by line name, the mining line to the
   * deployer, the founding team's line to a {@link TeamVestingContract} for its holder, locked from
   * {@code launchEpochSecond}) and the distributor, then funds the distributor with
   * {@code fundUnits}: the reward policy's mining cap, which the §7 mining line minted to the
   * deployer must cover (what the line holds beyond the cap stays with the deployer).
   */
  public static RewardDistributorContract deploy(ChainClient chain, Credentials deployer, Map<String, String> holders,
      String owner, String guardian, List<String> signers, int threshold, long timelockSeconds, long launchEpochSecond,
      BigInteger fundUnits) throws IOException {
    if (fundUnits.signum() <= 0 || fundUnits.compareTo(TokenAllocation.MINING.amount()) > 0) {
      throw new io.bootcloud.core.UserException("the reward policy's mining cap (" + fundUnits + " units) must be "
          + "positive and at most the §7 mining line (" + TokenAllocation.MINING.amount() + " units) that funds the "
          + "distributor; nothing was deployed", io.bootcloud.core.UserException.EXIT_USAGE);
    }
    List<Utf8String> lines = new ArrayList<>();
    List<Address> to = new ArrayList<>();
    List<Uint256> amounts = new ArrayList<>();
    for (TokenAllocation.Line line : TokenAllocation.LINES) {
      String holder = line == TokenAllocation.MINING ? deployer.getAddress() : holders.get(line.name());
      if (holder == null) {
        throw new IllegalArgumentException("no holder given for the " + line.name() + " allocation");
      }
      if (line == TokenAllocation.FOUNDING_TEAM) {
        holder = TeamVestingContract.deploy(chain, deployer, holder, launchEpochSecond).address();
      }
      lines.add(new Utf8String(line.name()));
      to.add(new Address(holder));
      amounts.add(new Uint256(line.amount()));
    }
    String bctData = BCT.bytecode() + FunctionEncoder.encodeConstructor(List.of(
        new DynamicArray<>(Utf8String.class, lines), new DynamicArray<>(Address.class, to),
        new DynamicArray<>(Uint256.class, amounts)));
    String token = chain.execute(deployer, null, bctData, BCT).getContractAddress();
    String distData = DISTRIBUTOR.bytecode() + FunctionEncoder.encodeConstructor(List.of(new Address(token),
        new Address(owner), new Address(guardian),
        new DynamicArray<>(Address.class, signers.stream().map(Address::new).toList()),
        new Uint256(threshold), new Uint64(timelockSeconds)));
    String distributor = chain.execute(deployer, null, distData, DISTRIBUTOR).getContractAddress();
    chain.execute(deployer, token, FunctionEncoder.encode(new Function("transfer", List.of(new Address(distributor),
        new Uint256(fundUnits)), List.of(new TypeReference<Bool>() {}))), BCT);
    return new RewardDistributorContract(chain, token, distributor);
  }

  /** One §7 line as BCT minted it. */
  public record Allocation(String line, String holder, BigInteger amount) {}

  /** The §7 allocation BCT recorded when it minted the supply, in minting order. */
  @SuppressWarnings("rawtypes")
  public List<Allocation> allocations() throws IOException {
    long n = uintAt(token, "allocationCount").longValueExact();
    List<Allocation> out = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      List<Type> r = chain.call(token, new Function("allocation", List.of(new Uint256(i)), List.of(
          new TypeReference<Utf8String>() {}, new TypeReference<Address>() {}, new TypeReference<Uint256>() {})));
      out.add(new Allocation(((Utf8String) r.get(0)).getValue(), ((Address) r.get(1)).getValue(),
          ((Uint256) r.get(2)).getValue()));
    }
    return out;
  }

  /** The token's total supply, base units. */
  public BigInteger totalSupply() throws IOException {
    return uintAt(token, "totalSupply");
  }

  // ------------------------------------------------------------------ transactions (encoded)

  public static String postRootData(long day, String root, BigInteger cumulativeTotal, String manifestHash,
      List<String> approvals) {
    return FunctionEncoder.encode(new Function("postRoot", List.of(new Uint64(day), bytes32(root),
        new Uint256(cumulativeTotal), bytes32(manifestHash),
        new DynamicArray<>(DynamicBytes.class, approvals.stream()
            .map(a -> new DynamicBytes(Numeric.hexStringToByteArray(a))).toList())), List.of()));
  }

  public static String acceptRootData() {
    return FunctionEncoder.encode(new Function("acceptRoot", List.of(), List.of()));
  }

  public static String revokeRootData() {
    return FunctionEncoder.encode(new Function("revokeRoot", List.of(), List.of()));
  }

  public static String claimData(String account, BigInteger cumulativeAmount, List<String> proof) {
    return FunctionEncoder.encode(new Function("claim", List.of(new Address(account), new Uint256(cumulativeAmount),
        new DynamicArray<>(Bytes32.class, proof.stream().map(RewardDistributorContract::bytes32).toList())),
        List.of()));
  }

  public TransactionReceipt send(Credentials from, String data) throws IOException {
    return chain.execute(from, address, data, DISTRIBUTOR);
  }

  // ------------------------------------------------------------------ views

  public Root current() throws IOException {
    return root("current");
  }

  public Root pending() throws IOException {
    return root("pending");
  }

  @SuppressWarnings("rawtypes")
  private Root root(String name) throws IOException {
    List<Type> out = chain.call(address, new Function(name, List.of(), List.of(new TypeReference<Uint64>() {},
        new TypeReference<Bytes32>() {}, new TypeReference<Uint256>() {}, new TypeReference<Bytes32>() {},
        new TypeReference<Uint64>() {})));
    return new Root(((Uint64) out.get(0)).getValue().longValueExact(),
        Numeric.toHexString(((Bytes32) out.get(1)).getValue()), ((Uint256) out.get(2)).getValue(),
        Numeric.toHexString(((Bytes32) out.get(3)).getValue()), ((Uint64) out.get(4)).getValue().longValueExact());
  }

  public boolean isSigner(String account) throws IOException {
    @SuppressWarnings("rawtypes")
    List<Type> out = chain.call(address, new Function("isSigner", List.of(new Address(account)),
        List.of(new TypeReference<Bool>() {})));
    return ((Bool) out.get(0)).getValue();
  }

  public ChainClient chain() {
    return chain;
  }

  public BigInteger claimed(String account) throws IOException {
    return uint("claimed", new Address(account));
  }

  public BigInteger funded() throws IOException {
    return uint("funded");
  }

  public long timelockSeconds() throws IOException {
    return uint("timelockSeconds").longValueExact();
  }

  public BigInteger tokenBalance(String account) throws IOException {
    return uintAt(token, "balanceOf", new Address(account));
  }

  public String approvalDigest(long day, String root, BigInteger cumulativeTotal, String manifestHash)
      throws IOException {
    @SuppressWarnings("rawtypes")
    List<Type> out = chain.call(address, new Function("approvalDigest", List.of(new Uint64(day), bytes32(root),
        new Uint256(cumulativeTotal), bytes32(manifestHash)), List.of(new TypeReference<Bytes32>() {})));
    return Numeric.toHexString(((Bytes32) out.get(0)).getValue());
  }

  @SuppressWarnings("rawtypes")
  private BigInteger uint(String name, Type... args) throws IOException {
    return uintAt(address, name, args);
  }

  @SuppressWarnings("rawtypes")
  private BigInteger uintAt(String contract, String name, Type... args) throws IOException {
    List<Type> out = chain.call(contract, new Function(name, Arrays.asList(args),
        List.of(new TypeReference<Uint256>() {})));
    return ((Uint256) out.get(0)).getValue();
  }

  private static Bytes32 bytes32(String hex) {
    return new Bytes32(Numeric.hexStringToByteArray(hex));
  }
}
