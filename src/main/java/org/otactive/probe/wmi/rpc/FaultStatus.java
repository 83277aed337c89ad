package org.otactive.probe.wmi.rpc;

import java.util.Map;
import java.util.Optional;

/**
 * Names of the status codes a user of WMI over DCOM meets, for messages: the fault and reject codes
 * of C706 appendix E and MS-RPCE 2.2.2.x, and the HRESULTs of COM (MS-ERREF), DCOM (MS-DCOM) and
 * WMI (MS-WMI 2.2.11), each known one with its most likely cause in plain words.
 *
 * <p>The same number can arrive as a fault PDU's status or as a call's returned HRESULT; the names
 * do not depend on which.
 */
public final class FaultStatus {
  private FaultStatus() {}

  /** Win32 ERROR_ACCESS_DENIED, which Windows' RPC runtime also sends as a fault status. */
  public static final int ACCESS_DENIED = 0x0000_0005;
  public static final int RPC_S_SEC_PKG_ERROR = 0x0000_0721;
  public static final int NCA_S_OP_RNG_ERROR = 0x1c01_0002;
  public static final int NCA_S_UNK_IF = 0x1c01_0003;
  public static final int NCA_S_PROTO_ERROR = 0x1c01_000b;

  public static final int S_OK = 0;
  /** WBEM_S_FALSE: an enumeration has ended (perhaps with the last objects in the same answer). */
  public static final int WBEM_S_FALSE = 1;
  /** WBEM_S_TIMEDOUT: no object came within the call's timeout; ask again. */
  public static final int WBEM_S_TIMEDOUT = 0x0004_0004;
  public static final int E_ACCESSDENIED = 0x8007_0005;
  public static final int E_INVALIDARG = 0x8007_0057;
  public static final int E_NOINTERFACE = 0x8000_4002;
  public static final int E_FAIL = 0x8000_4005;
  public static final int RPC_E_DISCONNECTED = 0x8001_0108;
  public static final int REGDB_E_CLASSNOTREG = 0x8004_0154;
  public static final int WBEM_E_FAILED = 0x8004_1001;
  public static final int WBEM_E_NOT_FOUND = 0x8004_1002;
  public static final int WBEM_E_ACCESS_DENIED = 0x8004_1003;
  public static final int WBEM_E_INVALID_PARAMETER = 0x8004_1008;
  public static final int WBEM_E_NOT_SUPPORTED = 0x8004_100c;
  public static final int WBEM_E_INVALID_NAMESPACE = 0x8004_100e;
  public static final int WBEM_E_INVALID_CLASS = 0x8004_1010;
  public static final int WBEM_E_INVALID_QUERY = 0x8004_1017;
  public static final int WBEM_E_INVALID_METHOD = 0x8004_102e;
  public static final int WBEM_E_QUOTA_VIOLATION = 0x8004_106c;

  /** A status with a name and what it most likely means for the user (empty when it says all). */
  private record Known(String name, String cause) {}

