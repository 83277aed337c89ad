package org.otactive.passive;

import java.util.List;
import org.otactive.passive.capture.Packet;

/** Opens passive analysis to tests in other packages. */
public final class PassiveTesting {
  private PassiveTesting() {}

  /** An analysis with the system's vendor list. */
  public static Analysis analysis() {
    CaptureAnalysis a = new CaptureAnalysis(Vendors.system());
    return new Analysis() {
      @Override
      public void add(Packet p) {
        a.add(p);
      }

      @Override
      public List<PassiveDevice> devices(String file) {
        return a.devices(file);
      }
    };
  }

  public interface Analysis {
    void add(Packet p);

    List<PassiveDevice> devices(String file);
  }
}
