// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title Boot Cloud Token (BCT)
/// @notice ERC-20 with 18 decimals and a fixed supply of 87,000,000 BCT, minted once at
/// deployment to the allocation holders of whitepaper §7. No mint or burn afterwards. The
/// allocation stays readable on-chain (allocation(i)), so an auditor can check it by line.
contract BCT is ERC20 {
    uint256 public constant TOTAL_SUPPLY = 87_000_000 * 10 ** 18;

    /// One line of §7 as minted.
    struct Allocation {
        string line;
        address holder;
        uint256 amount;
    }

    Allocation[] private _allocations;

    event Allocated(string line, address indexed holder, uint256 amount);

    error AllocationMismatch(uint256 holders, uint256 amounts);
    error SupplyMismatch(uint256 allocated);

    /// @param lines the §7 line of each allocation (mining, early_users, ...)
    /// @param holders who receives each allocation (one entry per §7 line)
    /// @param amounts base units per holder; they must add up to exactly TOTAL_SUPPLY
    constructor(string[] memory lines, address[] memory holders, uint256[] memory amounts)
        ERC20("Boot Cloud Token", "BCT")
    {
        if (holders.length != amounts.length || lines.length != amounts.length) {
            revert AllocationMismatch(holders.length, amounts.length);
        }
        uint256 total;
        for (uint256 i = 0; i < holders.length; i++) {
            _mint(holders[i], amounts[i]);
            _allocations.push(Allocation(lines[i], holders[i], amounts[i]));
            emit Allocated(lines[i], holders[i], amounts[i]);
            total += amounts[i];
        }
        if (total != TOTAL_SUPPLY) revert SupplyMismatch(total);
    }

    /// @return how many allocation lines were minted
    function allocationCount() external view returns (uint256) {
        return _allocations.length;
    }

    /// @notice Line, holder and amount of allocation i, in minting order.
    function allocation(uint256 i) external view returns (string memory line, address holder, uint256 amount) {
        Allocation storage a = _allocations[i];
        return (a.line, a.holder, a.amount);
    }
}
