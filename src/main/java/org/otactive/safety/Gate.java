package org.otactive.safety;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.otactive.common.AddressBits;

/**
 * The one gate every packet of a run passes. Thread-safe.
 *
 * <p>Before each packet it checks, in order: the stop switch and the run's deadline; that the
 * target is in scope; that the peer is the target itself or declared infrastructure (a DNS server
 * asked about the target); that the caller holds the target's device slot. Then it takes one of the
 * peer's in-flight slots and waits for the global and the per-peer rate, and checks the stop once
 * more just before letting the packet go. Every wait wakes on the stop.
 *
 * <p>Two forms of the same checks: {@link #holdDevice} and {@link #admit} wait (a probe on a thread
 * of its own); {@link #tryHoldDevice} and {@link #tryAdmit} never wait and say when to ask again
 * (the run's datagram engine, which keeps thousands of exchanges in the air from one thread). The
 * devices a run has touched are counted in {@link AddressBits}, about one bit per address, so a
 * run of any size keeps the gate's memory bounded.
 */
public final class Gate {
  /** How often a wait for an in-flight slot looks at the stop switch; bounds stop latency there. */
  private static final long SLOT_POLL_MILLIS = 5;

  private final Limits limits;
  private final Predicate<InetAddress> inScope;
  private final Set<InetSocketAddress> infrastructure;
  private final Ticker ticker;
  private final StopSwitch stop;
  private final java.time.InstantSource wallClock;
  private final SendWindow window;
  /**
   * Before this wall-clock millisecond the window is open (the end of the span the window gave,
   * rounded down): read on every check, as a number, so that a check reads the clock without
   * making an {@code Instant} (three per packet on a scan's thread). At or after it the window is
   * asked again.
   */
  private volatile long openBeforeMillis = Long.MIN_VALUE;
  private final long deadlineNanos;
  private final RateLimiter global;
  private final Map<InetSocketAddress, Peer> peers = new ConcurrentHashMap<>();
  private final AddressBits devicesSeen = new AddressBits();
  /** Devices whose slot is held now: bits, not a hash set's node per target (a sweep takes and frees one per target). */
  private final AddressBits devicesHeld = new AddressBits();
  private final ReentrantLock deviceLock = new ReentrantLock();
  private final Condition deviceFreed = deviceLock.newCondition();
  private final java.util.concurrent.atomic.AtomicInteger devicesCounted = new java.util.concurrent.atomic.AtomicInteger();
  private volatile int deviceWaiters;
  private final AtomicLong admitted = new AtomicLong();
  private final AtomicLong firstAdmit = new AtomicLong(Long.MIN_VALUE);
  private volatile long lastAdmit;

  private record Peer(RateLimiter rate, Semaphore inFlight, AtomicLong admitted) {}

  /**
   * A gate that keeps every packet inside {@code window}, read on {@code wallClock} (windows are
   * wall-clock times; the deadline, the rates and reply timeouts use the monotonic {@code ticker}).
   */
  public Gate(
      Limits limits,
      Predicate<InetAddress> inScope,
      Set<InetSocketAddress> infrastructure,
      Ticker ticker,
      StopSwitch stop,
      java.time.InstantSource wallClock,
      SendWindow window) {
    this.wallClock = wallClock;
    this.window = window;
    this.limits = limits;
    this.inScope = inScope;
    this.infrastructure = Set.copyOf(infrastructure);
    this.ticker = ticker;
    this.stop = stop;
    this.deadlineNanos = ticker.nanos() + limits.deadline().toNanos();
    this.global = new RateLimiter(limits.globalRate());
    // Waiters for an in-flight slot park without polling; a stop wakes them all at once by
    // flooding the semaphores, and the check after the wait turns them away.
    stop.onStop(() -> peers.values().forEach(Gate::flood));
  }

  private static void flood(Peer p) {
    p.inFlight.release(Integer.MAX_VALUE / 4);
  }

  public StopSwitch stopSwitch() {
    return stop;
  }

  /** The monotonic time of this gate, also used for the timeouts of exchanges it admits. */
  public Ticker ticker() {
    return ticker;
  }

  public Limits limits() {
    return limits;
  }

  /** The declared infrastructure peers (DNS servers) a run may send to besides its targets. */
  public Set<InetSocketAddress> infrastructure() {
    return infrastructure;
  }

  /** Throws if the run may not send any more (stopped, past its deadline or outside its window). */
  public void checkOpen() throws Blocked {
    checkOpen(ticker.nanos());
  }

