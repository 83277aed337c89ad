package org.otactive.common;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * The elements of an iterable that pass a test, lazily and in order: a site's addresses are walked
 * one at a time, never held in a list (a /16 is 65,536 of them).
 */
public final class Filtered {
  private Filtered() {}

  /** A view of {@code all} holding the elements for which {@code keep} holds; each iteration walks it anew. */
  public static <T> Iterable<T> of(Iterable<T> all, Predicate<? super T> keep) {
    return () -> new Iterator<>() {
      private final Iterator<T> source = all.iterator();
      private T next = advance();

      private T advance() {
        while (source.hasNext()) {
          T t = source.next();
          if (keep.test(t)) return t;
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public T next() {
        if (next == null) throw new NoSuchElementException();
        T t = next;
        next = advance();
        return t;
      }
    };
  }
}
