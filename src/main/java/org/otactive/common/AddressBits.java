package org.otactive.common;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A growing set of addresses that costs about one bit per IPv4 address in the blocks it touches:
 * what a run remembers about every target (devices counted against its cap, targets already done)
 * without memory that grows by objects per target. A /12 is 16 pages of 8 KiB.
 *
 * <p>IPv4 addresses are bits in pages of one /16 each, made on first use; IPv6 addresses (runs over
 * IPv6 are lists of known devices, never sweeps) are kept in a hash set. Thread-safe and lock-free
 * for IPv4.
 */
public final class AddressBits {
  private static final int PAGE_WORDS = 65_536 / 64;

  private final ConcurrentHashMap<Integer, AtomicLongArray> pages = new ConcurrentHashMap<>();
  private final Set<InetAddress> v6 = ConcurrentHashMap.newKeySet();
  private final AtomicInteger size = new AtomicInteger();

  /** Adds {@code address}; true when it was not in the set. */
  public boolean add(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      boolean added = v6.add(address);
      if (added) size.incrementAndGet();
      return added;
    }
    int v = v4(address);
    AtomicLongArray page = page(v >>> 16);
    int word = (v & 0xffff) >>> 6;
    long bit = 1L << (v & 63);
    while (true) {
      long old = page.get(word);
      if ((old & bit) != 0) return false;
      if (page.compareAndSet(word, old, old | bit)) {
        size.incrementAndGet();
        return true;
      }
    }
  }

  /** The page last used, with its number: a sweep adds address after address of one /16. */
  private record Page(int number, AtomicLongArray bits) {}

  private volatile Page last;

  /**
   * The page of a /16, made on first use. The last one is kept at hand: looking it up by a boxed
   * number for every address was a fortieth of a /14 scan's own work (bench/RESULTS.md).
   */
  private AtomicLongArray page(int number) {
    Page p = last;
    if (p != null && p.number() == number) return p.bits();
    AtomicLongArray bits = pages.computeIfAbsent(number, k -> new AtomicLongArray(PAGE_WORDS));
    last = new Page(number, bits);
    return bits;
  }

  /** The page of a /16 if made already, else null. */
  private AtomicLongArray existingPage(int number) {
    Page p = last;
    return p != null && p.number() == number ? p.bits() : pages.get(number);
  }

  /** Removes {@code address}; true when it was in the set. */
  public boolean remove(InetAddress address) {
    if (!(address instanceof Inet4Address)) {
      boolean removed = v6.remove(address);
      if (removed) size.decrementAndGet();
      return removed;
    }
    int v = v4(address);
    AtomicLongArray page = existingPage(v >>> 16);
    if (page == null) return false;
    int word = (v & 0xffff) >>> 6;
    long bit = 1L << (v & 63);
    while (true) {
      long old = page.get(word);
      if ((old & bit) == 0) return false;
      if (page.compareAndSet(word, old, old & ~bit)) {
        size.decrementAndGet();
        return true;
      }
    }
  }

  public boolean contains(InetAddress address) {
    if (!(address instanceof Inet4Address)) return v6.contains(address);
    int v = v4(address);
    AtomicLongArray page = existingPage(v >>> 16);
    return page != null && (page.get((v & 0xffff) >>> 6) & (1L << (v & 63))) != 0;
  }

  /** How many addresses the set holds. */
  public int size() {
    return size.get();
  }

  /** Pages of bits made so far (one per /16 touched). */
  int pages() {
    return pages.size();
  }

  private static int v4(InetAddress address) {
    byte[] b = address.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }
}