  /** {@link #checkOpen()} at {@code now}, a reading of {@link #ticker()} the caller just took. */
  private void checkOpen(long now) throws Blocked {
    if (stop.isStopped()) throw new Blocked(Blocked.Reason.STOPPED, "stopped: " + stop.reason());
    if (now - deadlineNanos >= 0) {
      throw new Blocked(Blocked.Reason.DEADLINE, "the run's deadline of " + limits.deadline() + " has passed");
    }
    long openBefore = openBeforeMillis;
    // A window open for good is not asked again, nor the wall clock read for it (a reading per packet).
    if (openBefore != Long.MAX_VALUE && wallClock.millis() >= openBefore) checkWindow();
  }

  /**
   * The window's source changed (a window removed or added while the run sends): the next packet
   * asks it again instead of trusting the span it was given before.
   */
  public void reconsider() {
    openBeforeMillis = Long.MIN_VALUE;
  }

  private void checkWindow() throws Blocked {
    java.time.Instant now = wallClock.instant();
    java.time.Instant until = window.openUntil(now);
    if (until == null || !until.isAfter(now)) {
      throw new Blocked(Blocked.Reason.OUTSIDE_WINDOW, "outside the maintenance window at " + now);
    }
    // A window open for good (Instant.MAX) has no millisecond: never asked again.
    openBeforeMillis = until.getEpochSecond() >= Long.MAX_VALUE / 1_000 - 1 ? Long.MAX_VALUE : until.toEpochMilli();
  }

  /**
   * Takes the single connection slot of a device, waiting while another probe holds it.
   *
   * @throws Blocked when out of scope, over the device cap, stopped or past the deadline
   */
  public DeviceSlot holdDevice(InetAddress target) throws Blocked, InterruptedException {
    checkDevice(target);
    if (!devicesHeld.add(target)) {
      // Slow path: another probe talks to this device; wait for it to let go.
      deviceLock.lock();
      try {
        deviceWaiters++;
        while (!devicesHeld.add(target)) {
          deviceFreed.await(SLOT_POLL_MILLIS, TimeUnit.MILLISECONDS);
          checkOpen();
        }
      } finally {
        deviceWaiters--;
        deviceLock.unlock();
      }
    }
    return slot(target);
  }

  /**
   * Takes the single connection slot of a device if it is free, without waiting.
   *
   * @return the slot, or null while another probe holds it
   * @throws Blocked when out of scope, over the device cap, stopped or past the deadline
   */
  public DeviceSlot tryHoldDevice(InetAddress target) throws Blocked {
    checkDevice(target);
    return devicesHeld.add(target) ? slot(target) : null;
  }

  /** Scope and the device cap (a device counts once, when first held). */
  private void checkDevice(InetAddress target) throws Blocked {
    checkOpen();
    if (!inScope.test(target)) {
      throw new Blocked(Blocked.Reason.OUT_OF_SCOPE, target.getHostAddress() + " is out of scope");
    }
    if (devicesSeen.add(target) && devicesCounted.incrementAndGet() > limits.maxDevices()) {
      devicesCounted.decrementAndGet();
      devicesSeen.remove(target);
      throw new Blocked(Blocked.Reason.DEVICE_CAP, "device cap of " + limits.maxDevices() + " devices reached");
    }
  }

  private DeviceSlot slot(InetAddress target) {
    return new HeldDevice(target);
  }

  /**
   * A device's slot while held. A class, not a lambda: a scan takes one per target, and a captured
   * lambda costs several times a plain allocation in first-tier compiled code (bench/RESULTS.md).
   */
  private final class HeldDevice implements DeviceSlot {
    private final InetAddress target;

    HeldDevice(InetAddress target) {
      this.target = target;
    }

    @Override
    public void close() {
      devicesHeld.remove(target);
      if (deviceWaiters > 0) {
        deviceLock.lock();
        try {
          deviceFreed.signalAll();
        } finally {
          deviceLock.unlock();
        }
      }
    }
  }

  /**
   * Admits one packet about {@code target} to {@code peer}, or throws why not. Nothing may be sent
   * without the returned permit; close it when the exchange is over.
   */
  public Permit admit(InetAddress target, InetSocketAddress peer) throws Blocked, InterruptedException {
    Peer p = checkPacket(target, peer);
    if (stop.isStopped()) flood(p);
    p.inFlight.acquire();
    boolean ok = false;
    try {
      checkOpen();
      pace(p);
      ok = true;
    } finally {
      if (!ok) p.inFlight.release();
    }
    count(p);
    return permit(p);
  }

