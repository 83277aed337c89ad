package org.otactive.probe;

import java.util.List;
import java.util.Objects;

/**
 * What a method's Test action found: one question to one peer or target, in plain words.
 *
 * @param ok whether the peer answered usefully
 * @param fields what to show, in order: a label ({@code server}, {@code rtt}, {@code verdict}) and
 *     its value, already sanitised; a value may have several lines (a raw answer)
 */
public record TestReport(boolean ok, List<Field> fields) {
  /** One labelled value of a report. */
  public record Field(String label, String value) {
    public Field {
      Objects.requireNonNull(label, "label");
      value = value == null ? "" : value;
    }
  }

  public TestReport {
    fields = List.copyOf(fields);
  }
}
