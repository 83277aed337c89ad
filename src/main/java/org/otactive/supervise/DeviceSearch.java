package org.otactive.supervise;

import java.util.List;
import java.util.Locale;
import org.otactive.common.BadInputException;
import org.otactive.common.Text;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;

/**
 * The device search of the console, the API and {@code otactive devices}: by site, subnet,
 * attribute, source, whether a host name is known, and free text over addresses and values
 * (case-insensitive). Every criterion left null matches everything. Sends nothing.
 *
 * @param subnet addresses, CIDR blocks or ranges, as a site's ranges are written
 * @param hostname {@value #HAS} or {@value #LACKS}, or null
 */
public record DeviceSearch(String site, String subnet, String attribute, String source, String hostname, String text) {
  public static final String HAS = "has";
  public static final String LACKS = "lacks";

  public DeviceSearch {
    if (hostname != null && !hostname.equals(HAS) && !hostname.equals(LACKS)) {
      throw new BadInputException("hostname is " + HAS + " or " + LACKS + ", not '" + Text.printable(hostname) + "'");
    }
  }

  /** The subnet as addresses; a bad one is told naming it. */
  public AddressSet subnetScope() {
    return subnet == null ? null : AddressSet.of(List.of(subnet), List.of());
  }

  /** The devices that match, in the order given; an unknown site or a bad subnet is bad input. */
  public List<Device> apply(List<Device> devices, Supervisor sup) {
    AddressSet siteScope = site == null ? null : sup.site(site).ranges();
    AddressSet subnetScope = subnetScope();
    String t = text == null ? null : text.toLowerCase(Locale.ROOT);
    return devices.stream()
        .filter(d -> siteScope == null || siteScope.contains(Addresses.parse(d.address())))
        .filter(d -> subnetScope == null || subnetScope.contains(Addresses.parse(d.address())))
        .filter(d -> attribute == null || d.latest(attribute).isPresent())
        .filter(d -> source == null || d.latest().stream().anyMatch(a -> a.source().equals(source)))
        .filter(d -> hostname == null || d.latest("hostname").isPresent() == hostname.equals(HAS))
        .filter(d -> t == null || d.address().contains(t) || d.latest().stream()
            .map(AttributeValue::value).anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(t)))
        .toList();
  }
}
