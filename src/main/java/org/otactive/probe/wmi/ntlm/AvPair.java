package org.otactive.probe.wmi.ntlm;

import java.nio.charset.StandardCharsets;

/**
 * One attribute/value pair of an NTLM TargetInfo (MS-NLMP 2.2.2.1).
 *
 * @param id the AvId, e.g. {@link #NB_COMPUTER_NAME}
 * @param value the raw value (UTF-16LE text for the name attributes)
 */
public record AvPair(int id, byte[] value) {
  public static final int EOL = 0;
  public static final int NB_COMPUTER_NAME = 1;
  public static final int NB_DOMAIN_NAME = 2;
  public static final int DNS_COMPUTER_NAME = 3;
  public static final int DNS_DOMAIN_NAME = 4;
  public static final int DNS_TREE_NAME = 5;
  public static final int FLAGS = 6;
  public static final int TIMESTAMP = 7;
  public static final int SINGLE_HOST = 8;
  public static final int TARGET_NAME = 9;
  public static final int CHANNEL_BINDINGS = 10;

  public AvPair {
    if (id < 0 || id > 0xFFFF) throw new IllegalArgumentException("AvId out of range: " + id);
    if (value.length > 0xFFFF) throw new IllegalArgumentException("AvPair value too long");
    value = value.clone();
  }

  public static AvPair text(int id, String text) {
    return new AvPair(id, text.getBytes(StandardCharsets.UTF_16LE));
  }

  @Override
  public byte[] value() {
    return value.clone();
  }

  public String text() {
    return new String(value, StandardCharsets.UTF_16LE);
  }
}
