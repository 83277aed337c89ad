package org.otactive.passive.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.otactive.testing.Tshark;

/**
 * Whole, cut and corrupted captures: the reader gives the frames tshark gives up to the damage and
 * says where the damage starts.
 */
class DamagedCaptureTest {
  static final Path PCAPS = Path.of("../shared/pcaps");

  static List<Frame> read(byte[] bytes, List<Damage> damage) throws Exception {
    CaptureReader r = CaptureReader.open(CaptureFormat.of(bytes).orElseThrow(), new ByteArrayInputStream(bytes));
    List<Frame> frames = new ArrayList<>();
    for (Frame f; (f = r.next()) != null; ) frames.add(f);
    r.damage().ifPresent(damage::add);
    return frames;
  }

  @Test
  void wholeFilesGiveTsharksFramesAndTimes() throws Exception {
    for (String name : List.of("modbus_test.pcap", "wrapup.pcapng")) {
      Path file = PCAPS.resolve(name);
      List<Damage> damage = new ArrayList<>();
      List<Frame> frames = read(Files.readAllBytes(file), damage);
      List<List<String>> tshark = Tshark.fields(file, "", "frame.time_epoch", "frame.cap_len", "frame.len");
      assertThat(damage).isEmpty();
      assertThat(frames).hasSize(tshark.size());
      for (int i : new int[] {0, frames.size() / 2, frames.size() - 1}) {
        Frame f = frames.get(i);
        assertThat(f.number()).isEqualTo(i + 1);
        assertThat(f.data().length).isEqualTo(Integer.parseInt(tshark.get(i).get(1)));
        assertThat(f.originalLength()).isEqualTo(Long.parseLong(tshark.get(i).get(2)));
        assertThat(String.format("%d.%09d", f.epochNanos() / 1_000_000_000L, f.epochNanos() % 1_000_000_000L))
            .isEqualTo(tshark.get(i).get(0));
      }
    }
  }

  @Test
  void aCutPcapGivesEveryWholeFrameAndNamesTheCut(@TempDir Path dir) throws Exception {
    byte[] whole = Files.readAllBytes(PCAPS.resolve("modbus_test.pcap"));
    byte[] cut = Arrays.copyOf(whole, whole.length / 2);
    Path file = dir.resolve("cut.pcap");
    Files.write(file, cut);
    List<Damage> damage = new ArrayList<>();
    List<Frame> frames = read(cut, damage);
    assertThat(frames).hasSize(Tshark.fields(file, "", "frame.number").size()).isNotEmpty();
    Frame last = frames.getLast();
    assertThat(damage).singleElement().satisfies(d -> {
      assertThat(d.offset()).isEqualTo(last.offset() + 16 + last.data().length);
      assertThat(d.toString()).startsWith("truncated").contains("at byte " + d.offset());
    });
  }

  @Test
  void aCorruptRecordLengthStopsThereWithItsOffset() throws Exception {
    byte[] bytes = Files.readAllBytes(PCAPS.resolve("s7comm_reading_plc_status.pcap"));
    List<Frame> frames = read(bytes, new ArrayList<>());
    Frame tenth = frames.get(9);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) tenth.offset() + 8, 0x7FFF_0000);
    List<Damage> damage = new ArrayList<>();
    assertThat(read(bytes, damage)).hasSize(9);
    assertThat(damage).singleElement().satisfies(d -> {
      assertThat(d.offset()).isEqualTo(tenth.offset());
      assertThat(d.reason()).contains("corrupt record").contains("captured length");
    });
  }

  @Test
  void aPcapngBlockWhoseTrailingLengthDiffersIsDamage(@TempDir Path dir) throws Exception {
    byte[] bytes = Files.readAllBytes(PCAPS.resolve("wrapup.pcapng"));
    List<Frame> frames = read(bytes, new ArrayList<>());
    Frame f = frames.get(99);
    int total = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt((int) f.offset() + 4);
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt((int) f.offset() + total - 4, total + 4);
    List<Damage> damage = new ArrayList<>();
    assertThat(read(bytes, damage)).hasSize(99);
    assertThat(damage).singleElement().satisfies(d -> {
      assertThat(d.offset()).isEqualTo(f.offset());
      assertThat(d.reason()).contains("trailing length");
    });
    byte[] cut = Arrays.copyOf(bytes, (int) f.offset() + 30);
    damage.clear();
    assertThat(read(cut, damage)).hasSize(99);
    assertThat(damage).singleElement().satisfies(d -> assertThat(d.reason()).startsWith("truncated block"));
  }

  @Test
  void bigEndianAndNanosecondPcapsReadTheSame(@TempDir Path dir) throws Exception {
    Path source = PCAPS.resolve("full_exchange.pcap");
    Path nanos = dir.resolve("nanos.pcap");
    Process p = new ProcessBuilder("/usr/bin/editcap", "-F", "nsecpcap", source.toString(), nanos.toString())
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    byte[] original = Files.readAllBytes(source);
    List<Frame> micro = read(original, new ArrayList<>());
    List<Frame> nano = read(Files.readAllBytes(nanos), new ArrayList<>());
    List<Frame> big = read(bigEndian(original), new ArrayList<>());
    assertThat(nano).hasSameSizeAs(micro);
    assertThat(big).hasSameSizeAs(micro);
    for (int i = 0; i < micro.size(); i++) {
      assertThat(nano.get(i).epochNanos()).isEqualTo(micro.get(i).epochNanos());
      assertThat(big.get(i).epochNanos()).isEqualTo(micro.get(i).epochNanos());
      assertThat(big.get(i).data()).isEqualTo(micro.get(i).data());
    }
  }

  /** The same little-endian pcap with every header field byte-swapped. */
  static byte[] bigEndian(byte[] le) {
    ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(le.length).order(ByteOrder.BIG_ENDIAN);
    out.putInt(in.getInt()).putShort(in.getShort()).putShort(in.getShort());
    for (int i = 0; i < 4; i++) out.putInt(in.getInt());
    while (in.remaining() >= 16) {
      int[] h = {in.getInt(), in.getInt(), in.getInt(), in.getInt()};
      for (int v : h) out.putInt(v);
      byte[] data = new byte[h[2]];
      in.get(data);
      out.put(data);
    }
    return out.array();
  }
}
