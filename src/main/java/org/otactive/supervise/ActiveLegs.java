package org.otactive.supervise;

import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;

/**
 * The runs sending in this process right now, each with the stop switch of its current leg. A stop
 * or pause made in this process throws the switch directly (no polling delay); the intent says how
 * the leg's end is recorded.
 *
 * <p>Every switch a halt throws is told to the observer given to {@link #observe}, with the moment
 * read on the monotonic and the wall clock just before the throw: the service writes it to its log,
 * so "no packet later than 100 ms after the switch" can be checked against capture times, which the
 * kernel stamps on the wall clock.
 */
public final class ActiveLegs {
  /** Why a leg was halted. */
  public enum Intent {
    STOP,
    PAUSE,
    /** The service is shutting down; the run resumes when it starts again. */
    SHUTDOWN,
    /** The method's settings changed while the leg sent: the run goes on at once in a new leg with them. */
    RESTART
  }

  /**
   * A switch thrown by a halt.
   *
   * @param monotonicNanos the ticker's time just before the throw
   * @param at the wall clock's time just before the throw
   */
  public record Thrown(long runId, Intent intent, String reason, long monotonicNanos, Instant at) {}

  private final Map<Long, Leg> legs = new ConcurrentHashMap<>();
  private final InstantSource clock;
  private final Ticker ticker;
  private volatile Consumer<Thrown> observer = thrown -> {};

  public ActiveLegs() {
    this(InstantSource.system(), Ticker.system());
  }

  /** With the clocks the moment of a thrown switch is read on. */
  public ActiveLegs(InstantSource clock, Ticker ticker) {
    this.clock = clock;
    this.ticker = ticker;
  }

  /**
   * Tells {@code observer} of every switch a halt throws from now on. It is called on the halting
   * thread, right after the throw: it must not block (hand the event to another thread for I/O).
   */
  public void observe(Consumer<Thrown> observer) {
    this.observer = observer;
  }

  /**
   * One sending leg of a run.
   */
  public final class Leg {
    private final long runId;
    private final Set<String> sites;
    private final String method;
    private final StopSwitch stop;
    private final AtomicReference<Intent> intent = new AtomicReference<>();

    /**
     * @param sites the sites whose stop halts it: a supervised run's site, or the sites a one-off
     *     run's targets lie in (none when they lie in no site)
     */
    private Leg(long runId, Set<String> sites, String method, StopSwitch stop) {
      this.runId = runId;
      this.sites = Set.copyOf(sites);
      this.method = method;
      this.stop = stop;
    }

    public long runId() {
      return runId;
    }

    public Set<String> sites() {
      return sites;
    }

    public String method() {
      return method;
    }

    public StopSwitch stop() {
      return stop;
    }

    /** Why it was halted, or null while nobody halted it. */
    public AtomicReference<Intent> intent() {
      return intent;
    }

    /** Throws the switch; the first intent wins. */
    public void halt(Intent why, String reason) {
      intent.compareAndSet(null, why);
      // Read before the throw: a packet "after the switch" is measured from no later than this.
      long nanos = ticker.nanos();
      Instant at = clock.instant();
      if (stop.stop(reason)) observer.accept(new Thrown(runId, intent.get(), stop.reason(), nanos, at));
    }
  }

  public Leg register(long runId, Set<String> sites, String method, StopSwitch stop) {
    Leg leg = new Leg(runId, sites, method, stop);
    legs.put(runId, leg);
    return leg;
  }

  /** Whether this process is sending for {@code runId} now. */
  public boolean has(long runId) {
    return legs.containsKey(runId);
  }

  public void remove(Leg leg) {
    legs.remove(leg.runId(), leg);
  }

  public boolean haltRun(long runId, Intent why, String reason) {
    Leg leg = legs.get(runId);
    if (leg == null) return false;
    leg.halt(why, reason);
    return true;
  }

  /** Halts every leg on {@code site} (every leg when null); returns the ids of their runs. */
  public Set<Long> haltSite(String site, Intent why, String reason) {
    Set<Long> halted = new HashSet<>();
    for (Leg leg : legs.values()) {
      if (site == null || leg.sites().contains(site)) {
        leg.halt(why, reason);
        halted.add(leg.runId());
      }
    }
    return halted;
  }

  public List<Leg> legs() {
    return List.copyOf(legs.values());
  }
}
