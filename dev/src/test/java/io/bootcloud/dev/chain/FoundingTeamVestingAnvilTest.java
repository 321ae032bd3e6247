package io.bootcloud.dev.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bootcloud.settlement.chain.ChainClient;
import io.bootcloud.settlement.chain.RewardDistributorContract;
import io.bootcloud.settlement.chain.TeamVestingContract;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.http.HttpService;

/**
 * The founding team's 15% (whitepaper §7: "locked for one year and cannot circulate; after the
 * lock it is released linearly over two years") on a real anvil with time travel: releases made
 * in blocks at chosen timestamps pay the beneficiary exactly the linear amount, computed here from
 * the whitepaper's numbers, never more, and only to the beneficiary.
 */
class FoundingTeamVestingAnvilTest {

  private static final BigInteger UNIT = BigInteger.TEN.pow(18);
  private static final long DAY = 86_400;
  /** 15% of 87,000,000 BCT. */
  private static final BigInteger TEAM = BigInteger.valueOf(13_050_000L).multiply(UNIT);

  @Test
  void releasesNothingDuringTheLockThenLinearlyOverTwoYearsOnlyToTheTeam() throws IOException {
    try (Anvil anvil = Anvil.start(null, Duration.ZERO);
        ChainClient chain = new ChainClient(anvil.rpcUrl(), Anvil.CHAIN_ID)) {
      List<Credentials> keys = DevChainKeys.forChain(Anvil.CHAIN_ID);
      Credentials team = keys.get(5);
      Credentials stranger = keys.get(2); // holds the foundation's line; may send transactions
      HttpService http = new HttpService(anvil.rpcUrl());
      long launch = chain.web3j().ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send().getBlock()
          .getTimestamp().longValueExact() + DAY;
      RewardDistributorContract bct = RewardDistributorContract.deploy(chain, keys.get(0),
          Map.of("early_users", keys.get(1).getAddress(), "foundation", keys.get(2).getAddress(),
              "private_placement", keys.get(3).getAddress(), "founding_team", team.getAddress()),
          keys.get(0).getAddress(), keys.get(4).getAddress(), List.of(keys.get(4).getAddress()), 1, 60, launch,
          io.bootcloud.rules.TokenAllocation.MINING.amount());
      String token = bct.token();
      TeamVestingContract vesting = new TeamVestingContract(chain, bct.allocations().get(4).holder());
      long lockEnd = launch + 365 * DAY;
      long end = lockEnd + 730 * DAY;
      assertThat(vesting.start()).isEqualTo(lockEnd);
      assertThat(vesting.start() + vesting.duration()).isEqualTo(end);
      assertThat(bct.tokenBalance(vesting.address())).isEqualTo(TEAM);
      assertThat(bct.tokenBalance(team.getAddress())).isZero();
      BigInteger strangerHolds = bct.tokenBalance(stranger.getAddress());

      // One second before the lock ends: nothing, whoever asks.
      releaseAt(http, vesting, stranger, token, lockEnd - 1);
      assertThat(bct.tokenBalance(team.getAddress())).isZero();
      assertThat(vesting.released(token)).isZero();

      // Lock + 1 day: 1/730 of the line, to the unit (a stranger's call still pays the team).
      releaseAt(http, vesting, stranger, token, lockEnd + DAY);
      BigInteger afterOneDay = TEAM.multiply(BigInteger.valueOf(DAY)).divide(BigInteger.valueOf(730 * DAY));
      assertThat(bct.tokenBalance(team.getAddress())).isEqualTo(afterOneDay);
      assertThat(bct.tokenBalance(stranger.getAddress())).isEqualTo(strangerHolds);

      // Lock + 1 year: half the line in all.
      releaseAt(http, vesting, team, token, lockEnd + 365 * DAY);
      assertThat(bct.tokenBalance(team.getAddress())).isEqualTo(TEAM.divide(BigInteger.TWO));
      assertThat(vesting.released(token)).isEqualTo(TEAM.divide(BigInteger.TWO));
      assertThat(bct.tokenBalance(vesting.address())).isEqualTo(TEAM.subtract(TEAM.divide(BigInteger.TWO)));

      // Nobody but the team can name another receiver.
      assertThatThrownBy(() -> vesting.transferOwnership(stranger, stranger.getAddress()))
          .isInstanceOf(ChainClient.ChainException.class).hasMessageContaining("OwnableUnauthorizedAccount");
      assertThat(vesting.beneficiary()).isEqualTo(team.getAddress());

      // Lock + 2 years: everything, and nothing more after it.
      releaseAt(http, vesting, stranger, token, end);
      assertThat(bct.tokenBalance(team.getAddress())).isEqualTo(TEAM);
      assertThat(bct.tokenBalance(vesting.address())).isZero();
      releaseAt(http, vesting, stranger, token, end + 30 * DAY);
      assertThat(bct.tokenBalance(team.getAddress())).isEqualTo(TEAM);
      assertThat(bct.tokenBalance(stranger.getAddress())).isEqualTo(strangerHolds);
    }
  }

  /** Sends release(token) from {@code from} in a block stamped {@code timestamp}. */
  private static void releaseAt(HttpService http, TeamVestingContract vesting, Credentials from, String token,
      long timestamp) throws IOException {
    new Request<>("evm_setNextBlockTimestamp", List.of(timestamp), http, Response.class).send();
    vesting.release(from, token);
  }
}
