package org.otactive.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.otactive.schedule.OneOffWindow;
import org.otactive.schedule.RecurringWindow;
import org.otactive.schedule.WindowDefinition;
import org.otactive.schedule.Windows;

/**
 * On a fake clock, over random windows, zones (with DST changes) and stops: the gate lets a packet
 * go exactly when a window is open and the run is not stopped, and never after a stop. (That the
 * windows themselves are right is {@code WindowsProperties}' job, against a brute-force oracle.)
 */
class GateWindowProperties {
  private static final List<String> ZONES = List.of("Europe/Berlin", "America/New_York", "Australia/Sydney",
      "Asia/Kolkata", "America/Santiago", "Pacific/Chatham", "UTC");
  /** Around the DST changes of 2026 in Europe and North America. */
  private static final Instant[] STARTS = {Instant.parse("2026-03-07T00:00:00Z"), Instant.parse("2026-03-28T00:00:00Z"),
      Instant.parse("2026-10-24T00:00:00Z"), Instant.parse("2026-10-31T00:00:00Z"), Instant.parse("2026-04-04T00:00:00Z")};

  /** A mutable wall clock for the gate's window checks. */
  static final class FakeWall implements InstantSource {
    Instant now;

    FakeWall(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  record Scenario(String zone, List<WindowDefinition> windows, int start, List<Long> stepsMillis, int stopAt) {}

  @Provide
  Arbitrary<Scenario> scenarios() {
    Arbitrary<WindowDefinition> recurring = Combinators.combine(
            Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 23),
            Arbitraries.of("*", "0", "6", "1-5", "0,3"), Arbitraries.integers().between(1, 240))
        .as((m, h, dow, minutes) -> {
          try {
            return (WindowDefinition) new RecurringWindow(m + " " + h + " * * " + dow, Duration.ofMinutes(minutes));
          } catch (RuntimeException selfOverlap) {
            return new RecurringWindow(m + " " + h + " * * 0", Duration.ofMinutes(Math.min(minutes, 180)));
          }
        });
    Arbitrary<WindowDefinition> oneOff = Combinators.combine(Arbitraries.longs().between(0, 30L * 24 * 60),
            Arbitraries.longs().between(1, 48 * 60))
        .as((offset, len) -> new OneOffWindow(STARTS[0].plus(Duration.ofMinutes(offset)),
            STARTS[0].plus(Duration.ofMinutes(offset + len))));
    return Combinators.combine(Arbitraries.of(ZONES),
            Arbitraries.oneOf(recurring, oneOff).list().ofMinSize(0).ofMaxSize(4),
            Arbitraries.integers().between(0, STARTS.length - 1),
            Arbitraries.longs().between(0, 3 * 3_600_000L).list().ofMinSize(20).ofMaxSize(120),
            Arbitraries.integers().between(0, 150))
        .as(Scenario::new);
  }

  @Property(tries = 300)
  void aPacketLeavesOnlyInsideAWindowAndNeverAfterAStop(@ForAll("scenarios") Scenario s) throws Exception {
    ZoneId zone = ZoneId.of(s.zone());
    Windows windows = new Windows(zone, s.windows());
    FakeWall wall = new FakeWall(STARTS[s.start()]);
    FakeTicker ticker = new FakeTicker();
    StopSwitch stop = new StopSwitch();
    InetAddress target = InetAddress.getByName("10.1.2.3");
    Limits limits = new Limits(Rate.UNLIMITED, Rate.UNLIMITED, 4, 10, Duration.ofDays(10_000));
    Gate gate = new Gate(limits, a -> true, Set.of(), ticker, stop, wall, now -> windows.openUntil(now).orElse(null));
    List<String> sentOutside = new ArrayList<>();
    for (int i = 0; i < s.stepsMillis().size(); i++) {
      if (i == s.stopAt()) stop.stop("owner pressed stop");
      wall.now = wall.now.plusMillis(s.stepsMillis().get(i));
      ticker.advance(Duration.ofMillis(s.stepsMillis().get(i)).toNanos());
      boolean open = windows.isOpen(wall.now);
      try (DeviceSlot slot = gate.holdDevice(target);
          Permit p = gate.admit(target, new InetSocketAddress(target, 53))) {
        if (!open || stop.isStopped()) sentOutside.add(wall.now + (stop.isStopped() ? " after the stop" : " outside"));
      } catch (Blocked b) {
        switch (b.reason()) {
          case STOPPED -> assertThat(stop.isStopped()).isTrue();
          case OUTSIDE_WINDOW -> assertThat(open).as("refused at %s though a window is open", wall.now).isFalse();
          default -> throw new AssertionError("unexpected refusal: " + b.getMessage());
        }
      }
    }
    assertThat(sentOutside).isEmpty();
  }
}
