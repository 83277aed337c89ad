package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A one-off command's listing printed on a thread of its own while the store catches up. */
class AlongsideTest {
  @Test
  void aPrintNeverStartedRunsOnTheCallersThreadAtTheFinish() throws Exception {
    CopyOnWriteArrayList<String> threads = new CopyOnWriteArrayList<>();
    OneOffCommand.Alongside print = new OneOffCommand.Alongside(() -> threads.add(Thread.currentThread().getName()));
    assertThat(print.awaitStarted()).isFalse();
    assertThat(threads).isEmpty();
    print.finish();
    assertThat(threads).containsExactly(Thread.currentThread().getName());
  }

  @Test
  void aStartedPrintRunsOnceOnItsOwnThreadAndFinishWaitsForIt() throws Exception {
    CopyOnWriteArrayList<String> threads = new CopyOnWriteArrayList<>();
    OneOffCommand.Alongside print = new OneOffCommand.Alongside(() -> threads.add(Thread.currentThread().getName()));
    print.start();
    print.start(); // the scan's end is told once, but a second call must not print twice
    assertThat(print.awaitStarted()).isTrue();
    print.finish();
    assertThat(threads).containsExactly("results-printer");
  }

  @Test
  void whatThePrintThrewComesBackFromFinish() {
    OneOffCommand.Alongside print = new OneOffCommand.Alongside(() -> {
      throw new IOException("disk full");
    });
    print.start();
    assertThatThrownBy(print::finish).isInstanceOf(IOException.class).hasMessage("disk full");
  }
}
