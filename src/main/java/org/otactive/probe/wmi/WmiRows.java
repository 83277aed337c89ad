package org.otactive.probe.wmi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.otactive.probe.QueryAnswer;
import org.otactive.probe.wmi.wmio.CimBaseType;
import org.otactive.probe.wmi.wmio.CimValue;
import org.otactive.probe.wmi.wmio.WmiClass;
import org.otactive.probe.wmi.wmio.WmiInstance;
import org.otactive.probe.wmi.wmio.WmiObject;

/**
 * A query's WMI objects as a table of text: one row per object, one column per property (in the
 * order the objects declare them, the union over all rows), every value sanitised. A value the
 * instance takes from its class's default is shown like any other (a WMI client sees it so). A
 * class in the answer (a schema query) is a row with its name under {@code __CLASS}. Pure.
 */
final class WmiRows {
  static final String CLASS_COLUMN = "__CLASS";

  private WmiRows() {}

  static QueryAnswer answer(List<WmiObject> objects, Duration elapsed, String cost, String warnings) {
    Set<String> columns = new LinkedHashSet<>();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (WmiObject o : objects) {
      Map<String, Object> row = new LinkedHashMap<>();
      switch (o) {
        case WmiInstance i -> i.effectiveValues().forEach((name, v) -> row.put(name, cell(v)));
        case WmiClass c -> row.put(CLASS_COLUMN, WmiText.sanitize(c.name()));
      }
      columns.addAll(row.keySet());
      rows.add(row);
    }
    List<String> header = new ArrayList<>();
    for (String c : columns) header.add(WmiText.sanitize(c));
    List<List<Object>> table = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      List<Object> cells = new ArrayList<>();
      for (String c : columns) cells.add(row.get(c));
      table.add(cells);
    }
    return new QueryAnswer(true, header, table, elapsed, cost, warnings);
  }

  /** Null, the text of a scalar, or the texts of an array's elements. */
  static Object cell(CimValue v) {
    if (v == null || v.isNull()) return null;
    if (!v.type().isArray()) return WmiText.sanitize(v.text());
    List<String> items = new ArrayList<>();
    for (Object e : v.asList()) items.add(WmiText.sanitize(scalar(v.type().base(), e)));
    return items;
  }

  private static String scalar(CimBaseType base, Object e) {
    if (base == CimBaseType.UINT64) return Long.toUnsignedString((Long) e);
    if (e instanceof WmiObject o) return (o instanceof WmiInstance ? "instance of " : "class ") + o.className();
    return String.valueOf(e);
  }
}
