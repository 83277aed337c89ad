package org.otactive.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AddressBitsTest {
  private static InetAddress v4(int v) throws Exception {
    return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }

  /** The same answers as a hash set, for random addresses across the whole IPv4 space and IPv6. */
  @Test
  void behavesAsASetOfAddresses() throws Exception {
    AddressBits bits = new AddressBits();
    Set<InetAddress> model = new HashSet<>();
    Random random = new Random(7);
    for (int i = 0; i < 50_000; i++) {
      InetAddress a = random.nextInt(10) == 0 ? InetAddress.getByName("fd00::" + Integer.toHexString(random.nextInt(300)))
          : v4(random.nextInt(4) == 0 ? random.nextInt() : 0x0ac80000 + random.nextInt(4096));
      switch (random.nextInt(3)) {
        case 0, 1 -> assertThat(bits.add(a)).isEqualTo(model.add(a));
        default -> assertThat(bits.remove(a)).isEqualTo(model.remove(a));
      }
      assertThat(bits.contains(a)).isEqualTo(model.contains(a));
    }
    assertThat(bits.size()).isEqualTo(model.size());
    assertThat(bits.contains(v4(0))).isEqualTo(model.contains(v4(0)));
    assertThat(bits.contains(v4(-1))).isEqualTo(model.contains(v4(-1)));
  }

  @Test
  void theEdgesOfTheSpaceAndOfAPage() throws Exception {
    AddressBits bits = new AddressBits();
    for (int v : new int[] {0, -1, 0x0a00ffff, 0x0a010000, 63, 64}) {
      assertThat(bits.add(v4(v))).isTrue();
      assertThat(bits.add(v4(v))).isFalse();
    }
    assertThat(bits.contains(v4(0x0a00fffe))).isFalse();
    assertThat(bits.contains(v4(65))).isFalse();
    assertThat(bits.size()).isEqualTo(6);
  }

  /**
   * Threads that add addresses of several /16s, switching between them at every address (the page
   * kept at hand changes under each other's feet): every address is in, once.
   */
  @Test
  void threadsSwitchingBetweenPagesLoseNothing() throws Exception {
    AddressBits bits = new AddressBits();
    int threads = 4;
    int each = 20_000;
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<Thread> started = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      started.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
          for (int i = 0; i < each; i++) bits.add(v4(0x0a000000 + ((i % 3) << 16) + i * threads + id));
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }));
    }
    go.countDown();
    for (Thread t : started) t.join();
    assertThat(bits.size()).isEqualTo(threads * each);
    for (int id = 0; id < threads; id++) {
      for (int i = 0; i < each; i++) assertThat(bits.contains(v4(0x0a000000 + ((i % 3) << 16) + i * threads + id))).isTrue();
    }
  }

  /** A million addresses in sixteen /16s cost sixteen pages of 8 KiB of bits, not an object each. */
  @Test
  void aDenseMillionIsSixteenPages() throws Exception {
    AddressBits bits = new AddressBits();
    for (int i = 0; i < 1 << 20; i++) bits.add(v4(0x0ac00000 + i));
    assertThat(bits.size()).isEqualTo(1 << 20);
    assertThat(bits.pages()).isEqualTo(16);
  }
}
