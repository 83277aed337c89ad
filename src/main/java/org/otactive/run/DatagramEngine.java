package org.otactive.run;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.otactive.common.Text;
import org.otactive.probe.Conversation;
import org.otactive.probe.DatagramProbe;
import org.otactive.probe.Demux;
import org.otactive.probe.Outcome;
import org.otactive.probe.Step;
import org.otactive.probe.Target;
import org.otactive.safety.Admission;
import org.otactive.safety.Blocked;
import org.otactive.safety.DeviceSlot;
import org.otactive.safety.Gate;
import org.otactive.safety.Permit;

/**
 * Drives the conversations of a {@link DatagramProbe} for a whole run from one thread, without a
 * thread or a park per query.
 *
 * <p>Each pass of its loop reads every reply waiting on its sockets, expires the timeouts whose
 * tick has passed (a {@link TimerWheel}), sends what waits for its peer's budget, and starts new
 * targets while fewer than the concurrency are in the air and the results are being written fast
 * enough. It sleeps in the selector only when a pass found nothing to do. Per packet the gate
 * decides ({@link Gate#tryAdmit}: scope, peer, device slot, stop, deadline, window, in-flight and
 * rate budgets) and the stop switch is read once more right before the send; a stop wakes the
 * loop, which then sends nothing more and abandons what is in flight. A reply is routed by its
 * demux key to the exchange waiting on that socket, checked by the conversation's header look
 * ({@link Conversation#accepts}) and decoded once, by the conversation.
 *
 * <p>Sockets: one connected socket per declared peer (a DNS server), so the kernel drops
 * datagrams from anyone else; one unconnected socket per address family for methods that talk to
 * the targets themselves. Steps that need a thread ({@link Step.Blocking}, a TCP retry) run on a
 * virtual thread with a {@link RunContext} and hand their next step back to the loop.
 */
final class DatagramEngine {
  /** What the engine tells its run: one outcome per target it finished. */
  interface Outcomes {
    void done(InetAddress target, Outcome outcome);

    /** Whether the results are being written too slowly: start no new target for now. */
    boolean congested();

    /**
     * Whether the engine keeps its thread busy every moment (a scan at full speed) or waits on the
     * network part of the time; told on each change, and false when the engine is done.
     */
    default void busy(boolean busy) {}
  }

  private static final long TICK_NANOS = 1_000_000L;
  private static final int WHEEL_SLOTS = 4096;
  private static final int BUFFER = 65_536;
  private static final int SOCKET_BUFFER = 4 << 20;
  /**
   * The engine becomes busy when it waited less than a tenth of the last 100 ms, and is no longer
   * busy when it waited more than half (see {@link Outcomes#busy}).
   */
  private static final long BUSY_WINDOW_NANOS = 100_000_000L;
  private static final double BUSY_BELOW = 0.1;
  private static final double IDLE_ABOVE = 0.5;

  private final DatagramProbe probe;
  private final Demux demux;
  private final Gate gate;
  private final Network network;
  private final InstantSource clock;
  private final Iterator<InetAddress> targets;
  private final Outcomes outcomes;
  private final int concurrency;
  private final Set<InetSocketAddress> declaredPeers;
  private final Selector selector;
  private final TimerWheel timers;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
  /**
   * Where a request is copied to be sent: a heap buffer would be copied by the JDK into a
   * temporary direct one of its own for every datagram (a twelfth of the send's time).
   */
  private final ByteBuffer outgoing = ByteBuffer.allocateDirect(BUFFER);
  private final byte[] scratch = new byte[BUFFER];
  private final Map<InetSocketAddress, Lane> lanes = new HashMap<>();
  /** The lane asked for last. */
  private Lane lastLane;
  private final List<Socket> sockets = new ArrayList<>();
  private final Socket[] byFamily = new Socket[2];
  /** Targets whose device slot was held elsewhere when their turn came; asked again later. */
  private final ArrayDeque<InetAddress> busyDevices = new ArrayDeque<>();
  /** Requests admitted and keyed whose send found the socket's buffer full. */
  private final ArrayDeque<Flight> unsent = new ArrayDeque<>();
  /** Blocking steps done on their threads, waiting for the loop. */
  private final ConcurrentLinkedQueue<Flight> fromThreads = new ConcurrentLinkedQueue<>();
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
  private final Runnable wakeUp;
  private BusyMeter meter;
  /** What the timers do with an exchange whose time is up (one consumer for the run, not one per pass). */
  private final java.util.function.Consumer<TimerWheel.Node> expired = n -> timedOut((Flight) n);
  private int active;
  private long unmatched;

