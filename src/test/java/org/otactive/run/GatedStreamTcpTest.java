package org.otactive.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.otactive.probe.StreamConnection;
import org.otactive.safety.Blocked;
import org.otactive.safety.FakeTicker;
import org.otactive.safety.Gate;
import org.otactive.safety.Limits;
import org.otactive.safety.Rate;
import org.otactive.safety.SendWindow;
import org.otactive.safety.StopSwitch;
import org.otactive.safety.Ticker;

/**
 * The gate on the TCP path ({@link GatedStream}, which WMI uses), against real listeners on loopback
 * that record every connection and every byte: a stop closes a live connection at once and nothing
 * more is sent or opened; a closing window and a passed deadline refuse the next write and the next
 * connection; an out-of-scope target or an undeclared peer is refused before any connection; a
 * device's single slot makes a second probe wait until the first lets go. Time is a hand-driven
 * clock and ticker; only the stop is real.
 */
class GatedStreamTcpTest {
  private static final InetAddress DEVICE = address("127.0.0.201");
  private static final InetAddress OTHER = address("127.0.0.202");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Instant CLOSES = Instant.parse("2026-12-06T05:00:00Z");

  private Listener device;
  private Listener other;

  private static InetAddress address(String a) {
    try {
      return InetAddress.getByName(a);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TCP server that accepts everything and records what each connection sent until it closed. */
  static final class Listener implements AutoCloseable {
    final ServerSocket server;
    final List<Connection> connections = new CopyOnWriteArrayList<>();

    static final class Connection {
      final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      volatile boolean ended;

      synchronized String text() {
        return bytes.toString(StandardCharsets.US_ASCII);
      }

      synchronized void add(byte[] b, int n) {
        bytes.write(b, 0, n);
      }
    }

    Listener(InetAddress address) throws IOException {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(address, 0));
      Thread.ofVirtual().start(this::accept);
    }

    InetSocketAddress endpoint() {
      return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          Connection c = new Connection();
          connections.add(c);
          Thread.ofVirtual().start(() -> read(s, c));
        } catch (IOException closed) {
          return;
        }
      }
    }

