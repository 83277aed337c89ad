package org.otactive.probe.wmi.wmio;

/**
 * A CIM object as MS-WMIO encodes it: a class or an instance. Immutable.
 */
public sealed interface WmiObject permits WmiClass, WmiInstance {
  /** The name of the class (for an instance, of its class). */
  String className();

  /** Where the object says it comes from, or null when it carries no Decoration. */
  Decoration decoration();
}
