// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {VestingWallet} from "@openzeppelin/contracts/finance/VestingWallet.sol";

/// @title Founding team vesting (whitepaper §7)
/// @notice Holds the founding team's 15% of BCT: "locked for one year and cannot circulate; after
/// the lock it is released linearly over two years". Nothing is releasable before launch + 365
/// days; from then on OpenZeppelin's linear schedule releases total × elapsed / 730 days, and
/// everything at launch + 1,095 days. Anyone may call release(token), but tokens only ever go to
/// the beneficiary (the owner); only the owner can name another beneficiary.
contract FoundingTeamVesting is VestingWallet {
    uint64 public constant LOCK_SECONDS = 365 days;
    uint64 public constant RELEASE_SECONDS = 730 days;

    /// @param team the beneficiary
    /// @param launch the launch day's start, Unix seconds
    constructor(address team, uint64 launch) VestingWallet(team, launch + LOCK_SECONDS, RELEASE_SECONDS) {}
}
