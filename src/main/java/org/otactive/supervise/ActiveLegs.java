package org.otactive.supervise;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.otactive.safety.StopSwitch;

/**
 * The runs sending in this process right now, each with the stop switch of its current leg. A stop
 * or pause made in this process throws the switch directly (no polling delay); the intent says how
 * the leg's end is recorded.
 */
public final class ActiveLegs {
  /** Why a leg was halted. */
  public enum Intent {
    STOP,
    PAUSE,
    /** The service is shutting down; the run resumes when it starts again. */
    SHUTDOWN
  }

  /** One sending leg of a run. */
  /**
   * One sending leg of a run.
   *
   * @param sites the sites whose stop halts it: a supervised run's site, or the sites a one-off
   *     run's targets lie in (none when they lie in no site)
   */
  public record Leg(long runId, java.util.Set<String> sites, String method, StopSwitch stop, AtomicReference<Intent> intent) {
    /** Throws the switch; the first intent wins. */
    public void halt(Intent why, String reason) {
      intent.compareAndSet(null, why);
      stop.stop(reason);
    }
  }

  private final Map<Long, Leg> legs = new ConcurrentHashMap<>();

  public Leg register(long runId, java.util.Set<String> sites, String method, StopSwitch stop) {
    Leg leg = new Leg(runId, java.util.Set.copyOf(sites), method, stop, new AtomicReference<>());
    legs.put(runId, leg);
    return leg;
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
  public java.util.Set<Long> haltSite(String site, Intent why, String reason) {
    java.util.Set<Long> halted = new java.util.HashSet<>();
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
