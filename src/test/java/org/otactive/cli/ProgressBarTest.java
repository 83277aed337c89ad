package org.otactive.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void drawsTheFinalStateAndErasesItself() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text));
    bar.progress(1, 4, null);
    bar.progress(4, 4, null); // the last one is always drawn, however soon after the previous
    bar.finish();
    String s = text.toString();
    assertThat(s).contains("\r[#######").contains("] 1/4").contains("] 4/4").contains("[" + "#".repeat(30) + "]");
    assertThat(s).endsWith("\r\033[K");
  }

  @Test
  void redrawsAtMostTenTimesASecond() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text));
    long t0 = System.nanoTime();
    for (int i = 1; i < 1000; i++) bar.progress(i, 1_000_000, null);
    long tenths = (System.nanoTime() - t0) / 100_000_000L;
    long draws = text.toString().chars().filter(c -> c == '\r').count();
    assertThat(draws).isBetween(1L, tenths + 1);
  }
}
