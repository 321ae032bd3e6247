// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

/// @title RewardDistributor
/// @notice Pays BCT mining rewards against cumulative Merkle roots, one per settlement day.
/// A root is posted with M-of-N treasury EIP-712 approvals (distinct signers in ascending
/// address order, as Safe does), stays pending for a timelock during which the guardian can
/// revoke it, and is then accepted by anyone. Leaves are OpenZeppelin StandardMerkleTree
/// leaves over (address account, uint256 cumulativeAmount); one claim collects every day so far.
contract RewardDistributor is EIP712, Ownable2Step, Pausable {
    using SafeERC20 for IERC20;

    bytes32 public constant APPROVAL_TYPEHASH =
        keccak256("Approval(uint64 day,bytes32 root,uint256 cumulativeTotal,bytes32 manifestHash)");

    struct Root {
        uint64 day;
        bytes32 root;
        uint256 cumulativeTotal;
        bytes32 manifestHash;
        uint64 postedAt;
    }

    IERC20 public immutable token;
    uint64 public immutable timelockSeconds;

    address public guardian;
    address[] private _signers;
    mapping(address => bool) public isSigner;
    uint256 public threshold;

    /// @notice The accepted root claims are paid against (day 0 and root 0 before the first).
    Root public current;
    /// @notice The posted root waiting for its timelock (postedAt 0 when there is none).
    Root public pending;
    mapping(address => uint256) public claimed;
    uint256 public totalClaimed;

    event SignersUpdated(address[] signers, uint256 threshold);
    event GuardianUpdated(address indexed guardian);
    event RootPosted(uint64 indexed day, bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash, uint64 acceptableAt);
    event RootRevoked(uint64 indexed day, bytes32 root, address indexed by);
    event RootAccepted(uint64 indexed day, bytes32 root, uint256 cumulativeTotal);
    event Claimed(address indexed account, uint256 amount, uint256 cumulativeAmount, uint64 indexed day);

    error ZeroRoot();
    error DayNotAfter(uint64 day, uint64 latest);
    error RootPending(uint64 day);
    error NothingPending();
    error TimelockRunning(uint64 acceptableAt);
    error TimelockOver();
    error CumulativeDecreased(uint256 cumulativeTotal, uint256 previous);
    error AboveFunded(uint256 cumulativeTotal, uint256 funded);
    error BadSigners();
    error NotEnoughApprovals(uint256 valid, uint256 threshold);
    error SignerNotAscending(address signer);
    error NotASigner(address signer);
    error NotGuardian(address caller);
    error InvalidProof(address account);
    error NothingToClaim(address account);

    constructor(IERC20 token_, address owner_, address guardian_, address[] memory signers_, uint256 threshold_,
        uint64 timelockSeconds_) EIP712("BootCloudRewardDistributor", "1") Ownable(owner_) {
        token = token_;
        timelockSeconds = timelockSeconds_;
        guardian = guardian_;
        emit GuardianUpdated(guardian_);
        _setSigners(signers_, threshold_);
    }

    // ---------------------------------------------------------------- treasury administration

    function setSigners(address[] calldata signers_, uint256 threshold_) external onlyOwner {
        _setSigners(signers_, threshold_);
    }

    function setGuardian(address guardian_) external onlyOwner {
        guardian = guardian_;
        emit GuardianUpdated(guardian_);
    }

    function pause() external {
        if (msg.sender != owner() && msg.sender != guardian) revert NotGuardian(msg.sender);
        _pause();
    }

    function unpause() external onlyOwner {
        _unpause();
    }

    function signers() external view returns (address[] memory) {
        return _signers;
    }

    function _setSigners(address[] memory signers_, uint256 threshold_) private {
        if (threshold_ == 0 || threshold_ > signers_.length) revert BadSigners();
        for (uint256 i = 0; i < _signers.length; i++) {
            isSigner[_signers[i]] = false;
        }
        for (uint256 i = 0; i < signers_.length; i++) {
            if (signers_[i] == address(0) || isSigner[signers_[i]]) revert BadSigners();
            isSigner[signers_[i]] = true;
        }
        _signers = signers_;
        threshold = threshold_;
        emit SignersUpdated(signers_, threshold_);
    }

    // ---------------------------------------------------------------- roots

    /// @notice The EIP-712 digest treasury signers sign for a day's root.
    function approvalDigest(uint64 day, bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash)
        public view returns (bytes32)
    {
        return _hashTypedDataV4(keccak256(abi.encode(APPROVAL_TYPEHASH, day, root, cumulativeTotal, manifestHash)));
    }

    /// @notice Tokens this contract can ever pay: what it holds plus what it has paid.
    function funded() public view returns (uint256) {
        return token.balanceOf(address(this)) + totalClaimed;
    }

    /// @notice Posts a day's cumulative root with M-of-N approvals (65-byte signatures, signers ascending).
    function postRoot(uint64 day, bytes32 root, uint256 cumulativeTotal, bytes32 manifestHash,
        bytes[] calldata approvals) external whenNotPaused
    {
        if (root == bytes32(0)) revert ZeroRoot();
        if (pending.postedAt != 0) revert RootPending(pending.day);
        if (current.root != bytes32(0) && day <= current.day) revert DayNotAfter(day, current.day);
        if (cumulativeTotal < current.cumulativeTotal) revert CumulativeDecreased(cumulativeTotal, current.cumulativeTotal);
        uint256 available = funded();
        if (cumulativeTotal > available) revert AboveFunded(cumulativeTotal, available);
        bytes32 digest = approvalDigest(day, root, cumulativeTotal, manifestHash);
        address last = address(0);
        for (uint256 i = 0; i < approvals.length; i++) {
            address signer = ECDSA.recover(digest, approvals[i]);
            if (!isSigner[signer]) revert NotASigner(signer);
            if (signer <= last) revert SignerNotAscending(signer);
            last = signer;
        }
        if (approvals.length < threshold) revert NotEnoughApprovals(approvals.length, threshold);
        uint64 acceptableAt = uint64(block.timestamp) + timelockSeconds;
        pending = Root(day, root, cumulativeTotal, manifestHash, uint64(block.timestamp));
        emit RootPosted(day, root, cumulativeTotal, manifestHash, acceptableAt);
    }

    /// @notice The guardian withdraws a pending root during its timelock.
    function revokeRoot() external {
        if (msg.sender != guardian) revert NotGuardian(msg.sender);
        if (pending.postedAt == 0) revert NothingPending();
        if (block.timestamp >= pending.postedAt + timelockSeconds) revert TimelockOver();
        emit RootRevoked(pending.day, pending.root, msg.sender);
        delete pending;
    }

    /// @notice Anyone makes a pending root current once its timelock is over.
    function acceptRoot() external whenNotPaused {
        if (pending.postedAt == 0) revert NothingPending();
        uint64 acceptableAt = pending.postedAt + timelockSeconds;
        if (block.timestamp < acceptableAt) revert TimelockRunning(acceptableAt);
        current = pending;
        delete pending;
        emit RootAccepted(current.day, current.root, current.cumulativeTotal);
    }

    // ---------------------------------------------------------------- claims

    /// @notice Pays `account` its cumulative amount under the current root minus what it already claimed.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external whenNotPaused {
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, current.root, leaf)) revert InvalidProof(account);
        uint256 already = claimed[account];
        if (cumulativeAmount <= already) revert NothingToClaim(account);
        uint256 amount = cumulativeAmount - already;
        claimed[account] = cumulativeAmount;
        totalClaimed += amount;
        token.safeTransfer(account, amount);
        emit Claimed(account, amount, cumulativeAmount, current.day);
    }
}
