package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.otactive.probe.Outcome;

/** Results handed to another sink on its own thread: all of them, in order, before the scan is said to be over. */
class HandOffSinkTest {
  private static TargetResult result(int i) throws Exception {
    return new TargetResult(InetAddress.getByAddress(new byte[] {10, 9, (byte) (i >> 8), (byte) i}),
        new Outcome.Ok(List.of(), "r" + i), Instant.EPOCH);
  }

  /** A sink that notes what it was given, and what it had been given when the scan was said to be over. */
  private static final class Noting implements ResultSink {
    final List<String> taken = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();
    volatile int takenAtScanOver = -1;
    volatile boolean busy;

    @Override
    public void accept(TargetResult r) {
      taken.add(r.outcome().detail());
      if (!threads.contains(Thread.currentThread())) threads.add(Thread.currentThread());
    }

    @Override
    public void scanBusy(boolean b) {
      busy = b;
    }

    @Override
    public void scanOver() {
      takenAtScanOver = taken.size();
    }
  }

  @Test
  @Timeout(30)
  void everyResultReachesTheOtherSinkInOrderBeforeTheScanIsOver() throws Exception {
    Noting next = new Noting();
    int n = HandOffSink.BATCH * HandOffSink.BATCHES * 3 + 17; // more than the queue holds, and a part batch
    List<String> sent = new ArrayList<>();
    try (HandOffSink sink = new HandOffSink(next)) {
      for (int i = 0; i < n; i++) {
        sink.accept(result(i));
        sent.add("r" + i);
      }
      sink.scanBusy(true);
      assertThat(next.busy).isTrue();
      sink.scanOver();
      assertThat(next.takenAtScanOver).isEqualTo(n);
      sink.accept(result(n)); // a late result still goes on, before close returns
      sent.add("r" + n);
    }
    assertThat(next.taken).isEqualTo(sent);
    assertThat(next.threads).hasSize(1).doesNotContain(Thread.currentThread());
  }

  @Test
  @Timeout(30)
  void aFailureOfTheOtherSinkIsThrownToTheScan() throws Exception {
    ResultSink failing = r -> {
      throw new IllegalStateException("cannot write the results aside: disk full");
    };
    HandOffSink sink = new HandOffSink(failing);
    sink.accept(result(1));
    assertThatThrownBy(sink::scanOver).hasMessageContaining("disk full");
    assertThatThrownBy(() -> sink.accept(result(2))).hasMessageContaining("disk full");
    assertThatThrownBy(sink::close).hasMessageContaining("disk full");
  }
}
