// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Boot Cloud Token (BCT)
/// @notice ERC-20 with 18 decimals and a fixed supply of 87,000,000 BCT, minted once at
/// deployment to the allocation holders of whitepaper §7. No mint or burn afterwards.
contract BCT is ERC20 {
    uint256 public constant TOTAL_SUPPLY = 87_000_000 * 10 ** 18;

    error AllocationMismatch(uint256 holders, uint256 amounts);
    error SupplyMismatch(uint256 allocated);

    /// @param holders who receives each allocation (one entry per §7 line)
    /// @param amounts base units per holder; they must add up to exactly TOTAL_SUPPLY
    constructor(address[] memory holders, uint256[] memory amounts) ERC20("Boot Cloud Token", "BCT") {
        if (holders.length != amounts.length) revert AllocationMismatch(holders.length, amounts.length);
        uint256 total;
        for (uint256 i = 0; i < holders.length; i++) {
            _mint(holders[i], amounts[i]);
            total += amounts[i];
        }
        if (total != TOTAL_SUPPLY) revert SupplyMismatch(total);
    }
}
