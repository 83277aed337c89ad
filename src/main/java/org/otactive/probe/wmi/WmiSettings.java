package org.otactive.probe.wmi;

import java.time.Duration;
import java.util.Objects;
import org.otactive.probe.wmi.ntlm.Credentials;
import org.otactive.probe.wmi.rpc.AuthLevel;

/**
 * How to talk WMI to one host: the account, the namespace, the authentication level and the time
 * limits. Immutable; validated on construction, each refusal naming the bad value.
 *
 * @param namespace the WMI namespace, {@code //./root/cimv2} by default
 * @param authLevel PKT_PRIVACY (default) or PKT_INTEGRITY; the exporter gets the higher of this and
 *     the host's hint
 * @param callTimeout the longest wait for any one answer
 * @param nextTimeout the lTimeout of each IEnumWbemClassObject::Next: how long the host may wait
 *     for objects before answering WBEM_S_TIMEDOUT (finite, shorter than {@code callTimeout})
 * @param batchSize objects asked for by each Next
 * @param hostDeadline the whole conversation with one host, connections included
 * @param workstation the workstation name sent in NTLM AUTHENTICATE (may be empty)
 */
public record WmiSettings(Credentials credentials, String namespace, AuthLevel authLevel, Duration callTimeout,
    Duration nextTimeout, int batchSize, Duration hostDeadline, String workstation) {
  /** The RPC endpoint mapper's TCP port, where every DCOM activation starts. */
  public static final int EPMAP_PORT = 135;
  public static final String DEFAULT_NAMESPACE = "//./root/cimv2";
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(20);
  public static final Duration DEFAULT_NEXT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_BATCH = 64;
  public static final Duration DEFAULT_HOST_DEADLINE = Duration.ofSeconds(120);

  public WmiSettings {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(workstation, "workstation");
    if (namespace == null || namespace.isBlank()) throw new IllegalArgumentException("namespace is empty");
    if (authLevel != AuthLevel.PKT_PRIVACY && authLevel != AuthLevel.PKT_INTEGRITY) {
      throw new IllegalArgumentException("authentication level must be integrity or privacy, not " + authLevel);
    }
    positive(callTimeout, "call timeout");
    positive(nextTimeout, "Next timeout");
    positive(hostDeadline, "per-host deadline");
    if (nextTimeout.compareTo(callTimeout) >= 0) {
      throw new IllegalArgumentException("Next timeout " + nextTimeout + " must be shorter than the call timeout " + callTimeout);
    }
    if (nextTimeout.toMillis() >= 0xFFFF_FFFFL) throw new IllegalArgumentException("Next timeout " + nextTimeout + " is too long");
    if (batchSize < 1 || batchSize > 1000) throw new IllegalArgumentException("batch size " + batchSize + " is not in 1..1000");
  }

  private static void positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " " + d + " is not positive");
  }

  /** The defaults for {@code credentials}: root/cimv2, privacy, 20 s a call, 5 s a Next, 64 a batch, 120 s a host. */
  public static WmiSettings of(Credentials credentials) {
    return new WmiSettings(credentials, DEFAULT_NAMESPACE, AuthLevel.PKT_PRIVACY, DEFAULT_CALL_TIMEOUT,
        DEFAULT_NEXT_TIMEOUT, DEFAULT_BATCH, DEFAULT_HOST_DEADLINE, "");
  }

  /**
   * Everything but the account: what one configuration of a scan shares among the accounts of its
   * scan ranges.
   */
  public record Template(String namespace, AuthLevel authLevel, Duration callTimeout, Duration nextTimeout,
      Duration hostDeadline) {
    /** The settings for one account (validated as every {@code WmiSettings} is). */
    public WmiSettings forAccount(Credentials credentials) {
      return new WmiSettings(credentials, namespace, authLevel, callTimeout, nextTimeout, DEFAULT_BATCH, hostDeadline, "");
    }
  }

  public WmiSettings withNamespace(String ns) {
    return new WmiSettings(credentials, ns, authLevel, callTimeout, nextTimeout, batchSize, hostDeadline, workstation);
  }

  public WmiSettings withAuthLevel(AuthLevel level) {
    return new WmiSettings(credentials, namespace, level, callTimeout, nextTimeout, batchSize, hostDeadline, workstation);
  }

  public WmiSettings withTimeouts(Duration call, Duration next) {
    return new WmiSettings(credentials, namespace, authLevel, call, next, batchSize, hostDeadline, workstation);
  }

  public WmiSettings withBatchSize(int n) {
    return new WmiSettings(credentials, namespace, authLevel, callTimeout, nextTimeout, n, hostDeadline, workstation);
  }

  public WmiSettings withHostDeadline(Duration d) {
    return new WmiSettings(credentials, namespace, authLevel, callTimeout, nextTimeout, batchSize, d, workstation);
  }
}
