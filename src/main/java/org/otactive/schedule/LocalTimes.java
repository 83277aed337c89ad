package org.otactive.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * Local date-times of a site and the instants they mean. One rule everywhere: a local time in a
 * DST gap is moved forward by the length of the gap; in an overlap the earlier offset counts.
 */
final class LocalTimes {
  private LocalTimes() {}

  static Instant instant(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  static LocalDateTime local(Instant i, ZoneId zone) {
    return LocalDateTime.ofInstant(i, zone);
  }

  /** A local date-time as a zone-less value cron matching can walk (UTC has no DST). */
  static ZonedDateTime proxy(LocalDateTime local) {
    return local.atZone(ZoneOffset.UTC);
  }
}
