package org.otactive.probe.wmi;

import java.util.Optional;
import org.otactive.probe.Outcome;
import org.otactive.probe.Probe;
import org.otactive.probe.ProbeContext;
import org.otactive.probe.ProbeSpec;
import org.otactive.probe.Target;

/**
 * A WEM scan's probe: collects each host with the account its scan range gives
 * ({@link WindowsHostCollector}). Thread-safe; holds nothing per host.
 */
final class WemProbe implements Probe {
  private final ConfiguredWem settings;

  WemProbe(ConfiguredWem settings) {
    this.settings = settings;
  }

  @Override
  public ProbeSpec spec() {
    return settings.spec();
  }

  /** Only addresses with an account: the others are told so without a packet. */
  @Override
  public boolean appliesTo(Target target) {
    return settings.settingsFor(target.address()).isPresent();
  }

  @Override
  public Outcome probe(Target target, ProbeContext context) throws InterruptedException {
    Optional<WmiSettings> s = settings.settingsFor(target.address());
    if (s.isEmpty()) return new Outcome.NotApplicable(ConfiguredWem.noAccount(target.address()));
    return new WindowsHostCollector(s.get()).collect(context);
  }
}
