package org.otactive.web;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits failed logins per user name and per client address: after {@code perUser} failures for a
 * name (or {@code perAddress} from an address) within {@code window}, further attempts are refused
 * without checking the password until the oldest failure leaves the window. A success clears the
 * name's failures. A sliding log per key: exact, and small, since keys hold at most the limit.
 *
 * <p>Time comes from the given source (tests drive it by hand). Thread-safe.
 */
final class LoginLimiter {
  private final InstantSource clock;
  private final int perUser;
  private final int perAddress;
  private final Duration window;
  private final Map<String, Deque<Instant>> byUser = new ConcurrentHashMap<>();
  private final Map<String, Deque<Instant>> byAddress = new ConcurrentHashMap<>();

  LoginLimiter(InstantSource clock, int perUser, int perAddress, Duration window) {
    this.clock = clock;
    this.perUser = perUser;
    this.perAddress = perAddress;
    this.window = window;
  }

  /** How long until a login for {@code user} from {@code address} may be tried, or empty when now. */
  Optional<Duration> blocked(String user, String address) {
    Instant now = clock.instant();
    Optional<Duration> u = wait(byUser.get(key(user)), perUser, now);
    Optional<Duration> a = wait(byAddress.get(address), perAddress, now);
    if (u.isEmpty()) return a;
    if (a.isEmpty()) return u;
    return Optional.of(u.get().compareTo(a.get()) > 0 ? u.get() : a.get());
  }

  void failed(String user, String address) {
    Instant now = clock.instant();
    note(byUser, key(user), perUser, now);
    note(byAddress, address, perAddress, now);
  }

  void succeeded(String user) {
    byUser.remove(key(user));
  }

  private static String key(String user) {
    return user == null ? "" : user.strip().toLowerCase(java.util.Locale.ROOT);
  }

  private Optional<Duration> wait(Deque<Instant> log, int limit, Instant now) {
    if (log == null) return Optional.empty();
    synchronized (log) {
      prune(log, now);
      if (log.size() < limit) return Optional.empty();
      return Optional.of(Duration.between(now, log.peekFirst().plus(window)));
    }
  }

  private void note(Map<String, Deque<Instant>> logs, String key, int limit, Instant now) {
    Deque<Instant> log = logs.computeIfAbsent(key, k -> new ArrayDeque<>());
    synchronized (log) {
      prune(log, now);
      log.addLast(now);
      while (log.size() > limit) log.removeFirst();
    }
  }

  private void prune(Deque<Instant> log, Instant now) {
    while (!log.isEmpty() && !log.peekFirst().plus(window).isAfter(now)) log.removeFirst();
  }
}
