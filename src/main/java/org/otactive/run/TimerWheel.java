package org.otactive.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Timeouts of the exchanges in flight, for one thread: a hashed timing wheel (Varghese and Lauck).
 * Scheduling and cancelling cost a few pointer writes and no allocation (nodes are the exchanges
 * themselves, linked into the slot of their deadline's tick); expiry visits only the slots of the
 * ticks that passed. A deadline more than one turn ahead waits in its slot until its turn comes.
 * Not thread-safe.
 */
final class TimerWheel {
  /** Something with a deadline: an exchange in flight. */
  static class Node {
    private Node prev;
    private Node next;
    private long deadline;
    private boolean scheduled;

    final boolean scheduled() {
      return scheduled;
    }
  }

  private final long tickNanos;
  private final Node[] slots;
  private final int mask;
  private long cursor;
  private int size;

  /**
   * @param tickNanos the resolution of deadlines
   * @param slotCount slots in one turn, a power of two
   * @param now the time at which the wheel starts
   */
  TimerWheel(long tickNanos, int slotCount, long now) {
    if (Integer.bitCount(slotCount) != 1) throw new IllegalArgumentException("slots must be a power of two");
    this.tickNanos = tickNanos;
    this.slots = new Node[slotCount];
    for (int i = 0; i < slotCount; i++) {
      Node head = new Node();
      head.prev = head;
      head.next = head;
      slots[i] = head;
    }
    this.mask = slotCount - 1;
    this.cursor = Math.floorDiv(now, tickNanos);
  }

  void schedule(Node n, long deadline) {
    if (n.scheduled) cancel(n);
    n.deadline = deadline;
    long tick = Math.max(Math.floorDiv(deadline, tickNanos), cursor);
    Node head = slots[(int) (tick & mask)];
    n.prev = head.prev;
    n.next = head;
    head.prev.next = n;
    head.prev = n;
    n.scheduled = true;
    size++;
  }

  void cancel(Node n) {
    if (!n.scheduled) return;
    n.prev.next = n.next;
    n.next.prev = n.prev;
    n.prev = null;
    n.next = null;
    n.scheduled = false;
    size--;
  }

  /** How many nodes are scheduled. */
  int size() {
    return size;
  }

  /** When {@link #expire} will next have a tick to look at: the end of the first tick not yet looked at. */
  long nextTick() {
    return (cursor + 1) * tickNanos;
  }

  /**
   * Unschedules every node whose tick has passed wholly by {@code now} and hands it to {@code
   * expired}, earliest deadline first; the callback may schedule nodes again. A deadline is therefore
   * met at most one tick late, and a tick's slot is visited once, not at every call.
   *
   * @return how many expired
   */
  int expire(long now, Consumer<Node> expired) {
    long last = Math.floorDiv(now, tickNanos) - 1;
    if (last < cursor) return 0;
    if (size == 0) {
      cursor = last + 1;
      return 0;
    }
    List<Node> due = null;
    // At most one turn: a slot visited once sees every node whose tick has come.
    for (long t = Math.max(cursor, last - mask); t <= last; t++) {
      Node head = slots[(int) (t & mask)];
      long end = (t + 1) * tickNanos;
      for (Node n = head.next; n != head; ) {
        Node following = n.next;
        if (n.deadline - end < 0) {
          cancel(n);
          if (due == null) due = new ArrayList<>();
          due.add(n);
        }
        n = following;
      }
    }
    cursor = last + 1;
    if (due == null) return 0;
    // After a stall of more than a turn one slot holds ticks of several turns: order by deadline.
    if (due.size() > 1) due.sort((a, b) -> Long.compare(a.deadline, b.deadline));
    for (Node n : due) expired.accept(n);
    return due.size();
  }
}
