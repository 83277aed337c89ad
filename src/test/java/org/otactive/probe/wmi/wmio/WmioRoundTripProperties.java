package org.otactive.probe.wmi.wmio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Provide;

/**
 * encode → decode gives back what was encoded, for random classes (inheritance over up to three
 * levels, qualifiers of any type and flavor, own and inherited defaults, methods with their
 * __PARAMETERS classes, decorations) and random instances (every CIM type, scalar and array, NULLs,
 * class defaults, instance and property qualifiers, embedded objects), whole and as bare
 * ObjectBlocks or EncodingUnitInstanceNoClass. See {@link RandomObjects}.
 */
class WmioRoundTripProperties {
  @net.jqwik.api.Property(tries = 300)
  void classesRoundTrip(@ForAll("classes") WmiClass c) throws Exception {
    assertThat(WmioDecoder.decode(WmioEncoder.encode(c))).isEqualTo(c);
    byte[] block = WmioEncoder.encodeObjectBlock(c);
    assertThat(WmioDecoder.decodeObjectBlock(block, 0, block.length)).isEqualTo(c);
  }

  @net.jqwik.api.Property(tries = 300)
  void instancesRoundTrip(@ForAll("instances") WmiInstance i) throws Exception {
    WmiObject back = WmioDecoder.decode(WmioEncoder.encode(i));
    assertThat(back).isEqualTo(i);
    assertThat(((WmiInstance) back).effectiveValues()).isEqualTo(i.effectiveValues());
    byte[] noClass = WmioEncoder.encodeInstanceNoClass(i);
    assertThat(WmioDecoder.decodeInstanceNoClass(noClass, 0, noClass.length, i.wmiClass())).isEqualTo(i);
  }

  @net.jqwik.api.Property(tries = 200)
  void mutatedEncodingsDecodeOrFailWithTheFormatException(@ForAll("instances") WmiInstance i,
      @ForAll("mutations") List<int[]> mutations) {
    byte[] b = WmioEncoder.encode(i);
    for (int[] m : mutations) b[Math.floorMod(m[0], b.length)] = (byte) m[1];
    try {
      WmioDecoder.decode(b);
    } catch (WmioFormatException expected) {
      assertThat(expected.offset()).isBetween(0, b.length);
    }
  }

  @Provide
  Arbitrary<List<int[]>> mutations() {
    return Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.integers().between(0, 255))
        .as((at, v) -> new int[] {at, v}).list().ofMinSize(1).ofMaxSize(4);
  }

  @Provide
  Arbitrary<WmiClass> classes() {
    return Arbitraries.randomValue(r -> new RandomObjects(r).wmiClass());
  }

  @Provide
  Arbitrary<WmiInstance> instances() {
    return Arbitraries.randomValue(r -> new RandomObjects(r).instance());
  }
}
