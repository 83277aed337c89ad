/**
 * MS-WMIO, the binary encoding of WMI classes and instances: decoded into values, and encoded from
 * them. Pure: bytes in, values out; no socket, clock or logging.
 *
 * <h2>What MS-WMIO is</h2>
 * WMI over DCOM (MS-WMI) passes every class and instance as an {@code IWbemClassObject} that DCOM
 * marshals by hand: an OBJREF_CUSTOM whose data is an <em>EncodingUnit</em> (MS-WMIO 2.2.1), the
 * signature 0x12345678, a length and an <em>ObjectBlock</em>. ExecQuery's enumerator answers with
 * instances this way, GetObject with classes, and ExecMethod takes its input parameters and answers
 * with its output parameters as instances of per-method {@code __PARAMETERS} classes (2.3.3).
 *
 * <p>An instance carries the <em>ClassPart</em> of its class first, so it decodes on its own: the
 * class name, its superclasses (the DerivationList), class qualifiers, every property (inherited
 * ones too) with its type, qualifiers and default, then the instance's own values, qualifiers and
 * heap. Two bits per property (the NdTable) say whether a value is NULL and whether it is the class
 * default; {@link org.otactive.probe.wmi.wmio.WmiInstance#value} applies them, so defaults from the
 * class part come back as values (impacket, for one, shows None there). A class carries its parent
 * class's parts before its own, and a MethodsPart whose methods point at their two
 * {@code __PARAMETERS} classes. Strings, arrays, embedded objects and PropertyInfo live in heaps
 * and are reached by offsets, or by a small dictionary of common strings (2.2.80).
 *
 * <h2>What is supported</h2>
 * <ul>
 *   <li>Decoding an EncodingUnit ({@link org.otactive.probe.wmi.wmio.WmioDecoder#decode}), a bare
 *       ObjectBlock (MS-WMI's EncodingUnitObjectBlock) and an EncodingUnitInstanceNoClass given its
 *       class; encoding all three ({@link org.otactive.probe.wmi.wmio.WmioEncoder}).
 *   <li>Every CIM type of 2.2.82, scalar and array, including datetime (kept as the CIM DATETIME
 *       string), references (object paths), char16 and embedded objects; NULLs; class defaults,
 *       own and inherited; qualifiers with their flavors on classes, properties, methods,
 *       parameters, instances and instance properties; decorations; methods and their parameters.
 *   <li>What Windows leaves in its encodings and the examples of section 3 show: unused heap
 *       octets, slack between a heap and the end of its ClassPart, random padding, octets after the
 *       ObjectBlock, an ObjectEncodingLength larger than the octets that follow.
 * </ul>
 *
 * <h2>What is not</h2>
 * The prototype flags of query result classes (ObjectFlags 0x10, 0x40) are read past but not kept.
 * MS-WMI's ObjectArray and refresher formats (IWbemWCOSmartEnum, IWbemRefreshingServices) wrap
 * these encodings and belong to the DCOM layer. The spec says ClassOfOrigin 0 is "the first class
 * in the DerivationList"; section 3.2's example, the one that can tell, counts from the root
 * class instead, and so do we. DictionaryReferences are written for qualifier names only, which is
 * where Windows puts them and what readers such as impacket resolve; any string may be one when
 * read.
 *
 * <h2>Hostile bytes</h2>
 * The decoder throws only {@link org.otactive.probe.wmi.wmio.WmioFormatException}, naming the field
 * and the offset. Every count is checked against the octets left before anything is allocated;
 * nesting stops at {@link org.otactive.probe.wmi.wmio.WmioDecoder#MAX_DEPTH}; heap items are
 * decoded once however often they are referenced, and references are charged what they name, so
 * a decoded object stays within a small multiple of its encoding. Strings are returned exactly as
 * decoded, control characters and unpaired surrogates included: sanitising them for storage or
 * display is the caller's job.
 *
 * <h2>Why by hand</h2>
 * No library on Maven Central reads or writes MS-WMIO. The Java ones that reach WMI over DCOM
 * (j-Interop and those built on it: JWbem, wmi4j, j-interop-ng) go through the scripting objects'
 * IDispatch instead, and are unmaintained (j-interop-ng's README says a Windows update broke its
 * WMI queries); JNA's WMI helpers call the local COM runtime and need Windows. The format is small
 * enough to write from the spec, and its tests are the spec's own examples (WmioVectorsTest),
 * impacket reading what we write (ImpacketReadsWmioTest), a round-trip property and Jazzer.
 */
package org.otactive.probe.wmi.wmio;
