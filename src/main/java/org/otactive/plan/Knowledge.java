package org.otactive.plan;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.otactive.common.BadInputException;
import org.otactive.inventory.AttributeValue;
import org.otactive.inventory.Device;
import org.otactive.probe.KnownDevice;
import org.otactive.scope.AddressSet;
import org.otactive.scope.Addresses;
import org.otactive.scope.Site;

/** What the inventory knows about a site's addresses, as the planner reads it. Immutable. */
public final class Knowledge {
  /** The most addresses a plan walks (a /8); a larger scope is refused in words rather than walked for hours. */
  public static final BigInteger MAX_ADDRESSES = BigInteger.ONE.shiftLeft(24);

  private final Map<InetAddress, KnownDevice> devices;

  private Knowledge(Map<InetAddress, KnownDevice> devices) {
    this.devices = devices;
  }

  /** The devices of {@code inventory} in {@code scope}, each with every source's latest values. */
  public static Knowledge of(List<Device> inventory, AddressSet scope) {
    return of(inventory::forEach, scope);
  }

  /**
   * The same, from devices handed over one at a time ({@code Inventory::eachDevice}): only those
   * in scope are kept, not the whole inventory.
   */
  public static Knowledge of(Consumer<Consumer<Device>> inventory, AddressSet scope) {
    Map<InetAddress, KnownDevice> out = new HashMap<>();
    inventory.accept(d -> {
      InetAddress a = Addresses.parse(d.address());
      if (!scope.contains(a)) return;
      Map<String, Map<String, String>> values = new TreeMap<>();
      for (AttributeValue v : d.latest()) values.computeIfAbsent(v.attribute(), k -> new TreeMap<>()).put(v.source(), v.value());
      out.put(a, new KnownDevice(a, values));
    });
    return new Knowledge(out);
  }

  /** What is known about {@code address} (nothing, when it is no device of the inventory). */
  public KnownDevice about(InetAddress address) {
    KnownDevice k = devices.get(address);
    return k != null ? k : KnownDevice.unknown(address);
  }

  public boolean isDevice(InetAddress address) {
    return devices.containsKey(address);
  }

  /** How many devices of the inventory lie in the scope. */
  public int devices() {
    return devices.size();
  }

  /**
   * Refuses a scope too large to walk address by address.
   *
   * @throws BadInputException naming the site and its size
   */
  public static void checkWalkable(Site site) {
    BigInteger n = site.ranges().size();
    if (n.compareTo(MAX_ADDRESSES) > 0) {
      throw new BadInputException("site " + site.name() + " spans " + n + " addresses; plans walk at most " + MAX_ADDRESSES
          + " (narrow its ranges)");
    }
  }
}
