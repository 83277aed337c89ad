package org.otactive.run;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.otactive.inventory.Observation;
import org.otactive.probe.Fact;
import org.otactive.probe.Outcome;
import org.otactive.scope.Addresses;

/** The outcome for one target of a run, and when it was known. */
public record TargetResult(InetAddress address, Outcome outcome, Instant at) {
  /** The inventory observations the outcome carries, with the method as their source. */
  public List<Observation> observations(String source) {
    if (!(outcome instanceof Outcome.Ok ok)) return List.of();
    String a = Addresses.canonical(address);
    // Loops, not streams: called for every target of a scan.
    List<Observation> out = new ArrayList<>(ok.facts().size());
    for (Fact f : ok.facts()) out.add(new Observation(a, f.attribute(), f.value(), source, f.detail(), at));
    return out;
  }

  /** The value of one fact, or null. */
  public String fact(String attribute) {
    if (!(outcome instanceof Outcome.Ok ok)) return null;
    for (Fact f : ok.facts()) {
      if (f.attribute().equals(attribute)) return f.value();
    }
    return null;
  }
}
