package io.bootcloud.settlement.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The founding team's vesting wallet of whitepaper §7 ({@code FoundingTeamVesting.sol}, OpenZeppelin's
 * {@code VestingWallet}): locked one year from launch, then released linearly over two years, only
 * ever to its beneficiary.
 */
public final class TeamVestingContract {

  public static final ContractArtifact VESTING = ContractArtifact.load("FoundingTeamVesting");
  /** The lock after launch, seconds (365 days, as the contract's LOCK_SECONDS). */
  public static final long LOCK_SECONDS = 365L * 86_400;
  /** The linear release after the lock, seconds (730 days, as the contract's RELEASE_SECONDS). */
  public static final long RELEASE_SECONDS = 730L * 86_400;

  private final ChainClient chain;
  private final String address;

  public TeamVestingContract(ChainClient chain, String address) {
    this.chain = chain;
    this.address = address;
  }

  /** Deploys the vesting wallet for {@code beneficiary}, the lock counted from {@code launchEpochSecond}. */
  public static TeamVestingContract deploy(ChainClient chain, Credentials deployer, String beneficiary,
      long launchEpochSecond) throws IOException {
    String data = VESTING.bytecode() + FunctionEncoder.encodeConstructor(List.of(new Address(beneficiary),
        new Uint64(launchEpochSecond)));
    return new TeamVestingContract(chain, chain.execute(deployer, null, data, VESTING).getContractAddress());
  }

  public String address() {
    return address;
  }

  /** Sends {@code release(token)} from {@code from}: whoever sends it, the tokens go to the beneficiary. */
  public TransactionReceipt release(Credentials from, String token) throws IOException {
    return chain.execute(from, address, FunctionEncoder.encode(new Function("release", List.of(new Address(token)),
        List.of())), VESTING);
  }

  /** Sends {@code transferOwnership(newBeneficiary)} from {@code from} (only the beneficiary may). */
  public TransactionReceipt transferOwnership(Credentials from, String newBeneficiary) throws IOException {
    return chain.execute(from, address, FunctionEncoder.encode(new Function("transferOwnership",
        List.of(new Address(newBeneficiary)), List.of())), VESTING);
  }

  public String beneficiary() throws IOException {
    @SuppressWarnings("rawtypes")
    List<Type> out = chain.call(address, new Function("owner", List.of(), List.of(new TypeReference<Address>() {})));
    return ((Address) out.get(0)).getValue();
  }

  public long start() throws IOException {
    return uint("start").longValueExact();
  }

  public long duration() throws IOException {
    return uint("duration").longValueExact();
  }

  public BigInteger released(String token) throws IOException {
    return uint("released", new Address(token));
  }

  public BigInteger releasable(String token) throws IOException {
    return uint("releasable", new Address(token));
  }

  @SuppressWarnings("rawtypes")
  private BigInteger uint(String name, Type... args) throws IOException {
    List<Type> out = chain.call(address, new Function(name, Arrays.asList(args),
        List.of(new TypeReference<Uint256>() {})));
    return ((Uint256) out.get(0)).getValue();
  }
}