  /**
   * Admits one packet about {@code target} to {@code peer} now, or says when to ask again: the
   * same checks as {@link #admit}, in the same order, without waiting. The caller sends nothing
   * without the returned {@link Permit} and checks {@link #checkOpen} (or the stop switch) once
   * more right before the send.
   *
   * @return a permit, or {@link Admission.Later}: after a rate wait, or once a permit of this peer
   *     has closed when all its in-flight slots are taken
   * @throws Blocked when the packet may never go (stopped, deadline, window, scope, peer)
   */
  public Admission tryAdmit(InetAddress target, InetSocketAddress peer) throws Blocked {
    return tryAdmit(target, peer, ticker.nanos());
  }

  /**
   * {@link #tryAdmit(InetAddress, InetSocketAddress)} at {@code now}, a reading of {@link
   * #ticker()} the caller took just before and sends at (one reading for the deadline, the rate
   * and the count instead of one each: a datagram scan asks for every packet).
   */
  public Admission tryAdmit(InetAddress target, InetSocketAddress peer, long now) throws Blocked {
    Peer p = checkPacket(target, peer, now);
    if (!p.inFlight.tryAcquire()) {
      checkOpen(now); // a stop floods the slots: say stopped, not "wait"
      return Admission.UNTIL_A_SLOT_FREES;
    }
    long wait = RateLimiter.tryAcquireBoth(global, p.rate, now);
    if (wait > 0) {
      p.inFlight.release();
      return new Admission.Later(wait);
    }
    if (stop.isStopped()) {
      p.inFlight.release();
      checkOpen(now);
    }
    count(p, now);
    return permit(p);
  }

  /** The checks before any packet; returns the peer's budgets. */
  private Peer checkPacket(InetAddress target, InetSocketAddress peer) throws Blocked {
    return checkPacket(target, peer, ticker.nanos());
  }

  private Peer checkPacket(InetAddress target, InetSocketAddress peer, long now) throws Blocked {
    checkOpen(now);
    if (!inScope.test(target)) {
      throw new Blocked(Blocked.Reason.OUT_OF_SCOPE, target.getHostAddress() + " is out of scope");
    }
    if (!peer.getAddress().equals(target) && !infrastructure.contains(peer)) {
      throw new Blocked(Blocked.Reason.PEER_NOT_ALLOWED,
          peer + " is neither the target nor a configured server");
    }
    if (!devicesHeld.contains(target)) {
      throw new IllegalStateException("admit without holding the device slot of " + target);
    }
    Peer known = peers.get(peer);
    return known != null ? known : peers.computeIfAbsent(peer, k -> new Peer(
        new RateLimiter(limits.perPeerRate()), new Semaphore(limits.perPeerInFlight()), new AtomicLong()));
  }

  private Permit permit(Peer p) {
    return new Permit() {
      private boolean closed;

      @Override
      public void another() throws Blocked, InterruptedException {
        pace(p);
        count(p);
      }

      @Override
      public synchronized void close() {
        if (!closed) {
          closed = true;
          if (!stop.isStopped()) p.inFlight.release(); // after a stop the semaphore is flooded
        }
      }
    };
  }

  private void count(Peer p) {
    count(p, ticker.nanos());
  }

  private void count(Peer p, long now) {
    firstAdmit.compareAndSet(Long.MIN_VALUE, now);
    lastAdmit = now;
    p.admitted.incrementAndGet();
    admitted.incrementAndGet();
  }

  /**
   * Packets per second between the first and the last packet admitted, or 0 with fewer than two:
   * the rate the network saw, without start-up and the wait for the last answers.
   */
  public double sendRate() {
    long n = admitted.get();
    long first = firstAdmit.get();
    long span = lastAdmit - first;
    if (n < 2 || first == Long.MIN_VALUE || span <= 0) return 0;
    return (n - 1) * 1e9 / span;
  }

  private void pace(Peer p) throws Blocked, InterruptedException {
    if (!global.acquire(ticker, stop) || !p.rate.acquire(ticker, stop)) checkOpen();
    checkOpen();
  }

  /** Packets admitted so far in this run. */
  public long admitted() {
    return admitted.get();
  }

  /** Packets admitted so far to one peer. */
  public long admitted(InetSocketAddress peer) {
    Peer p = peers.get(peer);
    return p == null ? 0 : p.admitted.get();
  }
}
