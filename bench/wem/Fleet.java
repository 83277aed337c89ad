import java.util.ArrayList;
import java.util.List;
import org.otactive.testing.fakewindows.FakeWindowsHost;

/**
 * N fake Windows hosts (default data) on 127.0.2.1 … 127.0.2.N, each serving TCP 135 and its
 * exporter port until stdin closes; prints "ready" once all listen. Run by bench/wem/fleet.sh.
 */
public class Fleet {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    List<FakeWindowsHost> hosts = new ArrayList<>();
    try {
      for (int i = 1; i <= n; i++) hosts.add(FakeWindowsHost.start(FakeWindowsHost.Options.of("127.0.2." + i, args[1], args[2])));
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // until the script closes our stdin
      }
    } finally {
      for (FakeWindowsHost h : hosts) h.close();
    }
  }
}
