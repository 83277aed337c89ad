package org.otactive.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The device inventory: where observations go and where views read devices from.
 *
 * <p>Implementations are thread-safe. Each source keeps its own latest value of an attribute, so
 * active results never overwrite passive ones: both are kept with their provenance. Recording an
 * observation whose value equals the latest value of that attribute from the same source only
 * confirms it (moves its last-seen time); a different value is kept beside the old one in history
 * and reported as a {@link Change}. A {@code mac} observation also sets the device's MAC.
 */
public interface Inventory {
  /** Records observations, in order; returns the changes they caused, first sightings included. */
  List<Change> record(Collection<Observation> observations);

  /**
   * Observations to record, with the work that needs no stored device done ahead: a writer makes
   * them on one thread while another records the batch before ({@link #record(Prepared)}).
   */
  interface Prepared {
    List<Observation> observations();
  }

  /** Makes {@code observations} ready to record; pure (no store is read), callable on any thread. */
  default Prepared prepare(Collection<Observation> observations) {
    List<Observation> copy = List.copyOf(observations);
    return () -> copy;
  }

  /** Records prepared observations: the same as {@link #record(Collection)} with them. */
  default List<Change> record(Prepared prepared) {
    return record(prepared.observations());
  }

  /** Every device with its latest attribute values, ordered by address. */
  List<Device> devices();

  /**
   * Every device, in the order {@link #devices} gives them, handed to {@code each} a few at a
   * time: a listing of the whole inventory without holding it in memory (the devices of a /14
   * did not fit in a 256 MB heap as a list).
   */
  default void eachDevice(java.util.function.Consumer<Device> each) {
    devices().forEach(each);
  }

  /** How many devices are known. */
  long count();

  /** One device with its history, if known. */
  Optional<DeviceHistory> device(String address);
}
