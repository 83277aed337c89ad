package org.otactive.safety;

/** The single connection slot of one device, held while a probe talks to or about it. */
public interface DeviceSlot extends AutoCloseable {
  @Override
  void close();
}
