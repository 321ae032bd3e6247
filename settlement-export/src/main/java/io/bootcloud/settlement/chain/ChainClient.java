package io.bootcloud.settlement.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * A thin JSON-RPC client over web3j: signs EIP-1559 transactions locally, estimates gas first
 * (so a revert is reported with the contract's error name before anything is broadcast), and
 * waits for receipts.
 */
public final class ChainClient implements AutoCloseable {

  /** A signed transaction: its hash and raw bytes, so it can be stored before broadcasting. */
  public record Signed(String hash, String raw, BigInteger nonce) {}

  private final Web3j web3j;
  private final long chainId;

  public ChainClient(String rpcUrl, long chainId) {
    this.web3j = Web3j.build(new HttpService(rpcUrl));
    this.chainId = chainId;
  }

  public Web3j web3j() {
    return web3j;
  }

  public long chainId() {
    return chainId;
  }

  /** Reads a view function. */
  @SuppressWarnings("rawtypes")
  public List<Type> call(String to, Function f) throws IOException {
    String data = FunctionEncoder.encode(f);
    EthCall r = web3j.ethCall(Transaction.createEthCallTransaction(null, to, data), DefaultBlockParameterName.LATEST)
        .send();
    if (r.hasError() || r.isReverted()) {
      throw new ChainException("call " + f.getName() + " failed: " + (r.hasError() ? r.getError().getMessage() : r.getRevertReason()), null);
    }
    return FunctionReturnDecoder.decode(r.getValue(), f.getOutputParameters());
  }

  /** Signs a call of {@code data} to {@code to} (null to deploy) at the account's next nonce, after estimating its gas. */
  public Signed sign(Credentials from, String to, String data, ContractArtifact artifact) throws IOException {
    BigInteger nonce = web3j.ethGetTransactionCount(from.getAddress(), DefaultBlockParameterName.PENDING).send()
        .getTransactionCount();
    return sign(from, to, data, artifact, nonce, BigInteger.ONE);
  }

  /** As {@link #sign(Credentials, String, String, ContractArtifact)} at a given nonce, fees multiplied by {@code feeBump}. */
  public Signed sign(Credentials from, String to, String data, ContractArtifact artifact, BigInteger nonce,
      BigInteger feeBump) throws IOException {
    EthEstimateGas est = web3j.ethEstimateGas(new Transaction(from.getAddress(), null, null, null, to, BigInteger.ZERO,
        data)).send();
    if (est.hasError()) {
      Object revert = est.getError().getData();
      throw new ChainException("the transaction would revert: " + (revert == null ? est.getError().getMessage()
          : artifact.describeRevert(revert.toString().replace("\"", ""))), revert == null ? null : revert.toString());
    }
    BigInteger gas = est.getAmountUsed().multiply(BigInteger.valueOf(12)).divide(BigInteger.TEN);
    BigInteger base = web3j.ethGasPrice().send().getGasPrice();
    BigInteger tip = BigInteger.valueOf(1_000_000_000L).multiply(feeBump);
    BigInteger maxFee = base.multiply(BigInteger.TWO).add(tip).multiply(feeBump);
    RawTransaction tx = RawTransaction.createTransaction(chainId, nonce, gas, to == null ? "" : to, BigInteger.ZERO,
        data, tip, maxFee);
    byte[] signed = TransactionEncoder.signMessage(tx, chainId, from);
    String raw = Numeric.toHexString(signed);
    return new Signed(org.web3j.crypto.Hash.sha3(raw), raw, nonce);
  }

  /**
   * The same transaction as {@code original} (nonce, recipient, data, gas limit) with fees
   * multiplied by {@code feeBump}: a replacement for a stuck transaction. Gas is not estimated
   * again, since a node may estimate against a pending state that already includes the original.
   */
  public Signed replace(Credentials from, Signed original, BigInteger feeBump) throws IOException {
    org.web3j.crypto.RawTransaction old = org.web3j.crypto.TransactionDecoder.decode(original.raw());
    BigInteger base = web3j.ethGasPrice().send().getGasPrice();
    org.web3j.crypto.transaction.type.Transaction1559 fees =
        (org.web3j.crypto.transaction.type.Transaction1559) old.getTransaction();
    BigInteger tip = fees.getMaxPriorityFeePerGas().multiply(feeBump);
    BigInteger maxFee = fees.getMaxFeePerGas().multiply(feeBump).max(base.multiply(BigInteger.TWO).add(tip));
    RawTransaction tx = RawTransaction.createTransaction(chainId, old.getNonce(), old.getGasLimit(), old.getTo(),
        BigInteger.ZERO, old.getData(), tip, maxFee);
    String raw = Numeric.toHexString(TransactionEncoder.signMessage(tx, chainId, from));
    return new Signed(org.web3j.crypto.Hash.sha3(raw), raw, old.getNonce());
  }

  /** Whether {@code address} holds contract code (false as well when the chain cannot be reached). */
  public boolean hasCode(String address) {
    try {
      String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
      return code != null && code.length() > 2;
    } catch (IOException unreachable) {
      return false;
    }
  }

  /** Broadcasts a signed transaction; an "already known" answer counts as sent. */
  public void broadcast(Signed tx) throws IOException {
    EthSendTransaction r = web3j.ethSendRawTransaction(tx.raw()).send();
    if (r.hasError() && !r.getError().getMessage().toLowerCase().contains("already")) {
      throw new ChainException("broadcast of " + tx.hash() + " failed: " + r.getError().getMessage(), null);
    }
  }

  public Optional<TransactionReceipt> receipt(String txHash) throws IOException {
    return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
  }

  /** Waits for the receipt; fails if the transaction reverted. */
  public TransactionReceipt await(String txHash, Duration timeout) throws IOException {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<TransactionReceipt> r = receipt(txHash);
      if (r.isPresent()) {
        if (!r.get().isStatusOK()) {
          throw new ChainException("transaction " + txHash + " reverted in block " + r.get().getBlockNumber(), null);
        }
        return r.get();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + txHash, e);
      }
    }
    throw new ChainException("no receipt for " + txHash + " within " + timeout, null);
  }

  /** Signs, broadcasts and waits: for deploys and tests. */
  public TransactionReceipt execute(Credentials from, String to, String data, ContractArtifact artifact)
      throws IOException {
    Signed tx = sign(from, to, data, artifact);
    broadcast(tx);
    return await(tx.hash(), Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    web3j.shutdown();
  }

  /** A chain call that failed, with the contract's error name when it reverted. */
  public static final class ChainException extends IOException {
    private final String revertData;

    public ChainException(String message, String revertData) {
      super(message);
      this.revertData = revertData;
    }

    public String revertData() {
      return revertData;
    }
  }
}
