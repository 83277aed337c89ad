package org.otactive.probe;

/** What a method's traffic means for the devices it learns about, so policy can pick by risk. */
public enum Impact {
  /** Sends nothing to the device; asks infrastructure (a DNS server) about it. */
  INFRASTRUCTURE_ONLY,
  /** Reads from the device with requests it is built to answer; changes nothing on it. */
  READ_ONLY,
  /** May load or change the device; refused unless an admin allows it. */
  INTRUSIVE
}