  /** One target's conversation while the run works on it. */
  private static final class Flight extends TimerWheel.Node {
    final InetAddress target;
    final Conversation conversation;
    final DeviceSlot slot;
    Step.Send send;
    Socket socket;
    int key = -1;
    Permit permit;
    /** The lane the permit was taken in (told when the permit is given back). */
    Lane lane;
    long sentAt;
    /** A request admitted and keyed whose send found the socket's buffer full: sent at the next pass. */
    byte[] unsent;
    /** The next step a blocking step returned. */
    volatile Step handedBack;

    Flight(InetAddress target, Conversation conversation, DeviceSlot slot) {
      this.target = target;
      this.conversation = conversation;
      this.slot = slot;
    }
  }

  /**
   * A peer's queue of requests waiting for its budget, with when to ask the gate again: after a
   * rate wait, or at the next tick or the next reply from that peer when its in-flight slots are
   * taken (some may be held by a blocking step's TCP connection, which frees them on its thread).
   */
  private static final class Lane {
    final InetSocketAddress peer;
    final Socket socket;
    final ArrayDeque<Flight> waiting = new ArrayDeque<>();
    long notBefore;

    Lane(InetSocketAddress peer, Socket socket) {
      this.peer = peer;
      this.socket = socket;
    }
  }

  /** A socket and the exchanges in flight on it, by demux key. */
  private final class Socket {
    final DatagramChannel channel;
    final boolean connected;
    final Flight[] byKey;
    final Map<Integer, Flight> byLargeKey;

    Socket(DatagramChannel channel, boolean connected) {
      this.channel = channel;
      this.connected = connected;
      int bound = demux.keyBound();
      this.byKey = bound <= 65_536 ? new Flight[bound] : null;
      this.byLargeKey = byKey == null ? new HashMap<>() : null;
    }

    /** A random key free on this socket (unguessable for an off-path sender), bound to {@code f}. */
    int bind(Flight f) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      int bound = demux.keyBound();
      while (true) {
        int k = random.nextInt(bound);
        if (byKey != null) {
          if (byKey[k] == null) {
            byKey[k] = f;
            return k;
          }
        } else if (byLargeKey.putIfAbsent(k, f) == null) {
          return k;
        }
      }
    }

    Flight at(int key) {
      if (key < 0 || key >= demux.keyBound()) return null;
      return byKey != null ? byKey[key] : byLargeKey.get(key);
    }

