import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a pcap of N frames by repeating the frames of the given little-endian microsecond pcaps
 * (the public ICS captures), each repetition 1 ms later than the one before.
 * Usage: java MakeCapture.java OUT N IN...
 */
public class MakeCapture {
  public static void main(String[] args) throws Exception {
    long n = Long.parseLong(args[1]);
    List<byte[]> frames = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      try (DataInputStream in = new DataInputStream(new FileInputStream(args[i]))) {
        byte[] header = in.readNBytes(24);
        if (ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).getInt() != 0xA1B2C3D4) throw new IllegalArgumentException(args[i]);
        while (true) {
          byte[] rec = in.readNBytes(16);
          if (rec.length < 16) break;
          int len = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
          frames.add(in.readNBytes(len));
        }
      }
    }
    try (OutputStream out = new BufferedOutputStream(new FileOutputStream(args[0]), 1 << 20)) {
      ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
      h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
      out.write(h.array());
      long micros = 1_780_000_000_000_000L;
      ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      for (long i = 0; i < n; i++) {
        byte[] f = frames.get((int) (i % frames.size()));
        micros += 1000;
        r.clear();
        r.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(f.length).putInt(f.length);
        out.write(r.array());
        out.write(f);
      }
    }
  }
}