  private static final Map<Integer, Known> KNOWN = Map.ofEntries(
      known(ACCESS_DENIED, "ERROR_ACCESS_DENIED",
          "the account was refused: wrong password, not an administrator of the host, or UAC's remote"
              + " restrictions on a local account"),
      known(0x0000_06f7, "nca_s_fault_ndr", "the server could not read our request's data"),
      known(0x0000_071a, "rpc_s_call_cancelled", ""),
      known(RPC_S_SEC_PKG_ERROR, "rpc_s_sec_pkg_error",
          "the server's security package refused our request (bad signature or seal)"),
      known(0x0000_06ba, "RPC_S_SERVER_UNAVAILABLE", "the RPC server is not running or not reachable"),
      known(0x1c01_0001, "nca_s_comm_failure", ""),
      known(NCA_S_OP_RNG_ERROR, "nca_s_op_rng_error", "the interface has no such operation (an older Windows?)"),
      known(NCA_S_UNK_IF, "nca_s_unk_if", "the server does not offer this interface"),
      known(0x1c01_0006, "nca_s_wrong_boot_time", ""),
      known(0x1c01_0009, "nca_s_you_crashed", ""),
      known(NCA_S_PROTO_ERROR, "nca_s_proto_error", ""),
      known(0x1c01_0013, "nca_s_out_args_too_big", ""),
      known(0x1c01_0014, "nca_s_server_too_busy", "the server is too busy; try later"),
      known(0x1c01_0017, "nca_s_unsupported_type", ""),
      known(0x1c00_0001, "nca_s_fault_int_div_by_zero", ""),
      known(0x1c00_0002, "nca_s_fault_addr_error", ""),
      known(S_OK, "S_OK", ""),
      known(WBEM_S_FALSE, "WBEM_S_FALSE", "the enumeration has ended"),
      known(WBEM_S_TIMEDOUT, "WBEM_S_TIMEDOUT",
          "no object arrived within the call's timeout; the enumeration goes on"),
      known(E_ACCESSDENIED, "E_ACCESSDENIED",
          "the account may not do this: not an administrator of the host, DCOM remote activation not"
              + " allowed for it, or the authentication level too low for a hardened host"),
      known(E_INVALIDARG, "E_INVALIDARG", "the server refused an argument of the call"),
      known(E_NOINTERFACE, "E_NOINTERFACE", "the object does not offer the interface asked for"),
      known(E_FAIL, "E_FAIL", "the server failed without saying why"),
      known(0x8007_000e, "E_OUTOFMEMORY", "the host is out of memory"),
      known(RPC_E_DISCONNECTED, "RPC_E_DISCONNECTED",
          "the object was released or its server restarted: the session must start again"),
      known(0x8001_011b, "RPC_E_ACCESS_DENIED", "the account may not call this object"),
      known(REGDB_E_CLASSNOTREG, "REGDB_E_CLASSNOTREG", "WMI is not installed or not registered on the host"),
      known(0x8008_0005, "CO_E_SERVER_EXEC_FAILURE", "the WMI service failed to start"),
      known(WBEM_E_FAILED, "WBEM_E_FAILED", "WMI failed without saying why"),
      known(WBEM_E_NOT_FOUND, "WBEM_E_NOT_FOUND", "the object or registry key does not exist"),
      known(WBEM_E_ACCESS_DENIED, "WBEM_E_ACCESS_DENIED",
          "the account lacks rights on this WMI namespace (Enable Account and Remote Enable in WMI Control)"),
      known(0x8004_1004, "WBEM_E_PROVIDER_FAILURE", "the WMI provider of this class failed"),
      known(WBEM_E_INVALID_PARAMETER, "WBEM_E_INVALID_PARAMETER", "WMI refused a parameter of the call"),
      known(WBEM_E_NOT_SUPPORTED, "WBEM_E_NOT_SUPPORTED", "WMI does not support this request here"),
      known(WBEM_E_INVALID_NAMESPACE, "WBEM_E_INVALID_NAMESPACE",
          "the namespace does not exist on this host (check its spelling, e.g. root/cimv2)"),
      known(WBEM_E_INVALID_CLASS, "WBEM_E_INVALID_CLASS",
          "the class does not exist in this namespace (check its name, or the namespace)"),
      known(0x8004_1011, "WBEM_E_PROVIDER_NOT_FOUND", "the class's WMI provider is not installed"),
      known(0x8004_1013, "WBEM_E_PROVIDER_LOAD_FAILURE", "the class's WMI provider failed to load"),
      known(WBEM_E_INVALID_QUERY, "WBEM_E_INVALID_QUERY", "the WQL query is not valid"),
      known(0x8004_1018, "WBEM_E_INVALID_QUERY_TYPE", "the query language is not WQL"),
      known(WBEM_E_INVALID_METHOD, "WBEM_E_INVALID_METHOD", "the class has no such method"),
      known(0x8004_102f, "WBEM_E_INVALID_METHOD_PARAMETERS", "the method refused its parameters"),
      known(0x8004_1032, "WBEM_E_CALL_CANCELLED", ""),
      known(0x8004_1033, "WBEM_E_SHUTTING_DOWN", "the WMI service is shutting down"),
      known(WBEM_E_QUOTA_VIOLATION, "WBEM_E_QUOTA_VIOLATION", "the host's WMI quota for this account is used up"),
      known(0x8004_3001, "WBEM_E_TIMED_OUT", "WMI timed out on the host"));

  private static Map.Entry<Integer, Known> known(int code, String name, String cause) {
    return Map.entry(code, new Known(name, cause));
  }

  /** {@code nca_s_op_rng_error (0x1c010002)}, or just the hex code when the name is unknown. */
  public static String describe(int status) {
    String hex = String.format("0x%08x", status);
    Known k = KNOWN.get(status);
    return k == null ? hex : k.name() + " (" + hex + ")";
  }

  /** The status's name, e.g. {@code WBEM_E_INVALID_NAMESPACE}, when known. */
  public static Optional<String> name(int status) {
    return Optional.ofNullable(KNOWN.get(status)).map(Known::name);
  }

  /** What the status most likely means in plain words; empty when unknown or self-explaining. */
  public static String likelyCause(int status) {
    Known k = KNOWN.get(status);
    return k == null ? "" : k.cause();
  }

  /** {@link #describe} followed by the likely cause, when there is one. */
  public static String explain(int status) {
    String cause = likelyCause(status);
    return describe(status) + (cause.isEmpty() ? "" : ": " + cause);
  }

  /** Whether an HRESULT is a failure (its severity bit is set). */
  public static boolean failed(int hresult) {
    return hresult < 0;
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
