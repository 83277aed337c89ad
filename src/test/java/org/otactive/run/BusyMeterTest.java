package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BusyMeterTest {
  private static final long MS = 1_000_000L;

  @Test
  void aLoopThatHardlyWaitsBecomesBusyAtTheEndOfAWindow() {
    BusyMeter m = new BusyMeter(100 * MS, 0.1, 0.5, 0);
    m.waited(5 * MS);
    assertThat(m.pass(60 * MS)).as("the window is not over").isNull();
    assertThat(m.busy()).isFalse();
    assertThat(m.pass(100 * MS)).isTrue();
    assertThat(m.busy()).isTrue();
  }

  @Test
  void aLoopThatWaitsMostOfTheTimeIsNotBusy() {
    BusyMeter m = new BusyMeter(100 * MS, 0.1, 0.5, 0);
    m.waited(95 * MS);
    assertThat(m.pass(100 * MS)).as("unchanged: not busy").isNull();
    m.waited(11 * MS); // just over a tenth
    assertThat(m.pass(200 * MS)).isNull();
    assertThat(m.busy()).isFalse();
  }

  @Test
  void onceBusyItTakesMoreThanHalfAWindowOfWaitingToStop() {
    BusyMeter m = new BusyMeter(100 * MS, 0.1, 0.5, 0);
    assertThat(m.pass(100 * MS)).isTrue();
    m.waited(40 * MS); // a neighbour took the CPU for a while: still busy
    assertThat(m.pass(200 * MS)).isNull();
    assertThat(m.busy()).isTrue();
    m.waited(50 * MS); // exactly half: still busy
    assertThat(m.pass(300 * MS)).isNull();
    m.waited(60 * MS);
    assertThat(m.pass(400 * MS)).isFalse();
    assertThat(m.busy()).isFalse();
  }

  @Test
  void eachWindowStartsAfresh() {
    BusyMeter m = new BusyMeter(100 * MS, 0.1, 0.5, 0);
    m.waited(90 * MS);
    assertThat(m.pass(100 * MS)).isNull();
    // The waits of the first window do not count against the second.
    assertThat(m.pass(200 * MS)).isTrue();
  }

  @Test
  void aLongPassCountsAsOneWindowOfItsLength() {
    BusyMeter m = new BusyMeter(100 * MS, 0.1, 0.5, 0);
    m.waited(30 * MS);
    assertThat(m.pass(1_000 * MS)).as("30 of 1000 ms waited").isTrue();
  }

  @Test
  void badSettingsAreRefused() {
    assertThatThrownBy(() -> new BusyMeter(0, 0.1, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BusyMeter(100 * MS, 0.6, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BusyMeter(100 * MS, 0, 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BusyMeter(100 * MS, 0.1, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
