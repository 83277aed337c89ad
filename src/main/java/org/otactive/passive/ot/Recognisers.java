package org.otactive.passive.ot;

import java.util.List;

/** The recognisers passive analysis runs, by transport: one visible list, no scanning. */
public final class Recognisers {
  private Recognisers() {}

  public static final List<Recogniser> TCP = List.of(new ModbusTcp(), new S7comm(), new S7commPlus(),
      new EnipEncapsulation(), new Dnp3(), new OpcUaBinary(), new Iec104());

  public static final List<Recogniser> UDP = List.of(new BacnetIp(), new CipIo(), new EnipEncapsulation(), new Dnp3(),
      new ProfinetRpc());
}
