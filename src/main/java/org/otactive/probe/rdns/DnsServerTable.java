package org.otactive.probe.rdns;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.otactive.probe.OptionTable;

/**
 * The DNS servers as the reference product lays them out: address, port, number of labels and
 * subnets, one server a row. Splits and joins the {@code ADDR[:PORT][#LABELS][=SUBNETS]} text
 * only; {@link DnsServerSpec} validates it when the settings are configured.
 */
record DnsServerTable(String option) implements OptionTable {
  private static final List<Column> COLUMNS = List.of(
      new Column("address", "Address", "10.20.0.53"),
      new Column("port", "Port", "53"),
      new Column("labels", "Number of labels", "default"),
      new Column("subnets", "Subnets", "every subnet, or 10.20.0.0/16,10.21.0.0/24"));

  @Override
  public List<Column> columns() {
    return COLUMNS;
  }

  @Override
  public Map<String, String> split(String value) {
    Map<String, String> cells = new LinkedHashMap<>();
    String s = value == null ? "" : value.strip();
    int eq = s.indexOf('=');
    cells.put("subnets", eq < 0 ? "" : s.substring(eq + 1).strip());
    if (eq >= 0) s = s.substring(0, eq);
    int hash = s.indexOf('#');
    cells.put("labels", hash < 0 ? "" : s.substring(hash + 1).strip());
    if (hash >= 0) s = s.substring(0, hash);
    String address = s;
    String port = "";
    if (s.startsWith("[") && s.contains("]")) {
      address = s.substring(1, s.indexOf(']'));
      String rest = s.substring(s.indexOf(']') + 1);
      if (rest.startsWith(":")) port = rest.substring(1);
    } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
      address = s.substring(0, s.indexOf(':'));
      port = s.substring(s.indexOf(':') + 1);
    }
    Map<String, String> ordered = new LinkedHashMap<>();
    ordered.put("address", address.strip());
    ordered.put("port", port.strip());
    ordered.put("labels", cells.get("labels"));
    ordered.put("subnets", cells.get("subnets"));
    return ordered;
  }

  @Override
  public String join(Map<String, String> cells) {
    String address = cell(cells, "address");
    String port = cell(cells, "port");
    String labels = cell(cells, "labels");
    String subnets = cell(cells, "subnets").replaceAll("\\s+", "");
    if (address.isEmpty() && port.isEmpty() && labels.isEmpty() && subnets.isEmpty()) return "";
    String host = address.contains(":") && !port.isEmpty() ? "[" + address + "]" : address;
    return host + (port.isEmpty() ? "" : ":" + port) + (labels.isEmpty() ? "" : "#" + labels)
        + (subnets.isEmpty() ? "" : "=" + subnets);
  }

  private static String cell(Map<String, String> cells, String name) {
    String v = cells.get(name);
    return v == null ? "" : v.strip();
  }
}
