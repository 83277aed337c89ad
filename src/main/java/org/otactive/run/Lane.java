package org.otactive.run;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One stage of a pipeline: a thread of its own doing {@code work} on each item, in the order they
 * were put, with at most {@code capacity} items waiting (then {@link #put} waits for room). A
 * failure of the work is kept in the shared {@code failure} (the first one) and the stage goes on.
 */
final class Lane<T> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> queue;
  private final Consumer<T> work;
  private final AtomicReference<RuntimeException> failure;
  private final Thread thread;

  Lane(String name, int capacity, Consumer<T> work, AtomicReference<RuntimeException> failure) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.work = work;
    this.failure = failure;
    // A daemon: whoever puts the items waits in finish(); a lane left behind must not keep the JVM up.
    this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
  }

  /** Hands {@code item} to the stage, waiting for room; an interrupt waits on (nothing is dropped). */
  void put(T item) {
    offer(item);
  }

  private void putEnd() {
    offer(END);
  }

  private void offer(Object item) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(item);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Items put and not yet done with. */
  int waiting() {
    return queue.size();
  }

  /** Lets the stage finish what it was given and waits for it (an interrupt waits on). */
  void finish() {
    putEnd();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  @SuppressWarnings("unchecked")
  private void run() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        continue; // only finish() ends the stage, once everything put was done
      }
      if (item == END) return;
      try {
        work.accept((T) item);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      }
    }
  }
}
