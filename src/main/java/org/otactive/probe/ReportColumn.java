package org.otactive.probe;

import java.util.Objects;

/**
 * A column of a method's results report: {@code otactive METHOD results --site S} writes one row
 * per address its site scans asked, with these columns (WEM's: IP, host name, status, error, OS,
 * service pack, last successful scan).
 *
 * @param header the column's header in the CSV
 * @param source where the cell comes from
 * @param attribute the fact's attribute, for {@link Source#FACT}; else empty
 */
public record ReportColumn(String header, Source source, String attribute) {
  /** Where a report cell comes from. */
  public enum Source {
    /** The address. */
    ADDRESS,
    /** The latest value this method reported for {@code attribute}, from the inventory. */
    FACT,
    /** The outcome of the address's latest scan: {@code ok}, {@code refused}, {@code denied}, …. */
    STATUS,
    /** What went wrong at the latest scan, in plain words; empty when it went well. */
    ERROR,
    /** When this method last learned about the address (the inventory's last confirmation), ISO 8601. */
    LAST_SUCCESS
  }

  public ReportColumn {
    Objects.requireNonNull(header, "header");
    Objects.requireNonNull(source, "source");
    attribute = attribute == null ? "" : attribute;
    if ((source == Source.FACT) == attribute.isEmpty()) throw new IllegalArgumentException(header + ": a fact column names its attribute");
  }

  public static ReportColumn address(String header) {
    return new ReportColumn(header, Source.ADDRESS, "");
  }

  public static ReportColumn fact(String header, String attribute) {
    return new ReportColumn(header, Source.FACT, attribute);
  }

  public static ReportColumn status(String header) {
    return new ReportColumn(header, Source.STATUS, "");
  }

  public static ReportColumn error(String header) {
    return new ReportColumn(header, Source.ERROR, "");
  }

  public static ReportColumn lastSuccess(String header) {
    return new ReportColumn(header, Source.LAST_SUCCESS, "");
  }
}
