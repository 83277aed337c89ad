package org.otactive.probe.wmi.rpc;

import java.util.Map;

/** Names of the fault and reject codes of C706 appendix E and MS-RPCE 2.2.2.x, for messages. */
public final class FaultStatus {
  private FaultStatus() {}

  public static final int ACCESS_DENIED = 0x0000_0005;
  public static final int RPC_S_SEC_PKG_ERROR = 0x0000_0721;
  public static final int NCA_S_OP_RNG_ERROR = 0x1c01_0002;
  public static final int NCA_S_UNK_IF = 0x1c01_0003;
  public static final int NCA_S_PROTO_ERROR = 0x1c01_000b;

  private static final Map<Integer, String> NAMES = Map.ofEntries(
      Map.entry(ACCESS_DENIED, "access_denied"),
      Map.entry(0x0000_06f7, "nca_s_fault_ndr"),
      Map.entry(0x0000_071a, "rpc_s_call_cancelled"),
      Map.entry(RPC_S_SEC_PKG_ERROR, "rpc_s_sec_pkg_error"),
      Map.entry(0x1c01_0001, "nca_s_comm_failure"),
      Map.entry(NCA_S_OP_RNG_ERROR, "nca_s_op_rng_error"),
      Map.entry(NCA_S_UNK_IF, "nca_s_unk_if"),
      Map.entry(0x1c01_0006, "nca_s_wrong_boot_time"),
      Map.entry(0x1c01_0009, "nca_s_you_crashed"),
      Map.entry(NCA_S_PROTO_ERROR, "nca_s_proto_error"),
      Map.entry(0x1c01_0013, "nca_s_out_args_too_big"),
      Map.entry(0x1c01_0014, "nca_s_server_too_busy"),
      Map.entry(0x1c01_0017, "nca_s_unsupported_type"),
      Map.entry(0x1c00_0001, "nca_s_fault_int_div_by_zero"),
      Map.entry(0x1c00_0002, "nca_s_fault_addr_error"));

  /** {@code nca_s_op_rng_error (0x1c010002)}, or just the hex code when the name is unknown. */
  public static String describe(int status) {
    String hex = String.format("0x%08x", status);
    String name = NAMES.get(status);
    return name == null ? hex : name + " (" + hex + ")";
  }

  private static final String[] REJECT_REASONS = {
    "reason_not_specified", "temporary_congestion", "local_limit_exceeded", "called_paddr_unknown",
    "protocol_version_not_supported", "default_context_not_supported", "user_data_not_readable",
    "no_psap_available", "authentication_type_not_recognized", "invalid_checksum",
  };

  /** A bind_nak's provider_reject_reason in words. */
  public static String rejectReason(int reason) {
    return reason >= 0 && reason < REJECT_REASONS.length ? REJECT_REASONS[reason] + " (" + reason + ")"
        : "reason " + reason;
  }

  /** A rejected presentation context's reason in words. */
  public static String contextRejectReason(int reason) {
    return switch (reason) {
      case 0 -> "reason_not_specified";
      case 1 -> "abstract_syntax_not_supported";
      case 2 -> "proposed_transfer_syntaxes_not_supported";
      case 3 -> "local_limit_exceeded";
      default -> "reason " + reason;
    };
  }
}
