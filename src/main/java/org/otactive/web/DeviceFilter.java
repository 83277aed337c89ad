package org.otactive.web;

import java.util.List;
import org.otactive.common.BadInputException;
import org.otactive.inventory.Device;
import org.otactive.supervise.DeviceSearch;
import org.otactive.supervise.Supervisor;

/**
 * The device search's fields as the console and the API take them ({@link DeviceSearch}), each
 * bad one told by its field name.
 *
 * @param hostname {@code has}, {@code lacks} or null
 */
record DeviceFilter(String site, String subnet, String attribute, String source, String hostname, String q) {
  static DeviceFilter from(Call c) {
    DeviceFilter f = new DeviceFilter(c.optional("site"), c.optional("subnet"), c.optional("attribute"), c.optional("source"),
        c.optional("hostname"), c.optional("q"));
    try {
      f.search();
    } catch (BadInputException e) {
      throw new Call.FieldError("hostname", e.getMessage());
    }
    return f;
  }

  private DeviceSearch search() {
    return new DeviceSearch(site, subnet, attribute, source, hostname, q);
  }

  List<Device> apply(List<Device> devices, Supervisor sup) {
    DeviceSearch s = search();
    try {
      s.subnetScope();
    } catch (RuntimeException e) {
      throw new Call.FieldError("subnet", e.getMessage());
    }
    return s.apply(devices, sup);
  }
}