    void unbind(int key) {
      if (byKey != null) byKey[key] = null;
      else byLargeKey.remove(key);
    }
  }

  DatagramEngine(DatagramProbe probe, Gate gate, Network network, InstantSource clock, Iterator<InetAddress> targets,
      Set<InetSocketAddress> declaredPeers, int concurrency, Outcomes outcomes) throws IOException {
    this.probe = probe;
    this.demux = probe.demux();
    this.gate = gate;
    this.network = network;
    this.clock = clock;
    this.targets = targets;
    this.declaredPeers = Set.copyOf(declaredPeers);
    this.concurrency = concurrency;
    this.outcomes = outcomes;
    this.selector = Selector.open();
    this.timers = new TimerWheel(TICK_NANOS, WHEEL_SLOTS, gate.ticker().nanos());
    this.wakeUp = selector::wakeup;
  }

  /** Unmatched datagrams: late, spoofed, garbage, or refused by a conversation's check. */
  long unmatched() {
    return unmatched;
  }

  /**
   * Runs until every target has an outcome or the run is stopped (or past its deadline or window:
   * the caller turns those into a stop); then abandons what is in flight, without results.
   */
  void run() throws IOException, InterruptedException {
    gate.stopSwitch().onStop(wakeUp);
    meter = new BusyMeter(BUSY_WINDOW_NANOS, BUSY_BELOW, IDLE_ABOVE, gate.ticker().nanos());
    try {
      while (!gate.stopSwitch().isStopped() && open()) {
        boolean worked = handBack();
        worked |= receive();
        long now = gate.ticker().nanos();
        worked |= timers.expire(now, expired) > 0;
        worked |= sendWaiting(gate.ticker().nanos()); // the timers may have sent: a fresh reading
        worked |= startNew();
        if (active == 0 && busyDevices.isEmpty() && !targets.hasNext()) return;
        if (!worked) idle(now);
        Boolean busy = meter.pass(gate.ticker().nanos());
        if (busy != null) outcomes.busy(busy);
      }
    } finally {
      gate.stopSwitch().removeListener(wakeUp);
      if (meter.busy()) outcomes.busy(false);
      abandonAll();
    }
  }

  /** Whether the gate is open at all (a pass's worth: each packet is checked again). */
  private boolean open() {
    try {
      gate.checkOpen();
      return true;
    } catch (Blocked b) {
      return false;
    }
  }

  private boolean startNew() throws InterruptedException {
    boolean started = false;
    // Targets whose device was busy go first: they were next in line.
    for (int n = busyDevices.size(); n > 0 && active < concurrency; n--) started |= begin(busyDevices.poll());
    while (active < concurrency && targets.hasNext() && !outcomes.congested()) {
      started |= begin(targets.next());
      if (gate.stopSwitch().isStopped()) break;
    }
    return started;
  }

  /** Starts one target's conversation; false when its device is held elsewhere (it waits its turn). */
  private boolean begin(InetAddress address) throws InterruptedException {
    Target target = new Target(address);
    DeviceSlot slot = null;
    // A target the method does not apply to is told so without a packet and without a device slot.
    if (probe.appliesTo(target)) {
      try {
        slot = gate.tryHoldDevice(address);
      } catch (Blocked b) {
        outcomes.done(address, new Outcome.Blocked(b.getMessage()));
        return true;
      }
      if (slot == null) {
        busyDevices.add(address);
        return false;
      }
    }
    Conversation conversation;
    Step first;
    try {
      conversation = probe.open(target);
      first = conversation.start();
    } catch (RuntimeException e) {
      if (slot != null) slot.close();
      outcomes.done(address, new Outcome.ProtocolError("internal error: " + e));
      return true;
    }
    active++;
    go(new Flight(address, conversation, slot), first);
    return true;
  }

  /** Carries out a conversation's step. */
  private void go(Flight f, Step step) throws InterruptedException {
    switch (step) {
      case Step.Done d -> finish(f, d.outcome());
      case Step.Blocking b -> onThread(f, b);
      case Step.Send s -> {
        f.send = s;
        Lane lane;
        try {
          lane = lane(s.peer());
        } catch (IOException e) {
          finish(f, new Outcome.ProtocolError("network error: " + Text.safe(e.getMessage())));
          return;
        }
        if (!lane.waiting.isEmpty() || !trySend(f, lane, gate.ticker().nanos())) lane.waiting.add(f);
      }
    }
  }

  /**
   * Asks the gate for one packet and sends it. False when the peer's budget says not yet (the
   * lane then knows when to ask again); true when the flight went, or ended (refused by the gate).
   * {@code now} is a reading of the gate's ticker taken just before (for a lane's queue, once for
   * its turn): the gate judges the packet at it, and the reply's time is counted from it.
   */
  private boolean trySend(Flight f, Lane lane, long now) throws InterruptedException {
    if (now - lane.notBefore < 0) return false;
    Admission a;
    try {
      a = gate.tryAdmit(f.target, lane.peer, now);
    } catch (Blocked b) {
      finish(f, new Outcome.Blocked(b.getMessage()));
      return true;
    } catch (IllegalStateException noSlot) {
      finish(f, new Outcome.ProtocolError("internal error: " + noSlot.getMessage()));
      return true;
    }
    if (a instanceof Admission.Later later) {
      lane.notBefore = now + (later.waitsForSlot() ? TICK_NANOS : later.nanos());
      return false;
    }
    f.permit = (Permit) a;
    f.lane = lane;
    f.socket = lane.socket;
    f.key = lane.socket.bind(f);
    byte[] request;
    try {
      request = f.send.request().encode(f.key);
    } catch (RuntimeException e) {
      release(f, now);
      finish(f, new Outcome.ProtocolError("internal error: " + e));
      return true;
    }
    f.sentAt = now;
    timers.schedule(f, f.sentAt + f.send.timeoutNanos());
    transmit(f, request);
    return true;
  }

  /** The send itself, after a last look at the stop switch. */
  private void transmit(Flight f, byte[] request) throws InterruptedException {
    if (gate.stopSwitch().isStopped()) return; // nothing leaves after a stop; the loop ends next
    try {
      ByteBuffer out = request.length <= outgoing.capacity() ? outgoing.clear().put(request).flip()
          : ByteBuffer.wrap(request);
      int sent = f.socket.connected ? f.socket.channel.write(out) : f.socket.channel.send(out, f.send.peer());
      if (sent == 0) later(f, request); // the socket's buffer is full: again at the next pass
    } catch (PortUnreachableException e) {
      later(f, request); // an ICMP error for an earlier datagram, reported on this send: try again
    } catch (IOException e) {
      timers.cancel(f);
      release(f, gate.ticker().nanos());
      finish(f, new Outcome.ProtocolError("network error: " + Text.safe(e.getMessage())));
    }
  }

  private void later(Flight f, byte[] request) {
    if (f.unsent == null) unsent.add(f);
    f.unsent = request;
  }

  /** Sends what waits in the lanes, each as far as its peer's budget allows. */
  private boolean sendWaiting(long now) throws InterruptedException {
    boolean sent = false;
    for (Lane lane : lanes.values()) {
      Flight f;
      while ((f = lane.waiting.peek()) != null && trySend(f, lane, now)) {
        lane.waiting.poll();
        sent = true;
      }
    }
    // Requests whose send found a full socket buffer. Rare: the buffers hold far more than the
    // in-flight caps.
    for (int n = unsent.size(); n > 0; n--) {
      Flight f = unsent.poll();
      byte[] request = f.unsent;
      if (request == null) continue; // its exchange ended meanwhile
      f.unsent = null;
      transmit(f, request);
      sent |= f.unsent == null;
    }
    return sent;
  }

  /** Reads every datagram waiting on every socket. */
  private boolean receive() throws InterruptedException {
    boolean any = false;
    for (int i = 0; i < sockets.size(); i++) {
      Socket s = sockets.get(i);
      while (true) {
        buffer.clear();
        SocketAddress from;
        try {
          if (s.connected) {
            if (s.channel.read(buffer) <= 0) break;
            from = null;
          } else if ((from = s.channel.receive(buffer)) == null) {
            break;
          }
        } catch (PortUnreachableException e) {
          continue; // an ICMP error for an earlier send: that exchange times out and is retried
        } catch (IOException e) {
          break;
        }
        long at = gate.ticker().nanos();
        any = true;
        int length = buffer.position();
        buffer.flip();
        buffer.get(scratch, 0, length);
        replied(s, from, length, at);
      }
    }
    return any;
  }

  private void replied(Socket s, SocketAddress from, int length, long at) throws InterruptedException {
    Flight f = s.at(demux.keyOf(scratch, length));
    boolean ours;
    try {
      ours = f != null && f.unsent == null && (from == null || from.equals(f.send.peer()))
          && f.conversation.accepts(scratch, length);
    } catch (RuntimeException e) {
      ours = false; // a check that threw: the datagram is dropped like any stray one
    }
    if (!ours) {
      unmatched++;
      return;
    }
    timers.cancel(f);
    release(f, at);
    Step next;
    try {
      next = f.conversation.replied(Arrays.copyOf(scratch, length), at - f.sentAt);
    } catch (RuntimeException e) {
      next = new Step.Done(new Outcome.ProtocolError("internal error: " + e));
    }
    go(f, next);
  }

  private void timedOut(Flight f) {
    try {
      release(f, gate.ticker().nanos());
      Step next;
      try {
        next = f.conversation.timedOut();
      } catch (RuntimeException e) {
        next = new Step.Done(new Outcome.ProtocolError("internal error: " + e));
      }
      go(f, next);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Frees the flight's key and in-flight slot: its exchange is over. */
  private void release(Flight f, long now) {
    if (f.key >= 0) {
      f.socket.unbind(f.key);
      f.key = -1;
    }
    f.unsent = null;
    if (f.permit != null) {
      f.permit.close();
      f.permit = null;
      Lane lane = f.lane;
      if (now - lane.notBefore < 0) lane.notBefore = now; // a slot is free: ask again
    }
  }

  /** Runs a blocking step on a virtual thread; its next step comes back through {@link #handBack}. */
  private void onThread(Flight f, Step.Blocking b) {
    RunContext context = new RunContext(new Target(f.target), network, clock);
    Thread t = Thread.ofVirtual().name("probe-step").unstarted(() -> {
      Step next;
      try {
        next = b.work().run(context);
      } catch (InterruptedException e) {
        next = new Step.Done(new Outcome.Blocked("interrupted"));
      } catch (RuntimeException e) {
        next = new Step.Done(new Outcome.ProtocolError("internal error: " + e));
      }
      f.handedBack = next;
      fromThreads.add(f);
      threads.remove(Thread.currentThread());
      selector.wakeup();
    });
    threads.add(t);
    t.start();
  }

  private boolean handBack() throws InterruptedException {
    boolean any = false;
    Flight f;
    while ((f = fromThreads.poll()) != null) {
      Step next = f.handedBack;
      f.handedBack = null;
      go(f, next);
      any = true;
    }
    return any;
  }

  private void finish(Flight f, Outcome outcome) {
    if (f.slot != null) f.slot.close();
    active--;
    outcomes.done(f.target, outcome);
  }

  /** Nothing to do: wait for a datagram, the next tick of the timers, a lane's rate or a wake-up. */
  private void idle(long now) throws IOException {
    long until = Long.MAX_VALUE;
    if (timers.size() > 0) until = timers.nextTick();
    for (Lane lane : lanes.values()) {
      if (!lane.waiting.isEmpty()) until = Math.min(until, lane.notBefore);
    }
    if (!unsent.isEmpty()) until = now;
    if (!busyDevices.isEmpty() || (active < concurrency && targets.hasNext())) {
      until = Math.min(until, now + TICK_NANOS); // results being written, or a device busy: look again soon
    }
    long millis = until == Long.MAX_VALUE ? 50 : Math.max(0, (until - now + 999_999) / 1_000_000);
    if (millis == 0) {
      selector.selectNow();
    } else {
      selector.select(Math.min(millis, 50)); // 50 ms at most: the deadline and window are looked at
      meter.waited(gate.ticker().nanos() - now);
    }
    selector.selectedKeys().clear();
  }

  private Lane lane(InetSocketAddress peer) throws IOException {
    // A server's conversations name it by the same instance, target after target: no hash to make.
    Lane last = lastLane;
    if (last != null && last.peer == peer) return last;
    Lane lane = lanes.get(peer);
    if (lane == null) {
      lane = new Lane(peer, socketFor(peer));
      lanes.put(peer, lane);
    }
    lastLane = lane;
    return lane;
  }

  private Socket socketFor(InetSocketAddress peer) throws IOException {
    boolean v4 = peer.getAddress() instanceof Inet4Address;
    if (declaredPeers.contains(peer)) {
      DatagramChannel c = channel(v4);
      c.connect(peer);
      return register(new Socket(c, true));
    }
    int family = v4 ? 0 : 1;
    if (byFamily[family] == null) byFamily[family] = register(new Socket(channel(v4), false));
    return byFamily[family];
  }

  private static DatagramChannel channel(boolean v4) throws IOException {
    DatagramChannel c = DatagramChannel.open(v4 ? StandardProtocolFamily.INET : StandardProtocolFamily.INET6);
    c.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
    c.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
    c.bind(null);
    c.configureBlocking(false);
    return c;
  }

  private Socket register(Socket s) throws IOException {
    s.channel.register(selector, SelectionKey.OP_READ);
    sockets.add(s);
    return s;
  }

  /** After a stop (or the end): nothing in flight gets a result; slots, permits and sockets are given back. */
  private void abandonAll() throws IOException, InterruptedException {
    for (Thread t : threads) t.join(2_000); // blocking steps end quickly once the stop closed their sockets
    List<Flight> left = new ArrayList<>(fromThreads);
    for (Lane lane : lanes.values()) left.addAll(lane.waiting);
    for (Socket s : sockets) {
      if (s.byKey != null) {
        for (Flight f : s.byKey) if (f != null) left.add(f);
      } else {
        left.addAll(s.byLargeKey.values());
      }
    }
    long now = gate.ticker().nanos();
    for (Flight f : left) {
      timers.cancel(f);
      release(f, now);
      if (f.slot != null) f.slot.close();
    }
    for (Socket s : sockets) s.channel.close();
    selector.close();
  }
}