    private void read(Socket s, Connection c) {
      try (s; InputStream in = s.getInputStream()) {
        byte[] b = new byte[4096];
        for (int n; (n = in.read(b)) >= 0; ) c.add(b, n);
      } catch (IOException reset) {
        // the client closed hard: the connection ended all the same
      } finally {
        c.ended = true;
      }
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** A wall clock moved by hand. */
  static final class HandClock implements InstantSource {
    private volatile Instant now;

    HandClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    void set(Instant t) {
      now = t;
    }
  }

  @BeforeEach
  void listen() throws IOException {
    device = new Listener(DEVICE);
    other = new Listener(OTHER);
  }

  @AfterEach
  void close() throws IOException {
    device.close();
    other.close();
  }

  private static Gate gate(Predicate<InetAddress> scope, Set<InetSocketAddress> declared, Ticker ticker, StopSwitch stop,
      InstantSource clock, SendWindow window) {
    Limits limits = new Limits(Rate.UNLIMITED, Rate.UNLIMITED, 10, 10, Duration.ofSeconds(60));
    return new Gate(limits, scope, declared, ticker, stop, clock, window);
  }

  private static Gate gate(StopSwitch stop) {
    return gate(DEVICE::equals, Set.of(), new FakeTicker(), stop, new HandClock(CLOSES.minusSeconds(60)), SendWindow.ALWAYS);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(5);
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Runs {@code action} as a probe of {@code target} (holding its device slot), rethrowing what it threw. */
  private static void probe(Gate gate, InetAddress target, ProbeAction action) throws Exception {
    AtomicReference<Exception> failed = new AtomicReference<>();
    Tester.test(gate, target, InstantSource.system(), ctx -> {
      try {
        action.run(ctx);
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        failed.set(e);
      }
      return null;
    });
    if (failed.get() != null) throw failed.get();
  }

  private interface ProbeAction {
    void run(org.otactive.probe.ProbeContext ctx) throws Exception;
  }

  private static Blocked.Reason reasonOf(Throwable t) {
    return ((Blocked) t).reason();
  }

  @Test
  void aStopClosesTheLiveConnectionAtOnceAndNothingMoreIsSentOrOpened() throws Exception {
    StopSwitch stop = new StopSwitch();
    Gate gate = gate(stop);
    probe(gate, DEVICE, ctx -> {
      StreamConnection c = ctx.connect(device.endpoint(), TIMEOUT);
      c.write(ascii("hello"));
      await("the listener to read hello", () -> !device.connections.isEmpty() && device.connections.get(0).text().equals("hello"));
      // A probe waits for the device's answer, which does not come.
      AtomicReference<Throwable> readEnded = new AtomicReference<>();
      CountDownLatch reading = new CountDownLatch(1);
      Thread reader = Thread.ofVirtual().start(() -> {
        reading.countDown();
        try {
          c.readFully(1, TIMEOUT);
        } catch (Throwable t) {
          readEnded.set(t);
        }
      });
      reading.await();
      long stopped = System.nanoTime();
      stop.stop("pump 3 alarm");
      // Far sooner than the read's own 30 s timeout: the stop closed the socket under it.
      assertThat(reader.join(Duration.ofSeconds(10))).as("the blocked read ended").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(Duration.ofSeconds(10));
      assertThat(readEnded.get()).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> c.write(ascii("more"))).isInstanceOf(Blocked.class)
          .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.STOPPED));
      assertThatThrownBy(() -> ctx.connect(device.endpoint(), TIMEOUT)).isInstanceOf(Blocked.class)
          .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.STOPPED));
      c.close();
    });
    await("the listener to see the connection end", () -> !device.connections.isEmpty() && device.connections.get(0).ended);
    assertThat(device.connections).hasSize(1);
    assertThat(device.connections.get(0).text()).isEqualTo("hello");
    assertThatThrownBy(() -> probe(gate, DEVICE, ctx -> {})).as("a stopped gate lends no device slot")
        .isInstanceOf(Blocked.class);
    assertThat(device.connections).hasSize(1);
  }

  @Test
  void aClosingWindowRefusesTheNextWriteAndTheNextConnection() throws Exception {
    HandClock clock = new HandClock(CLOSES.minusSeconds(1));
    SendWindow window = now -> now.isBefore(CLOSES) ? CLOSES : null;
    Gate gate = gate(DEVICE::equals, Set.of(), new FakeTicker(), new StopSwitch(), clock, window);
    probe(gate, DEVICE, ctx -> {
      StreamConnection c = ctx.connect(device.endpoint(), TIMEOUT);
      c.write(ascii("in the window;"));
      clock.set(CLOSES);
      assertThatThrownBy(() -> c.write(ascii("after the close"))).isInstanceOf(Blocked.class)
          .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.OUTSIDE_WINDOW));
      assertThatThrownBy(() -> ctx.connect(device.endpoint(), TIMEOUT)).isInstanceOf(Blocked.class)
          .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.OUTSIDE_WINDOW));
      c.close();
    });
    await("the connection to end", () -> !device.connections.isEmpty() && device.connections.get(0).ended);
    assertThat(device.connections).hasSize(1);
    assertThat(device.connections.get(0).text()).isEqualTo("in the window;");
  }

  @Test
  void pastTheDeadlineNothingIsSent() throws Exception {
    FakeTicker ticker = new FakeTicker();
    Gate gate = gate(DEVICE::equals, Set.of(), ticker, new StopSwitch(), new HandClock(CLOSES.minusSeconds(60)),
        SendWindow.ALWAYS);
    probe(gate, DEVICE, ctx -> {
      StreamConnection c = ctx.connect(device.endpoint(), TIMEOUT);
      c.write(ascii("before;"));
      ticker.advance(Duration.ofSeconds(59).toNanos());
      c.write(ascii("just before;"));
      ticker.advance(Duration.ofSeconds(1).toNanos());
      assertThatThrownBy(() -> c.write(ascii("after"))).isInstanceOf(Blocked.class)
          .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.DEADLINE));
      assertThatThrownBy(() -> ctx.connect(device.endpoint(), TIMEOUT)).isInstanceOf(Blocked.class)
          .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.DEADLINE));
      c.close();
    });
    await("the connection to end", () -> !device.connections.isEmpty() && device.connections.get(0).ended);
    assertThat(device.connections).hasSize(1);
    assertThat(device.connections.get(0).text()).isEqualTo("before;just before;");
  }

  @Test
  void anOutOfScopeTargetOrAnUndeclaredPeerIsRefusedBeforeAnyConnection() throws Exception {
    Gate gate = gate(DEVICE::equals, Set.of(), new FakeTicker(), new StopSwitch(), new HandClock(CLOSES.minusSeconds(60)),
        SendWindow.ALWAYS);
    assertThatThrownBy(() -> probe(gate, OTHER, ctx -> {})).isInstanceOf(Blocked.class)
        .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.OUT_OF_SCOPE));
    // The target is in scope, but the peer is neither the target nor a server the method declared.
    probe(gate, DEVICE, ctx -> assertThatThrownBy(() -> ctx.connect(other.endpoint(), TIMEOUT)).isInstanceOf(Blocked.class)
        .satisfies(t -> assertThat(reasonOf(t)).isEqualTo(Blocked.Reason.PEER_NOT_ALLOWED)));
    // Declared, the same peer is reached.
    Gate declared = gate(DEVICE::equals, Set.of(other.endpoint()), new FakeTicker(), new StopSwitch(),
        new HandClock(CLOSES.minusSeconds(60)), SendWindow.ALWAYS);
    probe(declared, DEVICE, ctx -> {
      try (StreamConnection c = ctx.connect(other.endpoint(), TIMEOUT)) {
        c.write(ascii("declared"));
      }
    });
    await("the declared peer's connection to end", () -> other.connections.size() == 1 && other.connections.get(0).ended);
    assertThat(other.connections.get(0).text()).isEqualTo("declared");
    assertThat(device.connections).isEmpty();
  }

  @Test
  void oneConnectionPerDeviceTheSecondProbeWaitsForTheSlotAndAStopEndsItsWait() throws Exception {
    StopSwitch stop = new StopSwitch();
    Gate gate = gate(stop);
    CountDownLatch letGo = new CountDownLatch(1);
    AtomicReference<Exception> first = new AtomicReference<>();
    // As the probes saw their connections: the listener learns of a close only when its reader
    // runs, which may be after it accepted the next connection.
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread one = Thread.ofVirtual().start(() -> {
      try {
        probe(gate, DEVICE, ctx -> {
          try (StreamConnection c = ctx.connect(device.endpoint(), TIMEOUT)) {
            seen.add("first open");
            c.write(ascii("first"));
            letGo.await();
          }
          seen.add("first closed");
        });
      } catch (Exception e) {
        first.set(e);
      }
    });
    await("the first probe's connection", () -> device.connections.size() == 1);
    AtomicReference<Exception> second = new AtomicReference<>();
    Thread two = Thread.ofVirtual().start(() -> {
      try {
        probe(gate, DEVICE, ctx -> {
          try (StreamConnection c = ctx.connect(device.endpoint(), TIMEOUT)) {
            seen.add("second open");
            c.write(ascii("second"));
          }
          seen.add("second closed");
        });
      } catch (Exception e) {
        second.set(e);
      }
    });
    await("the second probe to wait for the device", () -> two.getState() == Thread.State.TIMED_WAITING
        || two.getState() == Thread.State.WAITING);
    assertThat(device.connections).as("no second connection while the first holds the device").hasSize(1);
    letGo.countDown();
    assertThat(one.join(Duration.ofSeconds(30))).isTrue();
    assertThat(two.join(Duration.ofSeconds(30))).isTrue();
    assertThat(first.get()).isNull();
    assertThat(second.get()).isNull();
    await("both connections to end", () -> device.connections.size() == 2 && device.connections.stream().allMatch(c -> c.ended));
    assertThat(device.connections).extracting(Listener.Connection::text).containsExactly("first", "second");
    assertThat(seen).as("one connection to the device at a time").containsExactly("first open", "first closed",
        "second open", "second closed");

    // A probe waiting for the slot when the stop comes sends nothing.
    CountDownLatch holdOn = new CountDownLatch(1);
    Thread holder = Thread.ofVirtual().start(() -> {
      try {
        probe(gate, DEVICE, ctx -> holdOn.await());
      } catch (Exception e) {
        // ends with the stop
      }
    });
    await("the holder to take the slot", () -> holder.getState() == Thread.State.WAITING);
    AtomicReference<Exception> waiter = new AtomicReference<>();
    Thread waiting = Thread.ofVirtual().start(() -> {
      try {
        probe(gate, DEVICE, ctx -> ctx.connect(device.endpoint(), TIMEOUT).write(ascii("never")));
      } catch (Exception e) {
        waiter.set(e);
      }
    });
    await("the waiter to wait", () -> waiting.getState() == Thread.State.TIMED_WAITING);
    stop.stop("pump 3 alarm");
    assertThat(waiting.join(Duration.ofSeconds(30))).isTrue();
    assertThat(waiter.get()).isInstanceOf(Blocked.class);
    assertThat(reasonOf(waiter.get())).isEqualTo(Blocked.Reason.STOPPED);
    holdOn.countDown();
    assertThat(holder.join(Duration.ofSeconds(30))).isTrue();
    assertThat(device.connections).hasSize(2);
  }
}
