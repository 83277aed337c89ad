package org.otactive.passive.capture;

import java.io.IOException;
import java.io.InputStream;

/** A stream that knows its byte offset. */
final class Input {
  private final InputStream in;
  private long offset;

  Input(InputStream in) {
    this.in = in;
  }

  long offset() {
    return offset;
  }

  /** Reads up to {@code n} bytes into {@code buf}; returns how many were there before the end. */
  int read(byte[] buf, int at, int n) throws IOException {
    int done = in.readNBytes(buf, at, n);
    offset += done;
    return done;
  }

  /** Skips {@code n} bytes; returns how many were there. */
  long skip(long n) throws IOException {
    long done = 0;
    while (done < n) {
      long s = in.skip(n - done);
      if (s <= 0) {
        if (in.read() < 0) break;
        s = 1;
      }
      done += s;
    }
    offset += done;
    return done;
  }
}
